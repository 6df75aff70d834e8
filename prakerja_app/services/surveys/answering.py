"""Answering a survey: every answer checked on the server, then its payment, once.

`submit` locks the participant first (`selection.participants.lock_participant`), so two
submits of one participant run one after the other and the second finds the first's
response; the unique keys (survey, participant) of the response and (participant, kind,
sequence) of the payment hold even without it. The payment is Rp 50.000 whatever the
answers say: a `Payment` of kind survey, due the day of the answers, scheduled for the
next payment run, and owed in the cash ledger (`money.cash_ledger.owe`).
"""

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from prakerja_app.models import Participant, Payment, Survey, SurveyResponse, id_of
from prakerja_app.services.core import audit, program
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import PaymentKind, PaymentStatus, SurveyStatus
from prakerja_app.services.money import cash_ledger
from prakerja_app.services.selection.errors import SelectionError
from prakerja_app.services.selection.participants import lock_participant
from prakerja_app.services.surveys import questions, schedule
from prakerja_app.services.surveys.errors import SurveyError
from prakerja_app.services.surveys.questions import Question


@dataclass(frozen=True)
class OpenSurvey:
    """A survey the participant may answer now."""

    sequence: int
    title: str
    questions: tuple[Question, ...]
    last_day: date


@dataclass(frozen=True)
class Submitted:
    """The answers were stored and this payment scheduled."""

    sequence: int
    amount: int
    due_on: date


def idempotency_key(participant_id: int, sequence: int) -> str:
    """The unique key of a survey's payment: one per participant and survey."""
    return f"survey:{participant_id}:{sequence}"


def _survey(db: Session, sequence: object) -> tuple[Survey, tuple[Question, ...]]:
    known = (
        isinstance(sequence, int)
        and not isinstance(sequence, bool)
        and 1 <= sequence <= program.SURVEY_COUNT
    )
    row = db.exec(select(Survey).where(Survey.sequence == sequence)).first() if known else None
    asked = questions.parse(row.questions_json) if row else ()
    if row is None or not asked:
        raise DomainError(SurveyError.SURVEY_UNKNOWN)
    return row, asked


def _require_open(
    db: Session, participant_id: int, sequence: object, now: datetime
) -> tuple[Survey, tuple[Question, ...], date]:
    """The survey, its questions and its last day, when the participant may answer it.

    Raises:
        DomainError: ``survey_unknown``, ``not_participant``, ``revoked``,
            ``survey_answered``, ``survey_not_open`` or ``survey_closed``.
    """
    survey, asked = _survey(db, sequence)
    participant = db.get(Participant, participant_id)
    if participant is None:
        raise DomainError(SelectionError.NOT_PARTICIPANT)
    db.refresh(participant)  # as it is now that it is locked
    if participant.revoked_at is not None:
        raise DomainError(SelectionError.REVOKED)
    found = schedule.progress(db, participant_id, now)[survey.sequence - 1]
    if found.status == SurveyStatus.ANSWERED:
        raise DomainError(SurveyError.SURVEY_ANSWERED)
    if found.status == SurveyStatus.NOT_YET or found.last_day is None:
        raise DomainError(SurveyError.SURVEY_NOT_OPEN, opens_on=found.opens_on)
    if found.status == SurveyStatus.CLOSED:
        raise DomainError(SurveyError.SURVEY_CLOSED, closed_on=found.last_day)
    return survey, asked, found.last_day


def open_survey(db: Session, *, participant_id: int, sequence: object, now: datetime) -> OpenSurvey:
    """The survey to answer, with its questions; reads only.

    Raises:
        DomainError: as `submit`, before the answers are looked at.
    """
    survey, asked, last_day = _require_open(db, participant_id, sequence, now)
    return OpenSurvey(survey.sequence, survey.title, asked, last_day)


def submit(
    db: Session, *, participant_id: int, sequence: object, answers: object, now: datetime
) -> Submitted:
    """Store the participant's answers and schedule the survey's payment; commit.

    Args:
        participant_id: the participant answering (the page resolves it from the session).
        sequence: the survey's number, 1-3.
        answers: question id -> option id, one for every question of the survey.

    Raises:
        DomainError: the survey is unknown, not open yet, closed or already answered; the
            participant is revoked or unknown; or an answer is missing, names an unknown
            question or an option not offered (`questions.check_answers`).
    """
    user_id = db.exec(select(Participant.user_id).where(Participant.id == participant_id)).first()
    if user_id is None:
        raise DomainError(SelectionError.NOT_PARTICIPANT)
    try:
        with committing(db):
            lock_participant(db, user_id)
            survey, asked, _last_day = _require_open(db, participant_id, sequence, now)
            chosen = questions.check_answers(asked, answers)
            db.add(
                SurveyResponse(
                    survey_id=id_of(survey),
                    participant_id=participant_id,
                    answers_json=json.dumps(chosen, sort_keys=True),
                    submitted_at=now,
                )
            )
            payment = Payment(
                participant_id=participant_id,
                kind=PaymentKind.SURVEY,
                sequence=survey.sequence,
                amount=program.SURVEY_AMOUNT,
                due_on=jakarta_today(now),
                status=PaymentStatus.SCHEDULED,
                idempotency_key=idempotency_key(participant_id, survey.sequence),
                created_at=now,
            )
            db.add(payment)
            db.flush()
            cash_ledger.owe(db, payment, now)
            audit.record(
                db,
                actor_id=user_id,
                action="survey.submit",
                entity="participant",
                entity_id=participant_id,
                after={"survey": survey.sequence, "payment": payment.amount},
            )
            return Submitted(survey.sequence, payment.amount, payment.due_on)
    except IntegrityError:
        if not _answered(db, participant_id, sequence):
            raise
        raise DomainError(SurveyError.SURVEY_ANSWERED) from None  # another submit won


def _answered(db: Session, participant_id: int, sequence: object) -> bool:
    """Whether the participant's response to the survey is in (read after a clash)."""
    found = db.exec(
        select(SurveyResponse.id)
        .join(Survey, col(Survey.id) == SurveyResponse.survey_id)
        .where(SurveyResponse.participant_id == participant_id, Survey.sequence == sequence)
    ).first()
    db.rollback()
    return found is not None
