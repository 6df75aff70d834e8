"""The email-confirmation link's page (/konfirmasi-email?token=...)."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.layout import page_frame
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration import account
from prakerja_app.services.views import messages
from prakerja_app.state.forms import call


class ConfirmEmailState(rx.State):
    """The outcome of opening a confirmation link."""

    outcome: str = ""  # "", "ok" or "error"
    message: str = ""

    @rx.event
    async def load(self):
        """Use the link's token once."""
        token = self.router.url.query_parameters.get("token", "")
        if not isinstance(token, str) or not token or len(token) > 100:
            self.outcome, self.message = "error", "Tautan konfirmasi tidak lengkap."
            return
        try:
            await call(account.confirm_email, token=token)
        except DomainError as error:
            self.outcome, self.message = "error", messages.text(error)
            return
        self.outcome, self.message = (
            "ok",
            "Email Anda sudah terkonfirmasi. Silakan masuk untuk melanjutkan pendaftaran.",
        )


def _outcome(icon: str, color: str, role: str) -> rx.Component:
    return rx.callout(
        ConfirmEmailState.message, icon=icon, color_scheme=color, role=role, width="100%"
    )


@rx.page(
    route=routes.CONFIRM_EMAIL,
    title="Konfirmasi email - Kartu Prakerja",
    on_load=ConfirmEmailState.load,
)
def confirm_email() -> rx.Component:
    """Says whether the email is now confirmed, and where to go next."""
    return page_frame(
        rx.card(
            rx.vstack(
                rx.heading("Konfirmasi email", size="6", as_="h1"),
                rx.cond(
                    ConfirmEmailState.outcome == "",
                    rx.spinner(size="3"),
                    rx.vstack(
                        rx.cond(
                            ConfirmEmailState.outcome == "ok",
                            _outcome("circle_check", "green", "status"),
                            _outcome("triangle_alert", "red", "alert"),
                        ),
                        rx.link(
                            rx.button("Masuk", size="3", width="100%"),
                            href=routes.LOGIN,
                            width="100%",
                        ),
                        width="100%",
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            max_width="480px",
            margin="0 auto",
            width="100%",
        )
    )
