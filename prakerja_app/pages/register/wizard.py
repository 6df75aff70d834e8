"""The wizard's frame: which step this browser shows, and the stepper above it.

The step always comes from the server (``steps.current_step``), so a reload,
another device or a restart resumes at the right place.
"""

import reflex as rx

from prakerja_app import routes
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.registration import steps
from prakerja_app.services.registration.steps import Step
from prakerja_app.services.views.registration import STEP_LABELS
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import query

STEPS = list(Step)
ADMIN = "admin"


class WizardState(rx.State):
    """The current step of this browser's applicant ("" while loading)."""

    step: str = ""
    # Steps 1-2 happen before login: remembered here once the account form is sent.
    account_email_sent: bool = False

    @rx.var
    def step_number(self) -> int:
        return STEPS.index(Step(self.step)) + 1 if self.step in set(Step) else 0

    @rx.var
    def step_label(self) -> str:
        return STEP_LABELS.get(self.step, "") if self.step in set(Step) else ""

    @rx.event
    async def load(self):
        """Ask the server where this applicant is; send finished applicants to the dashboard."""
        user = await (await self.get_state(AuthState))._current_user()
        if user is None:
            self.step = Step.EMAIL if self.account_email_sent else Step.ACCOUNT
            return None
        if user.role != Role.APPLICANT:
            self.step = ADMIN
            return None
        step = await query(steps.current_step, user.id)
        if step is None:
            return rx.redirect(routes.DASHBOARD)
        self.step = step
        return None


def _step_marker(index: int, step: Step) -> rx.Component:
    number = index + 1
    done = WizardState.step_number > number
    current = WizardState.step_number == number
    return rx.el.li(
        rx.center(
            rx.cond(done, rx.icon("check", size=16), rx.text(number, size="2", weight="bold")),
            width="32px",
            height="32px",
            border_radius="50%",
            background=rx.cond(done | current, "var(--accent-9)", "var(--gray-a3)"),
            color=rx.cond(done | current, "white", "var(--gray-11)"),
            outline=rx.cond(current, "3px solid var(--accent-a5)", "none"),
        ),
        rx.el.span(
            f"Langkah {number}: {STEP_LABELS[step]}",
            rx.cond(done, " (selesai)", rx.cond(current, " (sedang diisi)", "")),
            class_name="sr-only",
        ),
        aria_current=rx.cond(current, "step", None),
        list_style="none",
    )


def stepper() -> rx.Component:
    """Eight numbered steps, done ones ticked, and the current step's name written out."""
    return rx.vstack(
        rx.el.ol(
            *[_step_marker(i, step) for i, step in enumerate(STEPS)],
            aria_label="Langkah pendaftaran",
            display="flex",
            justify_content="space-between",
            width="100%",
            padding="0",
            margin="0",
        ),
        rx.cond(
            WizardState.step_number > 0,
            rx.text(
                "Langkah ",
                WizardState.step_number,
                " dari 8: ",
                rx.text.strong(WizardState.step_label),
                size="3",
                aria_hidden="true",
            ),
        ),
        spacing="2",
        width="100%",
    )
