"""The surveys' counts as the console's survey page shows them: a bar per option, with
its count and its share of the survey's responses, and the same as CSV rows."""

from dataclasses import dataclass

from sqlmodel import Session

from prakerja_app.services.core.formatting import number
from prakerja_app.services.surveys import results

CSV_HEADER = ("Survei", "Judul", "Pertanyaan", "Jawaban", "Jumlah")


@dataclass(frozen=True)
class OptionBar:
    """One option's bar."""

    label: str
    count_label: str
    percent: int  # of the survey's responses, rounded


@dataclass(frozen=True)
class QuestionChart:
    """One question and its options' bars."""

    text: str
    bars: list[OptionBar]


@dataclass(frozen=True)
class SurveyChart:
    """One survey: its responses and its questions' charts."""

    sequence: int
    title: str
    responses_label: str
    questions: list[QuestionChart]


def _percent(count: int, responses: int) -> int:
    return round(100 * count / responses) if responses else 0


def charts(db: Session) -> list[SurveyChart]:
    """Every survey's charts, by number."""
    return [
        SurveyChart(
            sequence=survey.sequence,
            title=survey.title,
            responses_label=f"{number(survey.responses)} responden",
            questions=[
                QuestionChart(
                    q.text,
                    [
                        OptionBar(o.label, number(o.count), _percent(o.count, survey.responses))
                        for o in q.options
                    ],
                )
                for q in survey.questions
            ],
        )
        for survey in results.results(db)
    ]


def csv_rows(db: Session) -> list[tuple[str | int, ...]]:
    """One row per survey, question and option, with its count (below `CSV_HEADER`)."""
    return [
        (survey.sequence, survey.title, q.text, o.label, o.count)
        for survey in results.results(db)
        for q in survey.questions
        for o in q.options
    ]
