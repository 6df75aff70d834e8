"""Step 4: NIK, family card number and birth date."""

import reflex as rx

from prakerja_app.components.forms import step_form, submit_button, text_field
from prakerja_app.pages.register.wizard import WizardState
from prakerja_app.services.registration import identity
from prakerja_app.state.forms import ServiceForm, form_text


class IdentityState(ServiceForm, rx.State):
    """The NIK form's messages."""

    @rx.event
    async def submit(self, form: dict):
        """Check the NIK against the birth date and save it; then go to the next step."""
        submitted = form_text(form, limit=40)
        fields = {k: submitted.get(k, "") for k in ("nik", "kk", "birth_date")}
        if await self._run(identity.submit_identity, **fields):
            return WizardState.load
        return None


def identity_form() -> rx.Component:
    """The NIK step's form."""
    errors = IdentityState.errors
    return step_form(
        "NIK dan tanggal lahir",
        rx.text("Isi sesuai KTP dan Kartu Keluarga Anda.", color="gray"),
        text_field(
            "NIK (16 digit)",
            "nik",
            errors,
            hint="Nomor Induk Kependudukan, tertulis di KTP.",
            input_mode="numeric",
            auto_complete="off",
            max_length=24,
            aria_required="true",
        ),
        text_field(
            "Nomor Kartu Keluarga (16 digit)",
            "kk",
            errors,
            input_mode="numeric",
            auto_complete="off",
            max_length=24,
            aria_required="true",
        ),
        text_field(
            "Tanggal lahir",
            "birth_date",
            errors,
            kind="date",
            auto_complete="bday",
            aria_required="true",
        ),
        message=IdentityState.message,
        submit=submit_button("Berikutnya"),
        on_submit=IdentityState.submit,
    )
