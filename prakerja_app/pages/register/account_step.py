"""Steps 1-2: the account form, then "check your email" with a resend button."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import step_form, submit_button, text_field
from prakerja_app.jobs import nudge_delivery
from prakerja_app.pages.register.countdown import ResendCountdown, wait_of
from prakerja_app.pages.register.wizard import WizardState
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.core.errors import DomainError, FormErrors
from prakerja_app.services.registration import account
from prakerja_app.services.registration.account import RESEND_COOLDOWN
from prakerja_app.services.registration.steps import Step
from prakerja_app.services.views import messages
from prakerja_app.state import hashing
from prakerja_app.state.forms import call, form_text


class AccountState(rx.State):
    """The account form's messages, and the address the confirmation went to."""

    errors: dict[str, str] = {}
    message: str = ""
    busy: bool = False
    sent_to: str = ""

    @rx.event(background=True)
    async def submit(self, form: dict):
        """Create the account and send the email: the form and the limits are checked
        first, then the password is hashed on the hashing threads (`state.hashing`)."""
        submitted = form_text(form, limit=300)
        fields = {k: submitted.get(k, "") for k in ("full_name", "email", "password")}
        async with self:
            if self.busy:
                return None
            self.busy, self.errors, self.message = True, {}, ""
            where = {
                "client": self.router.session.client_ip or "unknown",
                "connection": self.router.session.session_id or "unknown",
            }
        try:
            await call(account.check_registration, **fields, **where)
            async with hashing.turn():
                password_hash = await hashing.run(hash_password, fields["password"])
            address = await call(account.register, **fields, **where, password_hash=password_hash)
        except FormErrors as error:
            async with self:
                self.busy, self.errors = False, messages.field_texts(error)
            return None
        except DomainError as error:
            async with self:
                self.busy, self.message = False, messages.text(error)
            return None
        nudge_delivery()
        async with self:
            self.busy, self.sent_to = False, address
            wizard = await self.get_state(WizardState)
            wizard.account_email_sent, wizard.step = True, Step.EMAIL
            countdown = await self.get_state(ResendCountdown)
            return countdown._start("email", int(RESEND_COOLDOWN.total_seconds()))

    @rx.event
    async def resend(self):
        """Send a new confirmation link, at most once a minute."""
        countdown = await self.get_state(ResendCountdown)
        if not self.sent_to or countdown.waits.get("email", 0) > 0:
            return None
        await call(account.resend_confirmation, email=self.sent_to)
        nudge_delivery()
        self.message = f"Email konfirmasi baru telah dikirim ke {self.sent_to}."
        return countdown._start("email", int(RESEND_COOLDOWN.total_seconds()))


def account_form() -> rx.Component:
    """Step 1: full name, email and password."""
    errors = AccountState.errors
    return step_form(
        "Buat akun",
        text_field("Nama lengkap", "full_name", errors, auto_complete="name", aria_required="true"),
        text_field(
            "Email", "email", errors, kind="email", auto_complete="email", aria_required="true"
        ),
        text_field(
            "Kata sandi",
            "password",
            errors,
            kind="password",
            hint="Minimal 8 karakter. Hindari kata sandi yang umum, nama, atau email Anda.",
            auto_complete="new-password",
            aria_required="true",
        ),
        message=AccountState.message,
        submit=submit_button("Daftar", loading=AccountState.busy),
        after=(rx.text("Sudah punya akun? ", rx.link("Masuk", href=routes.LOGIN), size="2"),),
        on_submit=AccountState.submit,
    )


def check_email() -> rx.Component:
    """Step 2: the confirmation link is on its way."""
    wait = wait_of("email")
    return rx.vstack(
        rx.heading("Konfirmasi email Anda", size="5", as_="h2"),
        rx.text(
            "Kami telah mengirim tautan konfirmasi ke ",
            rx.text.strong(AccountState.sent_to),
            ". Buka email tersebut dan klik tautannya (berlaku 24 jam), lalu masuk dengan"
            " email dan kata sandi Anda.",
        ),
        rx.cond(
            AccountState.message != "",
            rx.callout(AccountState.message, icon="mail", role="status", width="100%"),
        ),
        rx.button(
            rx.cond(wait > 0, f"Kirim ulang dalam {wait} detik", "Kirim ulang email"),
            on_click=AccountState.resend,
            disabled=wait > 0,
            variant="outline",
            size="3",
            width="100%",
        ),
        rx.link(rx.button("Masuk", size="3", width="100%"), href=routes.LOGIN, width="100%"),
        spacing="4",
        width="100%",
    )
