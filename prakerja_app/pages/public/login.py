"""The login page (/masuk): email and password, one message for every failure; for an
admin, then the authenticator code (or, the first time, setting up the authenticator)."""

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import form_message, step_form, submit_button, text_field
from prakerja_app.components.layout import code_block, page_frame
from prakerja_app.db import open_session
from prakerja_app.jobs import nudge_delivery
from prakerja_app.models import utc_now
from prakerja_app.services.accounts import second_factor
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.sessions import NextStep, SignedIn
from prakerja_app.services.core import qr
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration import account
from prakerja_app.services.views import messages
from prakerja_app.state.auth import AuthState, log_in, sign_in_script
from prakerja_app.state.forms import call, form_text

R = TypeVar("R")


def _at_real_time(service: Callable[..., R], kwargs: dict[str, Any]) -> R:
    """Sign-in runs on real time, never the program's movable clock."""
    with open_session() as db:
        return service(db, now=utc_now(), **kwargs)


def _enrolment(ticket: str) -> tuple[str, str]:
    enrolment = _at_real_time(second_factor.begin_enrolment, {"ticket": ticket})
    return enrolment.secret, qr.svg_data_uri(enrolment.uri)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class LoginState(rx.State):
    """The login form's message and busy flag; an admin's second step."""

    error: str = ""
    notice: str = ""
    busy: bool = False
    unconfirmed_email: str = ""
    # An admin's second step: "" (the password form), "code", "enrol" or "recovery".
    step: str = ""
    code_error: str = ""
    enrol_secret: str = ""  # the admin's own new secret, shown once to type or scan
    enrol_qr: str = ""
    recovery_codes: list[str] = []
    # The second-factor ticket, never sent to the browser, and the websocket connection
    # that proved the password: only that connection may go on (another tab holding this
    # client token, which travels in URLs, may not).
    _ticket: str = ""
    _connection: str = ""

    def _pending(self) -> str:
        """The second-factor ticket, when this event comes over the connection that
        proved the password ("" otherwise)."""
        same = self._connection and self._connection == self.router.session.session_id
        return self._ticket if same else ""

    def _start_over(self, error: str = "") -> None:
        self.step, self.code_error, self.enrol_secret, self.enrol_qr = "", "", "", ""
        self.recovery_codes, self._ticket, self.busy, self.error = [], "", False, error
        self._connection = ""

    @rx.event
    def load(self):
        """A fresh visit starts at the password form."""
        self._start_over()
        self.notice, self.unconfirmed_email = "", ""
        return AuthState.refresh

    @rx.event(background=True)
    async def submit(self, form: dict):
        """Check the credentials off the event loop (`log_in`); the page then trades the
        login's ticket for the session cookie and opens the next page afresh, or, for an
        admin, asks for the second factor."""
        fields = form_text(form, limit=256)
        email, password = fields.get("email", "")[:254], fields.get("password", "")
        if not email or not password:
            async with self:
                self.error = messages.text(DomainError(AccountError.BAD_CREDENTIALS))
            return None
        async with self:
            if self.busy:
                return None
            self._start_over()
            self.busy, self.notice, self.unconfirmed_email = True, "", ""
            client_key = self.router.session.client_ip or "unknown"
        try:
            signed_in = await log_in(email, password, client_key)
        except DomainError as error:
            async with self:
                self.busy, self.error = False, messages.text(error)
                if error.code == AccountError.EMAIL_UNCONFIRMED:
                    self.unconfirmed_email = email
            return None
        if signed_in.next_step == NextStep.DONE:
            return self._session(signed_in)
        secret, image = "", ""
        if signed_in.next_step == NextStep.ENROL:
            secret, image = await asyncio.to_thread(_enrolment, signed_in.ticket)
        async with self:
            self.busy, self._ticket, self.step = False, signed_in.ticket, signed_in.next_step
            self._connection = self.router.session.session_id
            self.enrol_secret, self.enrol_qr = _grouped(secret), image
        return None

    def _session(self, signed_in: SignedIn):
        target = routes.ADMIN_HOME if signed_in.user.is_admin else routes.REGISTER
        return rx.call_script(
            sign_in_script(signed_in.ticket, target), callback=LoginState.signed_in
        )

    @rx.event
    async def submit_code(self, form: dict):
        """The admin's authenticator code (or a recovery code); on enrolment, the first
        code from the new secret, after which the recovery codes are shown once."""
        if self.step not in (NextStep.CODE, NextStep.ENROL) or not self._pending():
            return None
        code = form_text(form, limit=32).get("code", "")
        kwargs = {
            "ticket": self._ticket,
            "code": code,
            "client_key": self.router.session.client_ip or "unknown",
        }
        self.code_error = ""
        try:
            if self.step == NextStep.CODE:
                signed_in = await asyncio.to_thread(_at_real_time, second_factor.sign_in, kwargs)
            else:
                self.recovery_codes = await asyncio.to_thread(
                    _at_real_time, second_factor.finish_enrolment, kwargs
                )
                self.step, self.enrol_secret, self.enrol_qr = "recovery", "", ""
                return None
        except DomainError as error:
            if error.field == "code":
                self.code_error = messages.text(error)
            else:
                self._start_over(messages.text(error))
            return None
        self._ticket = ""
        return self._session(signed_in)

    @rx.event
    async def recovery_codes_saved(self):
        """The admin has kept the recovery codes: on to the console."""
        if self.step != "recovery" or not self._pending():
            return None
        kwargs = {"ticket": self._ticket, "client_key": self.router.session.client_ip or "unknown"}
        try:
            signed_in = await asyncio.to_thread(
                _at_real_time, second_factor.enrolled_sign_in, kwargs
            )
        except DomainError as error:
            self._start_over(messages.text(error))
            return None
        self.recovery_codes, self._ticket = [], ""
        return self._session(signed_in)

    @rx.event
    def cancel_second_step(self):
        """Back to the password form."""
        self._start_over()

    @rx.event
    def signed_in(self, outcome: str):
        """The page could not trade the ticket for the cookie (it has moved on otherwise)."""
        self.busy = False
        if outcome != "ok":
            self._start_over("Gagal masuk. Muat ulang halaman, lalu coba lagi.")

    @rx.event
    async def resend_confirmation(self):
        """Send a new confirmation link to the address that just proved its password."""
        if not self.unconfirmed_email:
            return
        await call(account.resend_confirmation, email=self.unconfirmed_email)
        nudge_delivery()
        self.unconfirmed_email, self.error = "", ""
        self.notice = "Tautan konfirmasi baru telah dikirim. Periksa email Anda."


