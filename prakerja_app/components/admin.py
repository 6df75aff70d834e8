"""The console's frame: its menu (the areas this admin may see), heading and refusal,
and the pager of its server-paged lists."""

from collections.abc import Callable
from typing import Any

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.layout import page_frame
from prakerja_app.services.accounts.roles import Area
from prakerja_app.state.auth import AuthState

MENU = (
    ("Gelombang", routes.ADMIN_WAVES, Area.WAVES),
    ("Katalog", routes.ADMIN_CATALOGUE, Area.CATALOGUE),
    ("Pendaftar", routes.ADMIN_APPLICANTS, Area.APPLICANTS),
    ("Verifikasi", routes.ADMIN_VERIFICATION, Area.VERIFICATION),
    ("Pembayaran", routes.ADMIN_PAYMENTS, Area.PAYMENTS),
    ("Pesan", routes.ADMIN_MESSAGES, Area.MESSAGES),
    ("Tugas terjadwal", routes.ADMIN_JOBS, Area.JOBS),
    ("Laporan", routes.ADMIN_REPORTS, Area.REPORTS),
    ("Survei", routes.ADMIN_SURVEYS, Area.REPORTS),
    ("Log audit", routes.ADMIN_AUDIT, Area.AUDIT),
    ("Akun admin", routes.ADMIN_ACCOUNTS, Area.ACCOUNTS),
    ("Daftar pengecualian & prioritas", routes.ADMIN_LISTS, Area.APPLICANTS),
    ("Kunci API lembaga", routes.ADMIN_API_KEYS, Area.CATALOGUE),
)


def _menu() -> rx.Component:
    return rx.el.nav(
        rx.flex(
            rx.link("Beranda", href=routes.ADMIN_HOME, weight="medium"),
            *[
                rx.cond(
                    AuthState.admin_areas.contains(area.value),
                    rx.link(label, href=href, weight="medium"),
                )
                for label, href, area in MENU
            ],
            direction=rx.breakpoints(initial="row", lg="column"),
            wrap="wrap",
            spacing="3",
        ),
        aria_label="Menu admin",
        min_width="180px",
        padding="12px",
        border_radius="8px",
        background="var(--gray-2)",
    )


def admin_frame(state: type[rx.State], title: str, *children: rx.Component) -> rx.Component:
    """An admin page: the menu beside its content, which shows only when the server
    allowed this session to see it (`state.admin.AdminPage`), and why not otherwise."""
    return page_frame(
        rx.flex(
            _menu(),
            rx.vstack(
                rx.cond(
                    state.allowed,
                    rx.vstack(
                        rx.heading(title, size="6", as_="h1"), *children, spacing="4", width="100%"
                    ),
                    rx.cond(
                        state.denied_message != "",
                        rx.callout(
                            state.denied_message, icon="ban", color_scheme="red", role="alert"
                        ),
                        rx.spinner(),
                    ),
                ),
                spacing="4",
                width="100%",
                min_width="0",
            ),
            direction=rx.breakpoints(initial="column", lg="row"),
            gap="5",
            width="100%",
        )
    )


def refusal(state: type[rx.State]) -> rx.Component:
    """The page's refusal (``message``) and confirmation (``notice``), where people look."""
    return rx.fragment(
        rx.cond(
            state.message != "",
            rx.callout(state.message, icon="triangle_alert", color_scheme="red", role="alert"),
        ),
        rx.cond(
            state.notice != "",
            rx.callout(state.notice, icon="circle_check", color_scheme="green", role="status"),
        ),
    )


def pager(page: rx.Var[int], has_next: rx.Var[bool], go_to: Callable[..., Any]) -> rx.Component:
    """ "Sebelumnya / Halaman n / Berikutnya" for a list paged on the server; `go_to` is
    the state's event handler that loads a page number."""
    return rx.hstack(
        rx.button("Sebelumnya", variant="soft", disabled=page <= 1, on_click=go_to(page - 1)),
        rx.text("Halaman ", page, size="2"),
        rx.button("Berikutnya", variant="soft", disabled=~has_next, on_click=go_to(page + 1)),
        align="center",
    )
