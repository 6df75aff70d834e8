"""The registration page (/daftar): the applicant's eight steps as one wizard.

Each step is a module with its own substate; the wizard shows the step the server says
the applicant is at.
"""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.layout import page_frame
from prakerja_app.pages.register import confirm_email  # noqa: F401  (registers its page)
from prakerja_app.pages.register.account_step import account_form, check_email
from prakerja_app.pages.register.identity_step import identity_form
from prakerja_app.pages.register.motivation_step import motivation_step
from prakerja_app.pages.register.personal_step import personal_step
from prakerja_app.pages.register.phone_step import phone_step
from prakerja_app.pages.register.wave_step import wave_step
from prakerja_app.pages.register.wizard import ADMIN, WizardState, stepper
from prakerja_app.services.registration.steps import Step
from prakerja_app.state.auth import AuthState


def _current_step() -> rx.Component:
    return rx.match(
        WizardState.step,
        (Step.ACCOUNT, account_form()),
        (Step.EMAIL, check_email()),
        (Step.IDENTITY, identity_form()),
        (Step.PERSONAL, personal_step()),
        (Step.PHONE, phone_step()),
        (Step.TEST, motivation_step()),
        (Step.WAVE, wave_step()),
        (ADMIN, rx.text("Akun admin tidak dapat mendaftar sebagai peserta.")),
        rx.center(rx.spinner(size="3"), padding="6", aria_label="Memuat"),
    )


@rx.page(
    route=routes.REGISTER,
    title="Daftar - Kartu Prakerja",
    on_load=[AuthState.refresh, WizardState.load],
)
def register() -> rx.Component:
    """The registration wizard."""
    return page_frame(
        rx.vstack(
            rx.heading("Pendaftaran Kartu Prakerja", size="6", as_="h1"),
            stepper(),
            rx.card(_current_step(), width="100%", size="3"),
            spacing="4",
            width="100%",
            max_width="560px",
            margin="0 auto",
        )
    )
