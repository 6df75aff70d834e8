"""The results, fanned out after they are published in batches of applications.

Each batch queues, for the next `BATCH` applications of the wave by id, an email and SMS
to each selected applicant and an email with the reason to everyone else, starts the
selected's 30 days to buy a first training from the announcement (the deadline the email
states), and moves the wave's cursor (`Wave.results_queued_through`) in the same
transaction. The cursor is claimed first, so two workers on the same wave take turns and
no one is told twice, and a worker killed mid-batch leaves the batch to the next one.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from prakerja_app import routes, settings
from prakerja_app.models import ApplicantProfile, Participant, User, Wave, WaveApplication
from prakerja_app.services.core import program
from prakerja_app.services.core.formatting import rupiah, wib_datetime
from prakerja_app.services.core.labels import SELECTION_REASON_LABELS, UNKNOWN_SELECTION_REASON
from prakerja_app.services.core.sql import table_of, text_literal
from prakerja_app.services.core.vocab import ApplicationResult, Channel, WaveStatus
from prakerja_app.services.messaging import templates
from prakerja_app.services.messaging.bulk import grouped_card, queue_many, sql_template
from prakerja_app.services.selection import outcomes

BATCH = 20_000

_applications = table_of(WaveApplication)
_profiles = table_of(ApplicantProfile)
_participants = table_of(Participant)
_users = table_of(User)


def unfinished(db: Session) -> list[int]:
    """The numbers of the announced waves whose result messages are not all queued."""
    return list(
        db.exec(
            select(Wave.number)
            .where(Wave.status == WaveStatus.ANNOUNCED, col(Wave.results_queued_at).is_(None))
            .order_by(col(Wave.number))
        ).all()
    )


def queue_batch(db: Session, wave_number: int, now: datetime) -> bool:
    """Queue the results of the wave's next `BATCH` applications; commit.

    Returns:
        True while applications are left (call again), False once all are told.
    """
    wave = db.exec(
        select(Wave).where(Wave.number == wave_number).execution_options(populate_existing=True)
    ).one()
    if wave.status != WaveStatus.ANNOUNCED or wave.results_queued_at is not None:
        return False
    after = wave.results_queued_through or 0
    next_end = db.exec(
        select(WaveApplication.id)
        .where(WaveApplication.wave_id == wave.id, col(WaveApplication.id) > after)
        .order_by(col(WaveApplication.id))
        .offset(BATCH - 1)
        .limit(1)
    ).first()
    done = next_end is None
    last = select(func.max(WaveApplication.id)).where(WaveApplication.wave_id == wave.id)
    upto = next_end if next_end is not None else db.exec(last).one() or after
    claimed = db.exec(
        sa.update(Wave)
        .where(
            col(Wave.id) == wave.id,
            sa.func.coalesce(col(Wave.results_queued_through), 0) == after,
        )
        .values(results_queued_through=upto, results_queued_at=now if done else None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:  # another worker queued this batch meanwhile
        db.rollback()
        return True
    _start_participations(db, wave, after, upto, wave.announced_at or now)
    _queue_results(db, wave, after, upto, now)
    db.commit()
    return not done


def queue_all(db: Session, wave_number: int, now: datetime) -> None:
    """Queue every result message of the wave now, batch after batch (the command line)."""
    while queue_batch(db, wave_number, now):
        pass


def _start_participations(
    db: Session, wave: Wave, after: int, upto: int, announced_at: datetime
) -> None:
    """The batch's selected are participants from the announcement, not from the draw."""
    in_batch = sa.select(_applications.c.user_id).where(
        _applications.c.wave_id == wave.id,
        _applications.c.id > after,
        _applications.c.id <= upto,
    )
    db.exec(
        sa.update(Participant)
        .where(col(Participant.wave_id) == wave.id, col(Participant.user_id).in_(in_batch))
        .values(
            selected_at=announced_at,
            first_purchase_deadline=announced_at + timedelta(days=program.FIRST_PURCHASE_DAYS),
        )
        .execution_options(synchronize_session=False)
    )


def _queue_results(db: Session, wave: Wave, after: int, upto: int, now: datetime) -> None:
    announced_at = wave.announced_at or now
    deadline = wib_datetime(announced_at + timedelta(days=program.FIRST_PURCHASE_DAYS))
    dashboard = settings.public_url() + routes.DASHBOARD
    number = str(wave.number)
    in_batch = sa.and_(
        _applications.c.wave_id == wave.id,
        _applications.c.id > after,
        _applications.c.id <= upto,
    )
    applications = outcomes.with_participants()
    selected = templates.SELECTED
    card = grouped_card(_participants.c.card_number)
    queue_many(
        db,
        Channel.EMAIL,
        sa.select(_users.c.email)
        .select_from(applications.join(_users, _users.c.id == _participants.c.user_id))
        .where(in_batch),
        subject=selected.subject.format(wave=number),
        body=sql_template(
            selected.signed_body,
            name=_users.c.full_name,
            wave=number,
            card=card,
            balance=rupiah(program.TRAINING_BALANCE),
            deadline=deadline,
            dashboard=dashboard,
        ),
        now=now,
    )
    queue_many(
        db,
        Channel.SMS,
        sa.select(_profiles.c.phone)
        .select_from(applications.join(_profiles, _profiles.c.user_id == _participants.c.user_id))
        .where(in_batch, _profiles.c.phone.is_not(None)),
        subject="",
        body=sql_template(templates.SELECTED_SMS, wave=number, card=card, deadline=deadline),
        now=now,
    )
    result = outcomes.result_expression(sa.true())
    reason = sa.case(
        {code: text_literal(label) for code, label in SELECTION_REASON_LABELS.items()},
        value=outcomes.reason_expression(sa.true()),
        else_=text_literal(UNKNOWN_SELECTION_REASON),
    )
    for outcome, template in (
        (ApplicationResult.NOT_SELECTED, templates.NOT_SELECTED),
        (ApplicationResult.EXCLUDED, templates.EXCLUDED),
    ):
        queue_many(
            db,
            Channel.EMAIL,
            sa.select(_users.c.email)
            .select_from(applications.join(_users, _users.c.id == _applications.c.user_id))
            .where(in_batch, result == outcome),
            subject=template.subject.format(wave=number),
            body=sql_template(
                template.signed_body,
                name=_users.c.full_name,
                wave=number,
                reason=reason,
                dashboard=dashboard,
            ),
            now=now,
        )
