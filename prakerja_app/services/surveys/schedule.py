"""When each survey opens and closes for a participant, on WIB dates of the program clock.

Survey 1 opens on the day the first incentive is paid (its `Payment.paid_at`); survey
n + 1 opens `NEXT_OPENS_AFTER_DAYS` days after survey n opened; each stays open
`OPEN_FOR_DAYS` days, its last day included. Nothing is stored: the dates follow from the
payment, and a survey's response says it was answered.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from prakerja_app.models import Payment, Survey, SurveyResponse
from prakerja_app.services.core import program
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.vocab import PaymentKind, PaymentStatus, SurveyStatus

NEXT_OPENS_AFTER_DAYS = 30
OPEN_FOR_DAYS = 30


@dataclass(frozen=True)
class SurveyProgress:
    """One survey and where the participant is with it."""

    sequence: int
    title: str
    status: SurveyStatus
    opens_on: date | None  # None until the first incentive is paid
    last_day: date | None  # the last day it can be answered
    answered_on: date | None


def opens_on(first_paid_on: date, sequence: int) -> date:
    """The day survey `sequence` opens, for a first incentive paid on `first_paid_on`."""
    return first_paid_on + timedelta(days=NEXT_OPENS_AFTER_DAYS * (sequence - 1))


def last_day(opened_on: date) -> date:
    """The last day a survey opened on `opened_on` can be answered."""
    return opened_on + timedelta(days=OPEN_FOR_DAYS - 1)


def status_on(today: date, opened_on: date | None, answered: bool) -> SurveyStatus:
    """A survey's status on `today`, from the day it opens (None: not known yet)."""
    if answered:
        return SurveyStatus.ANSWERED
    if opened_on is None or today < opened_on:
        return SurveyStatus.NOT_YET
    return SurveyStatus.OPEN if today <= last_day(opened_on) else SurveyStatus.CLOSED


def first_incentive_paid_on(db: Session, participant_id: int) -> date | None:
    """The WIB day the participant's first incentive was paid, if it was."""
    paid_at = db.exec(
        select(Payment.paid_at).where(
            Payment.participant_id == participant_id,
            Payment.kind == PaymentKind.INCENTIVE,
            Payment.sequence == 1,
            Payment.status == PaymentStatus.PAID,
        )
    ).first()
    return jakarta_today(paid_at) if paid_at is not None else None


def progress(db: Session, participant_id: int, now: datetime) -> list[SurveyProgress]:
    """The three surveys, by number, as they stand for the participant on `now`'s day."""
    first_paid = first_incentive_paid_on(db, participant_id)
    titles = dict(db.exec(select(Survey.sequence, Survey.title)).all())
    answered = dict(
        db.exec(
            select(Survey.sequence, SurveyResponse.submitted_at)
            .join(SurveyResponse, col(SurveyResponse.survey_id) == Survey.id)
            .where(SurveyResponse.participant_id == participant_id)
        ).all()
    )
    today = jakarta_today(now)
    rows = []
    for sequence in range(1, program.SURVEY_COUNT + 1):
        opened = opens_on(first_paid, sequence) if first_paid else None
        submitted = answered.get(sequence)
        rows.append(
            SurveyProgress(
                sequence=sequence,
                title=titles.get(sequence, f"Survei evaluasi {sequence}"),
                status=status_on(today, opened, submitted is not None),
                opens_on=opened,
                last_day=last_day(opened) if opened else None,
                answered_on=jakarta_today(submitted) if submitted else None,
            )
        )
    return rows
