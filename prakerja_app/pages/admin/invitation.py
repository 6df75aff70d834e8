"""An admin invitation's link (/admin/undangan?token=...): choose a password, then sign in
and set up the authenticator."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import step_form, submit_button, text_field
from prakerja_app.components.layout import page_frame
from prakerja_app.services.accounts import admins
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.passwords import check_password_choice, hash_password
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.views import messages
from prakerja_app.state import hashing
from prakerja_app.state.forms import call, form_text


class InvitationState(rx.State):
    """Who the link is for, and the password form's messages."""

    outcome: str = ""  # "", "form", "done" or "error"
    full_name: str = ""
    email: str = ""
    errors: dict[str, str] = {}
    message: str = ""
    busy: bool = False
    _token: str = ""

    @rx.event
    async def load(self):
        """Check the link (without spending it) and greet its admin."""
        self.outcome, self.errors, self.message, self.busy = "", {}, "", False
        self.full_name, self.email, self._token = "", "", ""
        token = self.router.url.query_parameters.get("token", "")
        if not isinstance(token, str) or not 16 <= len(token) <= 100:
            self.outcome, self.message = "error", "Tautan undangan tidak lengkap."
            return
        try:
            invitee = await call(admins.invitee, token=token)
        except DomainError as error:
            self.outcome, self.message = "error", messages.text(error)
            return
        self.outcome, self._token = "form", token
        self.full_name, self.email = invitee.full_name, invitee.email

    @rx.event(background=True)
    async def submit(self, form: dict):
        """Check the password, hash it on the hashing threads, then spend the link."""
        fields = form_text(form, limit=300)
        password, again = fields.get("password", ""), fields.get("password_again", "")
        async with self:
            if self.busy or self.outcome != "form":
                return None
            self.busy, self.errors, self.message = True, {}, ""
            token, email, full_name = self._token, self.email, self.full_name
        try:
            check_password_choice(password, email=email, full_name=full_name)
            if password != again:
                raise DomainError(AccountError.PASSWORD_MISMATCH, "password_again")
            async with hashing.turn():
                password_hash = await hashing.run(hash_password, password)
            await call(admins.accept_invitation, token=token, password_hash=password_hash)
        except DomainError as error:
            async with self:
                self.busy = False
                if error.field:
                    self.errors = {error.field: messages.text(error)}
                else:
                    self.outcome, self.message = "error", messages.text(error)
            return None
        async with self:
            self.busy, self.outcome, self._token = False, "done", ""
        return None


def _form() -> rx.Component:
    errors = InvitationState.errors
    return step_form(
        "Buat kata sandi",
        rx.text(
            "Halo ",
            rx.text.strong(InvitationState.full_name),
            ". Akun admin Anda: ",
            rx.text.strong(InvitationState.email),
            ".",
            size="2",
        ),
        text_field(
            "Kata sandi baru",
            "password",
            errors,
            kind="password",
            auto_complete="new-password",
            hint="Paling sedikit 8 karakter; jangan memakai nama atau email Anda.",
        ),
        text_field(
            "Ulangi kata sandi",
            "password_again",
            errors,
            kind="password",
            auto_complete="new-password",
        ),
        message=InvitationState.message,
        submit=submit_button("Simpan kata sandi", loading=InvitationState.busy),
        on_submit=InvitationState.submit,
    )


def _outcome(message: rx.Var | str, icon: str, color: str, role: str) -> rx.Component:
    return rx.vstack(
        rx.callout(message, icon=icon, color_scheme=color, role=role, width="100%"),
        rx.link(rx.button("Masuk", size="3", width="100%"), href=routes.LOGIN, width="100%"),
        spacing="4",
        width="100%",
    )


@rx.page(
    route=routes.ADMIN_INVITATION,
    title="Undangan admin - Kartu Prakerja",
    on_load=InvitationState.load,
)
def invitation() -> rx.Component:
    """The invitation's page."""
    return page_frame(
        rx.card(
            rx.vstack(
                rx.heading("Undangan admin", size="6", as_="h1"),
                rx.match(
                    InvitationState.outcome,
                    ("form", _form()),
                    (
                        "done",
                        _outcome(
                            "Kata sandi tersimpan. Masuk sekarang; Anda akan diminta memasang"
                            " aplikasi autentikator.",
                            "circle_check",
                            "green",
                            "status",
                        ),
                    ),
                    ("error", _outcome(InvitationState.message, "triangle_alert", "red", "alert")),
                    rx.spinner(size="3"),
                ),
                spacing="4",
                width="100%",
            ),
            max_width="480px",
            margin="0 auto",
            width="100%",
        )
    )
