"""A forgotten password: ask for a link by email, or for an SMS code to the verified phone
(/lupa-kata-sandi); the link's page sets the new password (/atur-ulang-kata-sandi).

Every answer is the same whether or not the account exists (`services.accounts.
password_reset`). The states keep no token, code, address or number: the link's token
is read from the page's address at each event, and the phone form's fields stay in the
browser's form until the code is typed.
"""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import step_form, submit_button, text_field
from prakerja_app.components.layout import page_frame
from prakerja_app.jobs import nudge_delivery
from prakerja_app.services.accounts import password_reset
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.core.errors import DomainError, FormErrors
from prakerja_app.services.views import messages
from prakerja_app.state import hashing
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import ServiceForm, call, form_text

LINK_SENT = (
    "Jika email terdaftar, kami mengirim tautan untuk mengatur ulang kata sandi ke alamat"
    " itu. Tautan berlaku 30 menit. Periksa juga folder spam."
)
CODE_SENT = (
    "Jika email dan nomor HP cocok dengan akun yang nomornya sudah terverifikasi, kami"
    " mengirim kode 6 angka lewat SMS. Kode berlaku 5 menit."
)


class ForgotPasswordState(ServiceForm, rx.State):
    """Which way the person asks (``email`` or ``phone``), and what the page answered."""

    way: str = "email"
    notice: str = ""
    code_sent: bool = False

    def _client(self) -> str:
        return self.router.session.client_ip or "unknown"

    @rx.event
    def load(self):
        """A fresh visit starts with the email form."""
        self.way, self.notice, self.code_sent = "email", "", False
        self.errors, self.message = {}, ""

    @rx.event
    def choose(self, way: str):
        """Switch between the email and the phone form."""
        self.way = "phone" if way == "phone" else "email"
        self.notice, self.code_sent, self.errors, self.message = "", False, {}, ""

    @rx.event
    def new_code(self):
        """Back to the phone form's first step, to ask for another code."""
        self.code_sent, self.notice, self.errors, self.message = False, "", {}, ""

    async def _ask(self, service, **kwargs) -> bool:
        self.errors, self.message, self.notice = {}, "", ""
        try:
            await call(service, client=self._client(), **kwargs)
        except DomainError as error:
            self._show_refusal(error)
            return False
        nudge_delivery()
        return True

    @rx.event
    async def request_link(self, form: dict):
        """Ask for a link by email; the same answer whether or not the address is known."""
        if self.way != "email":
            return
        email = form_text(form, limit=254).get("email", "")
        if await self._ask(password_reset.request_link, email=email):
            self.notice = LINK_SENT

    @rx.event
    async def submit_phone(self, form: dict):
        """Ask for the SMS code, or, once asked, trade the typed code for the new-password
        page."""
        if self.way != "phone":
            return None
        fields = form_text(form, limit=254)
        email, phone = fields.get("email", ""), fields.get("phone", "")
        if not self.code_sent:
            if await self._ask(password_reset.request_code, email=email, phone=phone):
                self.code_sent, self.notice = True, CODE_SENT
            return None
        self.errors, self.message = {}, ""
        try:
            token = await call(
                password_reset.link_for_code, email=email, phone=phone, code=fields.get("otp", "")
            )
        except DomainError as error:
            self._show_refusal(error)
            return None
        self.code_sent, self.notice = False, ""
        return rx.redirect(routes.reset_password(token), replace=True)


def _notice() -> rx.Component:
    return rx.cond(
        ForgotPasswordState.notice != "",
        rx.callout(ForgotPasswordState.notice, icon="mail", role="status", width="100%"),
    )


def _switch(label: str, way: str) -> rx.Component:
    return rx.button(
        label,
        type="button",
        variant="ghost",
        on_click=ForgotPasswordState.choose(way),
        white_space="normal",
        height="auto",
    )


def _email_form() -> rx.Component:
    errors = ForgotPasswordState.errors
    return step_form(
        "Lewat email",
        rx.text(
            "Masukkan email akun Anda. Kami mengirim tautan untuk membuat kata sandi baru.",
            size="2",
        ),
        text_field("Email", "email", errors, kind="email", auto_complete="username"),
        _notice(),
        message=ForgotPasswordState.message,
        submit=submit_button("Kirim tautan"),
        on_submit=ForgotPasswordState.request_link,
        after=(_switch("Tidak bisa membuka email? Gunakan nomor HP", "phone"),),
    )


def _phone_form() -> rx.Component:
    errors = ForgotPasswordState.errors
    return step_form(
        "Lewat nomor HP",
        rx.text(
            "Masukkan email akun Anda dan nomor HP yang sudah Anda verifikasi saat mendaftar."
            " Kami mengirim kode lewat SMS ke nomor itu.",
            size="2",
        ),
        text_field("Email", "email", errors, kind="email", auto_complete="username"),
        text_field(
            "Nomor HP terverifikasi",
            "phone",
            errors,
            kind="tel",
            auto_complete="tel",
            hint="Contoh: 0812 3456 7890",
        ),
        _notice(),
        rx.cond(
            ForgotPasswordState.code_sent,
            text_field(
                "Kode OTP",
                "otp",
                errors,
                auto_complete="one-time-code",
                input_mode="numeric",
                hint="6 angka dari SMS. Setelah 5 kali salah, minta kode baru.",
            ),
        ),
        message=ForgotPasswordState.message,
        submit=rx.cond(
            ForgotPasswordState.code_sent,
            submit_button("Lanjut"),
            submit_button("Kirim kode OTP"),
        ),
        on_submit=ForgotPasswordState.submit_phone,
        after=(
            rx.cond(
                ForgotPasswordState.code_sent,
                rx.button(
                    "Minta kode baru",
                    type="button",
                    variant="outline",
                    on_click=ForgotPasswordState.new_code,
                    size="3",
                    width="100%",
                ),
            ),
            _switch("Kembali ke atur ulang lewat email", "email"),
        ),
    )


