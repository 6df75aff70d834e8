"""Step 6: the mobile number and the 6-digit code sent to it by SMS."""

from datetime import datetime

import reflex as rx
from sqlmodel import Session

from prakerja_app.components.forms import step_form, submit_button, text_field
from prakerja_app.pages.register.countdown import ResendCountdown, wait_of
from prakerja_app.pages.register.wizard import WizardState
from prakerja_app.services.accounts import one_time_codes
from prakerja_app.services.core.phone_numbers import mask_phone
from prakerja_app.services.registration import phone_verification
from prakerja_app.state.forms import ServiceForm, call, form_text, query, shows_refusals

ENTER, CODE = "enter", "code"


def _pending(db: Session, *, user_id: int, now: datetime) -> tuple[str, int]:
    phone = phone_verification.pending_phone(db, user_id)
    wait = one_time_codes.seconds_until_resend(
        db, user_id=user_id, purpose=phone_verification.PURPOSE, now=now
    )
    return (mask_phone(phone) if phone else ""), wait


class PhoneState(ServiceForm, rx.State):
    """Which half of the step shows, and the masked number the code went to."""

    phase: str = ENTER
    sent_to: str = ""

    @rx.event
    @shows_refusals
    async def load(self):
        """Resume at the code form when a code is on its way."""
        self.errors, self.message = {}, ""
        user_id = await self._applicant_id()
        self.sent_to, wait = await call(_pending, user_id=user_id)
        self.phase = CODE if self.sent_to else ENTER
        return (await self.get_state(ResendCountdown))._start("sms", wait)

    async def _send(self, raw_phone: str):
        if not await self._run(phone_verification.send_code, raw_phone=raw_phone):
            return None
        return await self.load()

    @rx.event
    async def send(self, form: dict):
        """Send a code to the typed number."""
        return await self._send(form_text(form, limit=40).get("phone", ""))

    @rx.event
    @shows_refusals
    async def resend(self):
        """Send a new code to the same number (after the 60-second wait)."""
        user_id = await self._applicant_id()
        phone = await query(phone_verification.pending_phone, user_id)
        return await self._send(phone or "")

    @rx.event
    def change_number(self):
        """Go back to typing the number."""
        self.phase, self.errors, self.message = ENTER, {}, ""

    @rx.event
    async def verify(self, form: dict):
        """Check the code; the number is then verified."""
        code = form_text(form, limit=20).get("otp", "")
        if await self._run(phone_verification.verify, code=code):
            return WizardState.load
        return None


def _enter() -> rx.Component:
    return step_form(
        "Nomor HP",
        text_field(
            "Nomor HP aktif",
            "phone",
            PhoneState.errors,
            kind="tel",
            hint="Contoh: 0812 3456 7890. Kami mengirim kode OTP lewat SMS.",
            auto_complete="tel",
            aria_required="true",
        ),
        message=PhoneState.message,
        submit=submit_button("Kirim kode OTP"),
        on_submit=PhoneState.send,
    )


def _code() -> rx.Component:
    wait = wait_of("sms")
    return rx.vstack(
        step_form(
            "Masukkan kode OTP",
            rx.text(
                "Kode 6 angka telah dikirim lewat SMS ke ", rx.text.strong(PhoneState.sent_to), "."
            ),
            text_field(
                "Kode OTP",
                "otp",
                PhoneState.errors,
                hint="Berlaku 5 menit.",
                input_mode="numeric",
                auto_complete="one-time-code",
                max_length=6,
                aria_required="true",
            ),
            message=PhoneState.message,
            submit=submit_button("Verifikasi"),
            on_submit=PhoneState.verify,
            reset_on_submit=True,
        ),
        rx.button(
            rx.cond(wait > 0, f"Kirim ulang kode dalam {wait} detik", "Kirim ulang kode"),
            on_click=PhoneState.resend,
            disabled=wait > 0,
            variant="outline",
            size="3",
            width="100%",
        ),
        rx.button("Ganti nomor HP", on_click=PhoneState.change_number, variant="ghost", size="3"),
        spacing="3",
        width="100%",
    )


def phone_step() -> rx.Component:
    """The phone step: the number, then the code."""
    return rx.box(
        rx.cond(PhoneState.phase == CODE, _code(), _enter()),
        on_mount=PhoneState.load,
        width="100%",
    )
