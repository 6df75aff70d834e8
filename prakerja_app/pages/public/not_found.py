"""The page for an address that does not exist: in Indonesian, inside the site's frame,
with the ways back (Reflex's own is a bare English "404: Page not found")."""

import reflex as rx
from reflex import constants

from prakerja_app import routes
from prakerja_app.components.layout import page_frame
from prakerja_app.state.auth import AuthState


def ways_back() -> rx.Component:
    """The links a lost visitor most likely wants: home, the catalogue, the dashboard."""
    return rx.flex(
        rx.link(rx.button("Kembali ke beranda", size="3"), href=routes.HOME),
        rx.link(rx.button("Cari pelatihan", size="3", variant="soft"), href=routes.CATALOGUE),
        rx.link(rx.button("Buka dasbor", size="3", variant="soft"), href=routes.DASHBOARD),
        gap="3",
        wrap="wrap",
    )


@rx.page(
    route=constants.Page404.SLUG,
    title="Halaman tidak ditemukan - Kartu Prakerja",
    on_load=AuthState.refresh,
)
def not_found_page() -> rx.Component:
    """Halaman tidak ditemukan, and the ways back."""
    return page_frame(
        rx.vstack(
            rx.heading("Halaman tidak ditemukan", size="7", as_="h1"),
            rx.text(
                "Alamat yang Anda buka tidak ada atau sudah dipindahkan. Periksa kembali"
                " alamatnya, atau lanjutkan dari salah satu halaman berikut."
            ),
            ways_back(),
            spacing="4",
            width="100%",
        )
    )
