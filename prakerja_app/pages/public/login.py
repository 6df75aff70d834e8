"""The login page (/masuk): email and password, one message for every failure."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import text_field
from prakerja_app.components.layout import page_frame
from prakerja_app.jobs import nudge_delivery
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration import account
from prakerja_app.services.views import messages
from prakerja_app.state.auth import AuthState, log_in, sign_in_script
from prakerja_app.state.forms import call, form_text


class LoginState(rx.State):
    """The login form's message and busy flag."""

    error: str = ""
    notice: str = ""
    busy: bool = False
    unconfirmed_email: str = ""

    @rx.event(background=True)
    async def submit(self, form: dict):
        """Check the credentials off the event loop (`log_in`); the page then trades the
        login's ticket for the session cookie and opens the next page afresh."""
        fields = form_text(form, limit=256)
        email, password = fields.get("email", "")[:254], fields.get("password", "")
        if not email or not password:
            async with self:
                self.error = messages.text(DomainError(AccountError.BAD_CREDENTIALS))
            return None
        async with self:
            if self.busy:
                return None
            self.busy, self.error, self.notice, self.unconfirmed_email = True, "", "", ""
            client_key = self.router.session.client_ip or "unknown"
        try:
            signed_in = await log_in(email, password, client_key)
        except DomainError as error:
            async with self:
                self.busy, self.error = False, messages.text(error)
                if error.code == AccountError.EMAIL_UNCONFIRMED:
                    self.unconfirmed_email = email
            return None
        target = routes.ADMIN_HOME if signed_in.user.is_admin else routes.REGISTER
        return rx.call_script(
            sign_in_script(signed_in.ticket, target), callback=LoginState.signed_in
        )

    @rx.event
    def signed_in(self, outcome: str):
        """The page could not trade the ticket for the cookie (it has moved on otherwise)."""
        self.busy = False
        if outcome != "ok":
            self.error = "Gagal masuk. Muat ulang halaman, lalu coba lagi."

    @rx.event
    async def resend_confirmation(self):
        """Send a new confirmation link to the address that just proved its password."""
        if not self.unconfirmed_email:
            return
        await call(account.resend_confirmation, email=self.unconfirmed_email)
        nudge_delivery()
        self.unconfirmed_email, self.error = "", ""
        self.notice = "Tautan konfirmasi baru telah dikirim. Periksa email Anda."


@rx.page(route=routes.LOGIN, title="Masuk - Kartu Prakerja", on_load=AuthState.refresh)
def login() -> rx.Component:
    """The login page."""
    return page_frame(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading("Masuk", size="6", as_="h1"),
                    # One message for every failure (below), so no field has its own.
                    text_field(
                        "Email",
                        "email",
                        None,
                        kind="email",
                        auto_complete="username",
                        required=True,
                    ),
                    text_field(
                        "Kata sandi",
                        "password",
                        None,
                        kind="password",
                        auto_complete="current-password",
                        required=True,
                    ),
                    rx.cond(
                        LoginState.error != "",
                        rx.callout(
                            LoginState.error,
                            icon="triangle_alert",
                            color_scheme="red",
                            role="alert",
                            width="100%",
                        ),
                    ),
                    rx.cond(
                        LoginState.unconfirmed_email != "",
                        rx.button(
                            "Kirim ulang email konfirmasi",
                            type="button",
                            on_click=LoginState.resend_confirmation,
                            variant="outline",
                            size="3",
                            width="100%",
                        ),
                    ),
                    rx.cond(
                        LoginState.notice != "",
                        rx.callout(LoginState.notice, icon="mail", role="status", width="100%"),
                    ),
                    rx.button(
                        "Masuk", type="submit", size="3", width="100%", loading=LoginState.busy
                    ),
                    rx.text(
                        "Belum punya akun? ", rx.link("Daftar", href=routes.REGISTER), size="2"
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=LoginState.submit,
            ),
            max_width="420px",
            margin="0 auto",
            width="100%",
        )
    )
