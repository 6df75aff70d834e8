"""A survey on the dashboard (/dasbor/survei/<nomor>): one question per screen, the
options as large buttons, "Lanjut" and "Kembali", a summary, "Kirim jawaban", then the
confirmation that the survey's Rp 50.000 comes with the next payment run.

Only the participant signed in, while the survey is open for them: the services decide
(`surveys.answering`), from the participant the server-side session names. The state
keeps the question on screen and, in backend vars, the questions and the answers chosen
so far; the server checks every answer again when they are sent.
"""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import field_error, form_message
from prakerja_app.components.layout import page_frame
from prakerja_app.models import id_of
from prakerja_app.services.core import program
from prakerja_app.services.core.errors import AccessDenied, DomainError
from prakerja_app.services.core.formatting import long_date, rupiah
from prakerja_app.services.selection.participants import require_participant
from prakerja_app.services.surveys import answering, questions
from prakerja_app.services.surveys.errors import SurveyError
from prakerja_app.services.surveys.questions import Question
from prakerja_app.services.views import messages
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import ServiceForm, call, form_text, small_number

QUESTIONS, SUMMARY, DONE = "questions", "summary", "done"
AMOUNT = rupiah(program.SURVEY_AMOUNT)


def _open(db, *, user_id: int, sequence: int, now) -> answering.OpenSurvey:
    """The survey, if it is open for the account's participant."""
    participant = require_participant(db, user_id)
    return answering.open_survey(db, participant_id=id_of(participant), sequence=sequence, now=now)


def _submit(db, *, user_id: int, sequence: int, answers: dict, now) -> answering.Submitted:
    """`answering.submit` for the account's participant."""
    participant = require_participant(db, user_id)
    return answering.submit(
        db, participant_id=id_of(participant), sequence=sequence, answers=answers, now=now
    )


class SurveyState(ServiceForm, rx.State):
    """The survey on screen (the participant's own, from their session)."""

    phase: str = ""
    title: str = ""
    last_day: str = ""
    number: int = 0  # the question on screen, from 1
    total: int = 0
    question: str = ""
    options: list[dict[str, str]] = []  # {"id", "label"}
    chosen: str = ""  # the option chosen earlier for the question on screen
    summary: list[dict[str, str]] = []  # {"question", "answer"}
    _sequence: int = 0
    _questions: list[Question] = []
    _answers: dict[str, str] = {}

    def _show(self, index: int) -> None:
        """Put question `index` (from 0) on screen."""
        question = self._questions[index]
        self.phase, self.number = QUESTIONS, index + 1
        self.question = question.text
        self.options = [{"id": o.id, "label": o.label} for o in question.options]
        self.chosen = self._answers.get(question.id, "")

    @rx.event
    async def load(self):
        """Open the survey named in the address, if it is open for this participant."""
        self.reset()
        auth = await self.get_state(AuthState)
        try:
            user = await auth._require_applicant()
        except AccessDenied as error:
            self.message = messages.text(error)
            return None if auth.is_logged_in else rx.redirect(routes.LOGIN)
        raw = self.router.page.params.get("nomor", "")
        sequence = small_number(raw) if isinstance(raw, str) else None
        try:
            if sequence is None:
                raise DomainError(SurveyError.SURVEY_UNKNOWN)
            survey = await call(_open, user_id=user.id, sequence=sequence)
        except DomainError as error:
            self.message = messages.text(error)
            return None
        self._sequence, self._questions, self._answers = survey.sequence, list(survey.questions), {}
        self.title, self.total = survey.title, len(survey.questions)
        self.last_day = long_date(survey.last_day)
        self._show(0)
        return None

    @rx.event
    def next(self, form: dict):
        """Keep the answer to the question on screen and go on (to the summary after the
        last one); nothing chosen is refused next to the options."""
        if self.phase != QUESTIONS:
            return
        question = self._questions[self.number - 1]
        try:
            choice = questions.check_choice(question, form_text(form, 20).get("choice", ""))
        except DomainError as error:
            self.errors = {"choice": messages.text(error)}
            return
        self.errors, self.message = {}, ""
        self._answers = {**self._answers, question.id: choice}
        if self.number < self.total:
            self._show(self.number)
            return
        labels = {(q.id, o.id): o.label for q in self._questions for o in q.options}
        self.summary = [
            {"question": q.text, "answer": labels[(q.id, self._answers[q.id])]}
            for q in self._questions
        ]
        self.phase = SUMMARY

    @rx.event
    def back(self):
        """Go back one question (from the summary: to the last one)."""
        self.errors, self.message = {}, ""
        if self.phase == SUMMARY:
            self._show(self.total - 1)
        elif self.phase == QUESTIONS and self.number > 1:
            self._show(self.number - 2)

    @rx.event
    async def send(self):
        """Send the answers; the server checks them all and schedules the payment."""
        if self.phase != SUMMARY:
            return
        ok, _done = await self._call(_submit, sequence=self._sequence, answers=dict(self._answers))
        if ok:
            self.phase, self.summary, self._answers = DONE, [], {}