def _password_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Masuk", size="6", as_="h1"),
            # One message for every failure (below), so no field has its own.
            text_field(
                "Email", "email", None, kind="email", auto_complete="username", required=True
            ),
            text_field(
                "Kata sandi",
                "password",
                None,
                kind="password",
                auto_complete="current-password",
                required=True,
            ),
            rx.link("Lupa kata sandi?", href=routes.FORGOT_PASSWORD, size="2"),
            form_message(LoginState.error),
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
            rx.button("Masuk", type="submit", size="3", width="100%", loading=LoginState.busy),
            rx.text("Belum punya akun? ", rx.link("Daftar", href=routes.REGISTER), size="2"),
            spacing="4",
            width="100%",
        ),
        on_submit=LoginState.submit,
    )


def _code_field(label: str, hint: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for="code", font_weight="500"),
        rx.text(hint, id="code-hint", size="2", color="gray"),
        rx.input(
            id="code",
            name="code",
            auto_complete="one-time-code",
            input_mode="text",
            size="3",
            width="100%",
            aria_describedby=rx.cond(
                LoginState.code_error != "", "code-hint code-error", "code-hint"
            ),
            aria_invalid=rx.cond(LoginState.code_error != "", "true", "false"),
        ),
        rx.cond(
            LoginState.code_error != "",
            rx.text(LoginState.code_error, id="code-error", color="red", size="2", role="alert"),
        ),
        spacing="1",
        width="100%",
    )


def _back() -> rx.Component:
    return rx.button(
        "Kembali", type="button", variant="ghost", on_click=LoginState.cancel_second_step
    )


def _code_form() -> rx.Component:
    return step_form(
        "Kode autentikator",
        _code_field(
            "Kode 6 angka",
            "Buka aplikasi autentikator Anda. Jika ponsel Anda hilang, masukkan salah satu"
            " kode pemulihan.",
        ),
        message=LoginState.error,
        submit=submit_button("Masuk"),
        on_submit=LoginState.submit_code,
        after=(_back(),),
        reset_on_submit=True,
    )


def _enrol_form() -> rx.Component:
    return step_form(
        "Pasang aplikasi autentikator",
        rx.text(
            "Akun admin dilindungi dua langkah. Pindai kode QR ini dengan aplikasi"
            " autentikator (misalnya Google Authenticator, Microsoft Authenticator atau"
            " FreeOTP), atau ketik kuncinya.",
            size="2",
        ),
        rx.image(
            src=LoginState.enrol_qr,
            alt="Kode QR untuk aplikasi autentikator",
            width="200px",
            height="200px",
        ),
        rx.text("Kunci: ", rx.code(LoginState.enrol_secret, id="totp-secret"), size="2"),
        _code_field("Kode 6 angka dari aplikasi", "Setelah memindai, ketik kode yang tampil."),
        message=LoginState.error,
        submit=submit_button("Aktifkan"),
        on_submit=LoginState.submit_code,
        after=(_back(),),
        reset_on_submit=True,
    )


def _recovery_codes() -> rx.Component:
    return rx.vstack(
        rx.heading("Simpan kode pemulihan", size="5", as_="h2"),
        rx.text(
            "Jika ponsel Anda hilang, setiap kode ini dapat dipakai satu kali sebagai ganti"
            " kode autentikator. Simpan di tempat aman: kode ini hanya ditampilkan sekali.",
            size="2",
        ),
        code_block(LoginState.recovery_codes.join("\n")),
        rx.button(
            "Saya sudah menyimpan kode ini",
            on_click=LoginState.recovery_codes_saved,
            size="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


@rx.page(route=routes.LOGIN, title="Masuk - Kartu Prakerja", on_load=LoginState.load)
def login() -> rx.Component:
    """The login page."""
    return page_frame(
        rx.card(
            rx.match(
                LoginState.step,
                ("code", _code_form()),
                ("enrol", _enrol_form()),
                ("recovery", _recovery_codes()),
                _password_form(),
            ),
            max_width="420px",
            margin="0 auto",
            width="100%",
        )
    )
