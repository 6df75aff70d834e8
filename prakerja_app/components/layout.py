"""The shared page frame: header with navigation (a menu on phones), content, footer."""

import reflex as rx

from prakerja_app import routes, settings
from prakerja_app.state.auth import AuthState

BRAND_BLUE = "#0b4f8a"

NAV_LINKS = (
    ("Manfaat", routes.HOME + "#manfaat"),
    ("Cara Daftar", routes.HOME + "#langkah"),
    ("Platform", routes.PLATFORMS),
    ("Pelatihan", routes.CATALOGUE),
)


def _brand() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.image(src="/logo.svg", alt="", width="36px", height="36px"),
            rx.text("Kartu Prakerja", weight="bold", size="4", color=BRAND_BLUE),
            align="center",
            spacing="2",
        ),
        href=routes.HOME,
        underline="none",
        aria_label="Kartu Prakerja, ke beranda",
    )


def _account_buttons() -> rx.Component:
    return rx.cond(
        AuthState.is_logged_in,
        rx.hstack(
            rx.cond(
                AuthState.user_role == "admin",
                rx.link(rx.button("Admin", variant="soft"), href=routes.ADMIN_HOME),
                rx.link(rx.button("Dasbor", variant="soft"), href=routes.DASHBOARD),
            ),
            rx.text(AuthState.user_name, size="2", class_name="user-name"),
            rx.button("Keluar", on_click=AuthState.logout, variant="outline"),
            align="center",
        ),
        rx.hstack(
            rx.link(rx.button("Masuk", variant="outline"), href=routes.LOGIN),
            rx.link(rx.button("Daftar"), href=routes.REGISTER),
        ),
    )


def _desktop_nav() -> rx.Component:
    return rx.hstack(
        *[
            rx.link(label, href=href, color_scheme="gray", weight="medium")
            for label, href in NAV_LINKS
        ],
        _account_buttons(),
        spacing="5",
        align="center",
        display=["none", "none", "flex"],
    )


def _menu_link(label: str, href: str) -> rx.Component:
    """A menu entry that is itself the link (so choosing it navigates and closes the menu),
    44 px high for a thumb."""
    return rx.menu.item(rx.el.a(label, href=href), as_child=True, min_height="44px")


def _phone_nav() -> rx.Component:
    return rx.box(
        rx.menu.root(
            rx.menu.trigger(
                rx.icon_button(rx.icon("menu"), variant="ghost", size="3", aria_label="Menu"),
            ),
            rx.menu.content(
                *[_menu_link(label, href) for label, href in NAV_LINKS],
                rx.menu.separator(),
                rx.cond(
                    AuthState.is_logged_in,
                    rx.fragment(
                        rx.cond(
                            AuthState.user_role == "admin",
                            _menu_link("Admin", routes.ADMIN_HOME),
                            _menu_link("Dasbor", routes.DASHBOARD),
                        ),
                        rx.menu.item("Keluar", on_click=AuthState.logout, min_height="44px"),
                    ),
                    rx.fragment(
                        _menu_link("Masuk", routes.LOGIN),
                        _menu_link("Daftar", routes.REGISTER),
                    ),
                ),
            ),
        ),
        display=["block", "block", "none"],
    )


def _header() -> rx.Component:
    return rx.box(
        rx.hstack(
            _brand(),
            rx.spacer(),
            _desktop_nav(),
            _phone_nav(),
            align="center",
            max_width="1120px",
            margin="0 auto",
            padding_x="16px",
            height="64px",
        ),
        as_="header",
        border_bottom="1px solid var(--gray-5)",
        background="white",
        position="sticky",
        top="0",
        z_index="10",
    )


def _footer() -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.text("Program Kartu Prakerja", weight="bold"),
            rx.text(
                "Dikelola oleh Manajemen Pelaksana Program Kartu Prakerja. Pendaftaran tidak"
                " dipungut biaya: jangan percaya pihak yang meminta bayaran.",
                size="2",
            ),
            rx.text(
                "Perangkat lunak sumber terbuka untuk program bantuan pelatihan kerja.",
                size="1",
                color_scheme="gray",
            ),
            max_width="1120px",
            margin="0 auto",
            padding="24px 16px",
            spacing="2",
        ),
        as_="footer",
        background="var(--gray-2)",
        border_top="1px solid var(--gray-5)",
        margin_top="48px",
    )


def page_frame(*children: rx.Component) -> rx.Component:
    """Wrap a page's content in the shared header and footer."""
    return rx.box(
        _header(),
        rx.el.main(
            *children,
            max_width="1120px",
            margin="0 auto",
            padding_x="16px",
            padding_y="24px",
            width="100%",
        ),
        _footer(),
        min_height="100vh",
    )


def development_page(route: str, title: str, on_load):
    """Register a page only outside production: tools such as the development mailbox."""

    def register(page):
        if not settings.is_production():
            rx.page(route=route, title=title, on_load=on_load)(page)
        return page

    return register


def development_frame(
    title: str, purpose: str, *children: rx.Component, actions: rx.Component | None = None
) -> rx.Component:
    """A development tool's page: its heading (and actions), what it is for, its content."""
    return page_frame(
        rx.vstack(
            rx.hstack(
                rx.heading(title, size="6", as_="h1"),
                rx.spacer(),
                *([actions] if actions is not None else []),
                align="center",
                width="100%",
                wrap="wrap",
            ),
            rx.text(
                f"{purpose} Halaman ini hanya ada di mode pengembangan.",
                size="2",
                color_scheme="gray",
            ),
            *children,
            spacing="4",
            width="100%",
            max_width="720px",
        )
    )


def code_block(text: rx.Var | str) -> rx.Component:
    """Text shown as it is, wrapped, in the code font (a message body, a JSON answer)."""
    return rx.el.pre(
        text,
        white_space="pre-wrap",
        word_break="break-word",
        font_family="var(--code-font-family)",
        font_size="14px",
        margin="0",
        padding="12px",
        background="var(--gray-2)",
        border_radius="6px",
        width="100%",
    )
