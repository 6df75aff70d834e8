"""The registration page (/daftar): the wizard arrives with the registration issue."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.layout import page_frame
from prakerja_app.state.auth import AuthState


@rx.page(route=routes.REGISTER, title="Daftar - Kartu Prakerja", on_load=AuthState.refresh)
def register() -> rx.Component:
    """Tells applicants that online registration is being prepared."""
    return page_frame(
        rx.card(
            rx.vstack(
                rx.heading("Pendaftaran akun", size="6", as_="h1"),
                rx.text(
                    "Formulir pendaftaran daring sedang disiapkan. Silakan kembali lagi"
                    " sebelum gelombang ditutup."
                ),
                rx.link("Kembali ke beranda", href=routes.HOME),
                spacing="3",
            ),
            max_width="520px",
            margin="0 auto",
        )
    )
