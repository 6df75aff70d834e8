"""The email and SMS telling a participant a survey opened, once each, run daily.

`notify_opened` finds, by the schedule (`schedule`), the participants with a survey
open today that they have not answered and were not told about, a batch at a time.
Each is claimed first by inserting its `SurveyNotice` (participant, survey), which the
key lets in once, then told in the same transaction (the outbox pattern): a second run,
or two at once, sends nothing twice, and a crash loses nothing.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from prakerja_app import routes, settings
from prakerja_app.models import (
    ApplicantProfile,
    Participant,
    Payment,
    Survey,
    SurveyNotice,
    SurveyResponse,
    User,
)
from prakerja_app.services.core import program
from prakerja_app.services.core.formatting import WIB, jakarta_today, long_date, rupiah
from prakerja_app.services.core.sql import table_of
from prakerja_app.services.core.vocab import PaymentKind, PaymentStatus
from prakerja_app.services.messaging import outbox, templates
from prakerja_app.services.surveys import questions, schedule

BATCH_SIZE = 500


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=WIB)


def _due(survey: Survey, today: date) -> sa.ColumnElement[bool]:
    """Participants whose survey `survey` is open on `today`, unanswered and untold: their
    first incentive was paid within the survey's `OPEN_FOR_DAYS` ago, shifted by its place."""
    newest_paid = today - timedelta(days=schedule.NEXT_OPENS_AFTER_DAYS * (survey.sequence - 1))
    oldest_paid = newest_paid - timedelta(days=schedule.OPEN_FOR_DAYS - 1)
    return sa.and_(
        col(Payment.kind) == PaymentKind.INCENTIVE,
        col(Payment.sequence) == 1,
        col(Payment.status) == PaymentStatus.PAID,
        col(Payment.paid_at) >= _start_of(oldest_paid),
        col(Payment.paid_at) < _start_of(newest_paid + timedelta(days=1)),
        col(Participant.revoked_at).is_(None),
        ~sa.exists().where(
            col(SurveyResponse.participant_id) == col(Payment.participant_id),
            col(SurveyResponse.survey_id) == survey.id,
        ),
        ~sa.exists().where(
            col(SurveyNotice.participant_id) == col(Payment.participant_id),
            col(SurveyNotice.sequence) == survey.sequence,
        ),
    )


def _claim(db: Session, sequence: int, participant_ids: Sequence[int], now: datetime) -> list[int]:
    """Insert the notices that are not there yet; the participants whose insert went in."""
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    rows = [{"participant_id": p, "sequence": sequence, "queued_at": now} for p in participant_ids]
    statement = (
        dialect.insert(table_of(SurveyNotice))
        .values(rows)
        .on_conflict_do_nothing(index_elements=["participant_id", "sequence"])
        .returning(table_of(SurveyNotice).c.participant_id)
    )
    return [participant_id for (participant_id,) in db.exec(statement).all()]


def _tell(db: Session, survey: Survey, last_days: dict[int, date], now: datetime) -> None:
    """Queue the email and SMS of each participant, with their survey's last day."""
    contacts = db.exec(
        select(Participant.id, User.full_name, User.email, ApplicantProfile.phone)
        .join(User, col(User.id) == Participant.user_id)
        .join(ApplicantProfile, col(ApplicantProfile.user_id) == User.id, isouter=True)
        .where(col(Participant.id).in_(list(last_days)))
    ).all()
    amount = rupiah(program.SURVEY_AMOUNT)
    link = settings.public_url() + routes.survey(survey.sequence)
    asked = str(len(questions.parse(survey.questions_json)))
    for participant_id, name, email, phone in contacts:
        last_day = long_date(last_days[cast(int, participant_id)])  # read back: never None
        message = templates.SURVEY_OPENED.render(
            name=name,
            title=survey.title,
            number=str(survey.sequence),
            last_day=last_day,
            questions=asked,
            amount=amount,
            link=link,
        )
        outbox.queue_email(db, to=email, email=message, now=now)
        if phone:
            body = templates.SURVEY_OPENED_SMS.format(
                title=survey.title, last_day=last_day, amount=amount
            )
            outbox.queue_sms(db, to=phone, body=body, now=now)


def _notify(db: Session, survey: Survey, today: date, now: datetime) -> int:
    """Tell, a committed batch at a time, whoever is due for this survey; how many."""
    due = _due(survey, today)
    told = after = 0
    while True:
        batch = db.exec(
            select(Payment.participant_id, Payment.paid_at)
            .join(Participant, col(Participant.id) == Payment.participant_id)
            .where(due, col(Payment.participant_id) > after)
            .order_by(col(Payment.participant_id))
            .limit(BATCH_SIZE)
        ).all()
        if not batch:
            db.commit()
            return told
        after = batch[-1][0]
        # Paid payments have their time (`_due`).
        paid_on = {p: jakarta_today(cast(datetime, paid_at)) for p, paid_at in batch}
        claimed = _claim(db, survey.sequence, list(paid_on), now)
        if claimed:
            last_days = {
                p: schedule.last_day(schedule.opens_on(paid_on[p], survey.sequence))
                for p in claimed
            }
            _tell(db, survey, last_days, now)
        db.commit()
        told += len(claimed)


def notify_opened(db: Session, now: datetime) -> int:
    """Tell every participant with a survey open on `now`'s day (WIB) who has not answered
    it and was not told yet, by email and SMS; commits. Returns how many were told."""
    today = jakarta_today(now)
    surveys = db.exec(select(Survey).order_by(col(Survey.sequence))).all()
    return sum(
        _notify(db, survey, today, now)
        for survey in surveys
        if questions.parse(survey.questions_json)  # with no questions, nobody can answer
    )
