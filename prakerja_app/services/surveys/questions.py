"""The surveys' questions: single choice, each option with a stable id.

They are written in `questions.json` (this package), which `install` copies into the
`Survey` rows (the demo's seed runs it). From then on the row is the one source: what a
participant is asked and answers, and what the program office's counts name
(`Survey.questions_json`), so answers stay readable against the questions they were
given even if the file changes later.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from prakerja_app.models import Survey
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.surveys.errors import SurveyError

DEFINITIONS = Path(__file__).with_name("questions.json")


@dataclass(frozen=True)
class Option:
    """One answer a question offers."""

    id: str
    label: str


@dataclass(frozen=True)
class Question:
    """A single-choice question."""

    id: str
    text: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Definition:
    """A survey as written in the package."""

    sequence: int
    title: str
    questions: tuple[Question, ...]


def _question(raw: dict) -> Question:
    return Question(
        raw["id"], raw["text"], tuple(Option(o["id"], o["label"]) for o in raw["options"])
    )


def parse(questions_json: str) -> tuple[Question, ...]:
    """The questions stored in a survey's row."""
    return tuple(_question(raw) for raw in json.loads(questions_json))


def _as_json(questions: tuple[Question, ...]) -> str:
    return json.dumps(
        [
            {
                "id": q.id,
                "text": q.text,
                "options": [{"id": o.id, "label": o.label} for o in q.options],
            }
            for q in questions
        ],
        ensure_ascii=False,
    )


def definitions() -> tuple[Definition, ...]:
    """The three surveys as written in `questions.json`."""
    return tuple(
        Definition(raw["sequence"], raw["title"], tuple(_question(q) for q in raw["questions"]))
        for raw in json.loads(DEFINITIONS.read_text(encoding="utf-8"))
    )


def install(db: Session) -> int:
    """Add the surveys that are missing, and give their questions to rows that have none
    (seeded before there were questions: nobody could answer them); flushes, the caller
    commits. Returns how many rows were added or filled."""
    rows = {s.sequence: s for s in db.exec(select(Survey)).all()}
    changed = 0
    for definition in definitions():
        row = rows.get(definition.sequence)
        if row is not None and parse(row.questions_json):
            continue
        title, asked = definition.title, _as_json(definition.questions)
        if row is None:
            row = Survey(sequence=definition.sequence, title=title, questions_json=asked)
        row.title, row.questions_json = title, asked
        db.add(row)
        changed += 1
    db.flush()
    return changed


def check_choice(question: Question, choice: object) -> str:
    """The option chosen for `question`, if it is one it offers.

    Raises:
        DomainError: ``answer_missing`` (nothing chosen) or ``option_not_offered``,
            with the question's id as the field.
    """
    if choice is None or choice == "":
        raise DomainError(SurveyError.ANSWER_MISSING, field=question.id)
    if not isinstance(choice, str) or choice not in {o.id for o in question.options}:
        raise DomainError(SurveyError.OPTION_NOT_OFFERED, field=question.id)
    return choice


def check_answers(questions: tuple[Question, ...], answers: object) -> dict[str, str]:
    """The answers, one offered option for each question, in the questions' order.

    Raises:
        DomainError: ``answers_invalid`` (not a mapping of text), ``question_unknown``,
            or `check_choice`'s refusals for the first question answered wrongly.
    """
    if not isinstance(answers, dict) or not all(isinstance(k, str) for k in answers):
        raise DomainError(SurveyError.ANSWERS_INVALID)
    known = {q.id for q in questions}
    for question_id in answers:
        if question_id not in known:
            raise DomainError(SurveyError.QUESTION_UNKNOWN, field=question_id[:40])
    return {q.id: check_choice(q, answers.get(q.id)) for q in questions}
