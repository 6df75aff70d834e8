"""The surveys page (/admin/survei): per survey, its responses and, for each question, a
bar per option; all of it as CSV. Counts only, so every admin role may see it (the
reports' area)."""

import csv
import io

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.views import survey_results
from prakerja_app.services.views.survey_results import SurveyChart
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import query

BRAND = "#0b4f8a"


class SurveyResultsState(AdminPage, rx.State):
    """The surveys' charts."""

    surveys: list[SurveyChart] = []

    @rx.event
    async def load(self):
        """Check the role, then count the answers."""
        self.surveys = []
        if await self._enter(Area.REPORTS) is None:
            return await self._away()
        self.surveys = await query(survey_results.charts)
        return None

    @rx.event
    async def export(self):
        """Download every survey's counts as CSV."""
        if await self._may_read(Area.REPORTS) is None:
            return None
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(survey_results.CSV_HEADER)
        writer.writerows(await query(survey_results.csv_rows))
        return rx.download(data=out.getvalue(), filename="hasil-survei.csv")


def _bar(bar) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(bar.label, size="2"),
            rx.spacer(),
            rx.text(bar.count_label, " (", bar.percent, "%)", size="2", weight="medium"),
            width="100%",
            wrap="wrap",
        ),
        rx.box(
            rx.box(
                width=bar.percent.to_string() + "%",
                height="100%",
                background=BRAND,
                border_radius="4px",
            ),
            width="100%",
            height="10px",
            background="var(--gray-a3)",
            border_radius="4px",
        ),
        spacing="1",
        width="100%",
        class_name="option-bar",
    )


def _question(question) -> rx.Component:
    return rx.vstack(
        rx.text(question.text, weight="bold"),
        rx.foreach(question.bars, _bar),
        spacing="2",
        width="100%",
        padding_y="8px",
        border_top="1px solid var(--gray-a4)",
    )


def _survey(survey) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Survei ", survey.sequence, ": ", survey.title, size="4", as_="h2"),
                rx.spacer(),
                rx.badge(survey.responses_label, size="2", class_name="responses"),
                width="100%",
                wrap="wrap",
                align="center",
            ),
            rx.foreach(survey.questions, _question),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="survey-result",
    )


@rx.page(
    route=routes.ADMIN_SURVEYS, title="Survei - Kartu Prakerja", on_load=SurveyResultsState.load
)
def surveys() -> rx.Component:
    """The surveys page."""
    return admin_frame(
        SurveyResultsState,
        "Hasil survei evaluasi",
        refusal(SurveyResultsState),
        rx.hstack(
            rx.text(
                "Jumlah peserta yang memilih setiap jawaban. Persentase dihitung dari semua"
                " responden survei itu.",
                size="2",
                color_scheme="gray",
            ),
            rx.spacer(),
            rx.button("Unduh CSV", size="2", variant="outline", on_click=SurveyResultsState.export),
            width="100%",
            wrap="wrap",
        ),
        rx.foreach(SurveyResultsState.surveys, _survey),
    )