@rx.page(
    route=routes.FORGOT_PASSWORD,
    title="Lupa kata sandi - Kartu Prakerja",
    on_load=ForgotPasswordState.load,
)
def forgot_password() -> rx.Component:
    """The page that asks for a reset link or code."""
    return page_frame(
        rx.card(
            rx.vstack(
                rx.heading("Lupa kata sandi?", size="6", as_="h1"),
                rx.cond(ForgotPasswordState.way == "phone", _phone_form(), _email_form()),
                rx.text("Ingat kata sandi? ", rx.link("Masuk", href=routes.LOGIN), size="2"),
                spacing="4",
                width="100%",
            ),
            max_width="420px",
            margin="0 auto",
            width="100%",
        )
    )


class ResetPasswordState(ServiceForm, rx.State):
    """The new-password form: "" (checking), "form", "done" or "error"."""

    outcome: str = ""
    busy: bool = False

    def _token(self) -> str:
        token = self.router.url.query_parameters.get("token", "")
        return token if isinstance(token, str) and 16 <= len(token) <= 100 else ""

    @rx.event
    async def load(self):
        """Check the link, without spending it."""
        self.outcome, self.errors, self.message, self.busy = "", {}, "", False
        try:
            await call(password_reset.check_link, token=self._token())
        except DomainError as error:
            self.outcome, self.message = "error", messages.text(error)
            return
        self.outcome = "form"

    @rx.event(background=True)
    async def submit(self, form: dict):
        """Check the password typed twice, hash it on the hashing threads, then spend the
        link: every session of the account ends."""
        fields = form_text(form, limit=300)
        password, again = fields.get("password", ""), fields.get("password_again", "")
        async with self:
            if self.busy or self.outcome != "form":
                return None
            self.busy, self.errors, self.message = True, {}, ""
            token = self._token()
        try:
            await call(
                password_reset.check_new_password, token=token, password=password, again=again
            )
            async with hashing.turn():
                password_hash = await hashing.run(hash_password, password)
            await call(password_reset.reset_password, token=token, password_hash=password_hash)
        except DomainError as error:
            async with self:
                self.busy = False
                if isinstance(error, FormErrors) or error.field:
                    self._show_refusal(error)
                else:
                    self.outcome, self.message = "error", messages.text(error)
            return None
        async with self:
            self.busy, self.outcome = False, "done"
        return AuthState.refresh


def _password_form() -> rx.Component:
    errors = ResetPasswordState.errors
    return step_form(
        "Buat kata sandi baru",
        text_field(
            "Kata sandi baru",
            "password",
            errors,
            kind="password",
            auto_complete="new-password",
            hint="Paling sedikit 8 karakter; jangan memakai nama atau email Anda.",
        ),
        text_field(
            "Ulangi kata sandi baru",
            "password_again",
            errors,
            kind="password",
            auto_complete="new-password",
        ),
        message=ResetPasswordState.message,
        submit=submit_button("Simpan kata sandi", loading=ResetPasswordState.busy),
        on_submit=ResetPasswordState.submit,
    )


def _outcome(
    message: rx.Var | str, icon: str, color: str, role: str, link: rx.Component
) -> rx.Component:
    return rx.vstack(
        rx.callout(message, icon=icon, color_scheme=color, role=role, width="100%"),
        link,
        spacing="4",
        width="100%",
    )


def _button_link(label: str, href: str, variant: str = "solid") -> rx.Component:
    return rx.link(
        rx.button(label, size="3", width="100%", variant=variant), href=href, width="100%"
    )


@rx.page(
    route=routes.RESET_PASSWORD,
    title="Atur ulang kata sandi - Kartu Prakerja",
    on_load=ResetPasswordState.load,
)
def reset_password() -> rx.Component:
    """The reset link's page."""
    return page_frame(
        rx.card(
            rx.vstack(
                rx.heading("Atur ulang kata sandi", size="6", as_="h1"),
                rx.match(
                    ResetPasswordState.outcome,
                    ("form", _password_form()),
                    (
                        "done",
                        _outcome(
                            "Kata sandi baru tersimpan. Anda sudah keluar dari semua perangkat;"
                            " silakan masuk dengan kata sandi baru.",
                            "circle_check",
                            "green",
                            "status",
                            _button_link("Masuk", routes.LOGIN),
                        ),
                    ),
                    (
                        "error",
                        _outcome(
                            ResetPasswordState.message,
                            "triangle_alert",
                            "red",
                            "alert",
                            _button_link("Minta tautan baru", routes.FORGOT_PASSWORD, "outline"),
                        ),
                    ),
                    rx.spinner(size="3"),
                ),
                spacing="4",
                width="100%",
            ),
            max_width="420px",
            margin="0 auto",
            width="100%",
        )
    )
