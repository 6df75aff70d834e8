"""The program office's counts of the answers: per survey, per question, per option.

One grouped pass over the answers in SQL: each response's ``answers_json`` object is
opened by the database's own JSON function (SQLite's ``json_each``, PostgreSQL's
``json_each_text``) and counted by (survey, question, option), so no response is read
into Python. The options every question offers come from the survey's row, with zero
for those nobody chose.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from prakerja_app.models import Survey, SurveyResponse
from prakerja_app.services.surveys import questions


@dataclass(frozen=True)
class OptionCount:
    """How many chose one option."""

    option_id: str
    label: str
    count: int


@dataclass(frozen=True)
class QuestionResult:
    """One question's options and their counts."""

    question_id: str
    text: str
    options: tuple[OptionCount, ...]


@dataclass(frozen=True)
class SurveyResult:
    """One survey: its responses and each question's counts."""

    sequence: int
    title: str
    responses: int
    questions: tuple[QuestionResult, ...]


def _answer_pairs(db: Session) -> sa.TableValuedAlias:
    """Each response's (question id, option id) pairs, as rows ``key`` and ``value``."""
    answers = col(SurveyResponse.answers_json)
    if db.get_bind().dialect.name == "postgresql":
        return func.json_each_text(sa.cast(answers, sa.JSON)).table_valued("key", "value")
    return func.json_each(answers).table_valued("key", "value")


def counts(db: Session) -> dict[tuple[int, str, str], int]:
    """(survey number, question id, option id) -> how many responses chose it."""
    pairs = _answer_pairs(db)
    rows = db.exec(
        select(Survey.sequence, pairs.c.key, pairs.c.value, func.count())
        .select_from(SurveyResponse)
        .join(Survey, col(Survey.id) == SurveyResponse.survey_id)
        .join(pairs, sa.true())
        .group_by(col(Survey.sequence), pairs.c.key, pairs.c.value)
    ).all()
    return {(sequence, key, value): total for sequence, key, value, total in rows}


def results(db: Session) -> list[SurveyResult]:
    """Every survey with questions, by number, with its responses and counts."""
    chosen = counts(db)
    responses = dict(
        db.exec(
            select(Survey.sequence, func.count(col(SurveyResponse.id)))
            .join(SurveyResponse, col(SurveyResponse.survey_id) == Survey.id)
            .group_by(col(Survey.sequence))
        ).all()
    )
    found = []
    for survey in db.exec(select(Survey).order_by(col(Survey.sequence))).all():
        asked = questions.parse(survey.questions_json)
        if not asked:
            continue
        found.append(
            SurveyResult(
                sequence=survey.sequence,
                title=survey.title,
                responses=responses.get(survey.sequence, 0),
                questions=tuple(
                    QuestionResult(
                        q.id,
                        q.text,
                        tuple(
                            OptionCount(o.id, o.label, chosen.get((survey.sequence, q.id, o.id), 0))
                            for o in q.options
                        ),
                    )
                    for q in asked
                ),
            )
        )
    return found