# --- the page ----------------------------------------------------------------------------


def _question() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(
                "Pertanyaan ",
                SurveyState.number,
                " dari ",
                SurveyState.total,
                size="2",
                weight="medium",
                class_name="question-number",
            ),
            rx.progress(value=SurveyState.number * 100 // SurveyState.total, width="100%"),
            rx.el.fieldset(
                rx.el.legend(rx.heading(SurveyState.question, size="5", as_="h2")),
                rx.vstack(
                    rx.foreach(
                        SurveyState.options,
                        lambda option: rx.el.label(
                            rx.el.input(
                                type="radio",
                                name="choice",
                                value=option["id"],
                                default_checked=option["id"] == SurveyState.chosen,
                                class_name="choice-input",
                            ),
                            rx.text(option["label"], size="3"),
                            class_name="choice survey-choice",
                            width="100%",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                    margin_top="8px",
                ),
                field_error("choice", SurveyState.errors),
                class_name="choice-group",
                aria_describedby=rx.cond(SurveyState.errors.contains("choice"), "choice-error", ""),
                key=SurveyState.number,
            ),
            rx.flex(
                rx.cond(
                    SurveyState.number > 1,
                    rx.button(
                        "Kembali",
                        type="button",
                        on_click=SurveyState.back,
                        variant="soft",
                        size="3",
                        flex="1",
                    ),
                ),
                rx.button("Lanjut", type="submit", size="3", flex="1"),
                gap="3",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=SurveyState.next,
        reset_on_submit=True,
        no_validate=True,
        width="100%",
    )


def _summary() -> rx.Component:
    return rx.vstack(
        rx.heading("Periksa jawaban Anda", size="5", as_="h2"),
        rx.el.ol(
            rx.foreach(
                SurveyState.summary,
                lambda row: rx.el.li(
                    rx.text(row["question"], size="2", color="gray"),
                    rx.text(row["answer"], weight="bold"),
                    margin_bottom="10px",
                ),
            ),
            padding_left="20px",
            margin="0",
        ),
        rx.text("Jawaban yang sudah dikirim tidak dapat diubah.", size="2"),
        form_message(SurveyState.message),
        rx.flex(
            rx.button(
                "Ubah jawaban", on_click=SurveyState.back, variant="soft", size="3", flex="1"
            ),
            rx.button("Kirim jawaban", on_click=SurveyState.send, size="3", flex="1"),
            gap="3",
            width="100%",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
    )


def _done() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("circle_check")),
        rx.vstack(
            rx.heading("Selesai", size="5", as_="h2"),
            rx.text(
                f"Terima kasih, jawaban Anda sudah kami terima. Insentif survei {AMOUNT} akan"
                " dibayarkan ke rekening pencairan Anda pada pembayaran berikutnya.",
            ),
            rx.link(rx.button("Kembali ke dasbor", size="3"), href=routes.DASHBOARD),
            spacing="2",
        ),
        color_scheme="green",
        role="status",
        width="100%",
    )


@rx.page(route=routes.SURVEY, title="Survei - Kartu Prakerja", on_load=SurveyState.load)
def survey() -> rx.Component:
    """The survey page."""
    return page_frame(
        rx.vstack(
            rx.link("\u2190 Dasbor", href=routes.DASHBOARD, size="2"),
            rx.cond(
                SurveyState.phase != "",
                rx.vstack(
                    rx.heading(SurveyState.title, size="6", as_="h1"),
                    rx.cond(
                        SurveyState.phase == DONE,
                        _done(),
                        rx.vstack(
                            rx.text(
                                f"Insentif survei {AMOUNT}. Dapat diisi sampai ",
                                SurveyState.last_day,
                                ". Jawaban Anda tidak memengaruhi pembayaran.",
                                size="2",
                                color="gray",
                            ),
                            rx.cond(SurveyState.phase == SUMMARY, _summary(), _question()),
                            spacing="4",
                            width="100%",
                        ),
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(
                    SurveyState.message != "",
                    rx.callout(SurveyState.message, icon="triangle_alert", role="alert"),
                    rx.spinner(size="3"),
                ),
            ),
            spacing="4",
            width="100%",
            max_width="560px",
            margin="0 auto",
        )
    )
