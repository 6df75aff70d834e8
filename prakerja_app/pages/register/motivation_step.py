"""Step 7: the motivation test, one question at a time, with the server's countdown."""

import asyncio
import math
import time

import reflex as rx

from prakerja_app.components.forms import field_error, form_message
from prakerja_app.jobs import nudge_delivery
from prakerja_app.pages.register.wizard import WizardState
from prakerja_app.services.registration import motivation_test
from prakerja_app.services.registration.motivation_test import Progress
from prakerja_app.state.forms import (
    ServiceForm,
    call,
    form_text,
    query,
    shows_refusals,
    small_number,
)


class MotivationState(ServiceForm, rx.State):
    """The question on screen and the seconds left."""

    started: bool = False
    seconds_left: int = 0
    number: int = 0
    total: int = 0
    duration_minutes: str = ""
    question: str = ""
    options: list[str] = []
    _deadline: float = 0.0
    _ticking: bool = False

    def _show(self, progress: Progress, config: motivation_test.MotivationTestConfig) -> None:
        self.started, self.total = progress.started, progress.total
        self.duration_minutes = f"{config.duration.total_seconds() / 60:g}".replace(".", ",")
        # The deadline on the real clock: the program clock may have been moved (the demo).
        self._deadline = time.time() + progress.seconds_left
        self.seconds_left = math.ceil(progress.seconds_left)
        if progress.started and not progress.finished:
            question = config.questions[progress.answered]
            self.number, self.question = progress.answered + 1, question.text
            self.options = list(question.options)

    def _left(self) -> int:
        return max(0, math.ceil(self._deadline - time.time()))

    async def _refresh(self, service, **kwargs):
        user_id = await self._applicant_id()
        progress = await call(service, user_id=user_id, **kwargs)
        config = await query(motivation_test.load_config)
        if progress.finished:
            nudge_delivery()  # the "test done" email
            return WizardState.load
        self._show(progress, config)
        return MotivationState.tick if progress.started else None

    @rx.event
    @shows_refusals
    async def load(self):
        """Show the introduction, or resume the running test."""
        self.errors, self.message = {}, ""
        return await self._refresh(motivation_test.progress)

    @rx.event
    async def start(self):
        """Start the clock on the server."""
        if await self._run(motivation_test.start):
            return await self._refresh(motivation_test.progress)
        return None

    @rx.event
    async def answer(self, form: dict):
        """Send the chosen answer to the question on screen."""
        choice = small_number(form_text(form).get("choice", ""))
        if choice is None:
            self.errors = {"choice": "Pilih salah satu jawaban."}
            return None
        question = self.number - 1
        if await self._run(motivation_test.answer, question=question, choice=choice):
            return await self._refresh(motivation_test.progress)
        return None

    @rx.event(background=True)
    async def tick(self):
        """Update the countdown every second; when time is up the server ends the test."""
        async with self:
            if self._ticking or not self.started:
                return None
            self._ticking = True
        while True:
            await asyncio.sleep(1)
            async with self:
                self.seconds_left = self._left()
                if self.seconds_left > 0 and self.started:
                    continue
                self._ticking = False
                if not self.started:
                    return None
            await asyncio.sleep(motivation_test.NETWORK_ALLOWANCE.total_seconds())
            async with self:
                return await self._refresh(motivation_test.progress)


def _intro() -> rx.Component:
    return rx.vstack(
        rx.heading("Tes motivasi", size="5", as_="h2"),
        rx.text(
            "Tes ini berisi ",
            MotivationState.total,
            " pertanyaan pilihan ganda dengan waktu ",
            MotivationState.duration_minutes,
            " menit. Tes hanya dapat diikuti satu kali dan waktu berjalan sejak Anda menekan"
            " tombol mulai.",
        ),
        form_message(MotivationState.message),
        rx.button("Mulai tes", on_click=MotivationState.start, size="3", width="100%"),
        spacing="4",
        width="100%",
    )


def _question() -> rx.Component:
    minutes = MotivationState.seconds_left // 60
    seconds = MotivationState.seconds_left % 60
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.text(
                    "Pertanyaan ",
                    MotivationState.number,
                    " dari ",
                    MotivationState.total,
                    weight="medium",
                ),
                rx.spacer(),
                rx.badge(
                    rx.icon("timer", size=14),
                    "Sisa waktu ",
                    minutes,
                    ":",
                    rx.cond(seconds < 10, "0", ""),
                    seconds,
                    size="3",
                    color_scheme=rx.cond(MotivationState.seconds_left <= 10, "red", "blue"),
                    role="timer",
                    aria_live="off",
                ),
                width="100%",
                align="center",
            ),
            rx.el.fieldset(
                rx.el.legend(rx.heading(MotivationState.question, size="4", as_="h2")),
                rx.vstack(
                    rx.foreach(
                        MotivationState.options,
                        lambda option, i: rx.el.label(
                            rx.el.input(
                                type="radio",
                                name="choice",
                                value=i.to_string(),
                                class_name="choice-input",
                            ),
                            option,
                            class_name="choice",
                            width="100%",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
                field_error("choice", MotivationState.errors),
                class_name="choice-group",
                key=MotivationState.number,
            ),
            form_message(MotivationState.message),
            rx.button("Jawab", type="submit", size="3", width="100%"),
            spacing="4",
            width="100%",
        ),
        on_submit=MotivationState.answer,
        reset_on_submit=True,
        no_validate=True,
    )


def motivation_step() -> rx.Component:
    """The test step: introduction, then the questions."""
    return rx.box(
        rx.cond(MotivationState.started, _question(), _intro()),
        on_mount=MotivationState.load,
        width="100%",
    )
