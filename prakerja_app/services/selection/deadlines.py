"""The first-purchase deadline: a reminder before it, revocation after it.

A participant must buy a first training within `program.FIRST_PURCHASE_DAYS` (30) days of
being selected (`Participant.first_purchase_deadline`; buying is allowed up to that very
moment). `process_deadlines`, run daily (``python -m prakerja_app process-deadlines``):

- reminds once, by email and SMS, whoever has not bought anything when the deadline is
  `program.FIRST_PURCHASE_REMINDER_DAYS` (7) days away or less (`deadline_reminder_at`);
- revokes whoever passed the deadline without a purchase: `revoked_at`, reason
  ``no_purchase``, the remaining balance forfeited to the state (a ledger FORFEIT entry,
  key ``forfeit:{participant_id}``), the NIK blacklisted, and an email and SMS saying so.

Idempotent, and safe to run from two processes at once: each participant is claimed with
a conditional UPDATE before anything is queued or booked. Work is committed in batches,
each with its messages (the outbox pattern), so a crash loses nothing and a re-run
carries on. Any Purchase row counts as a purchase (a refunded one too: it was bought
in time).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from prakerja_app.models import (
    ExclusionEntry,
    Participant,
    Purchase,
    id_of,
)
from prakerja_app.services.core import audit, program
from prakerja_app.services.core.formatting import card_number_text, rupiah, wib_datetime
from prakerja_app.services.core.labels import REVOKE_REASON_LABELS
from prakerja_app.services.core.vocab import (
    ExclusionReason,
    LedgerKind,
    RevokeReason,
)
from prakerja_app.services.messaging import outbox, templates
from prakerja_app.services.money import ledger
from prakerja_app.services.selection.participants import contact_of

BATCH_SIZE = 500
BLACKLIST_SOURCE = "Pencabutan kepesertaan: tidak membeli pelatihan pertama"


@dataclass(frozen=True)
class DeadlineReport:
    """What one run did: reminders sent, participations revoked, rupiah forfeited."""

    reminded: int = 0
    revoked: int = 0
    forfeited: int = 0


def process_deadlines(db: Session, now: datetime) -> DeadlineReport:
    """Send the due reminders and revoke the overdue participants, as of `now`; commit.

    Args:
        now: the program's time (an operator may process as of another date).
    """
    revoked, forfeited = _revoke_overdue(db, now)
    reminded = _remind(db, now)
    return DeadlineReport(reminded=reminded, revoked=revoked, forfeited=forfeited)


def _no_purchase() -> sa.ColumnElement[bool]:
    return ~sa.exists().where(col(Purchase.participant_id) == col(Participant.id))


def _batches(db: Session, due: sa.ColumnElement[bool]) -> Iterator[list[int]]:
    """Ids of participants matching `due`, a batch at a time, in id order (keyset)."""
    after = 0
    while True:
        # Ids read back are never None (the model's `id` is None only before the insert).
        batch = cast(
            list[int],
            list(
                db.exec(
                    select(Participant.id)
                    .where(due, col(Participant.id) > after)
                    .order_by(col(Participant.id))
                    .limit(BATCH_SIZE)
                ).all()
            ),
        )
        if not batch:
            db.commit()
            return
        after = batch[-1]
        yield batch


# --- the reminder ------------------------------------------------------------------------


def _remind(db: Session, now: datetime) -> int:
    due = sa.and_(
        col(Participant.revoked_at).is_(None),
        col(Participant.deadline_reminder_at).is_(None),
        col(Participant.first_purchase_deadline) >= now,
        col(Participant.first_purchase_deadline)
        <= now + timedelta(days=program.FIRST_PURCHASE_REMINDER_DAYS),
        _no_purchase(),
    )
    reminded = 0
    for batch in _batches(db, due):
        claimed = db.exec(
            sa.update(Participant)
            .where(col(Participant.id).in_(batch), due)
            .values(deadline_reminder_at=now)
            .returning(col(Participant.id))
            .execution_options(synchronize_session=False)
        ).all()
        for (participant_id,) in claimed:
            _send_reminder(db, db.get_one(Participant, participant_id), now)
        db.commit()
        reminded += len(claimed)
    return reminded


def _send_reminder(db: Session, participant: Participant, now: datetime) -> None:
    user, phone = contact_of(db, participant)
    deadline = wib_datetime(participant.first_purchase_deadline)
    card = card_number_text(participant.card_number)
    email = templates.PURCHASE_REMINDER.render(name=user.full_name, card=card, deadline=deadline)
    outbox.queue_email(db, to=user.email, email=email, now=now)
    if phone:
        body = templates.PURCHASE_REMINDER_SMS.format(deadline=deadline)
        outbox.queue_sms(db, to=phone, body=body, now=now)


# --- revocation --------------------------------------------------------------------------


def _revoke_overdue(db: Session, now: datetime) -> tuple[int, int]:
    due = sa.and_(
        col(Participant.revoked_at).is_(None),
        col(Participant.first_purchase_deadline) < now,
        _no_purchase(),
    )
    revoked = forfeited = 0
    for batch in _batches(db, due):
        # Lock the rows first: a purchase in flight holds its buyer's row (purchases.py),
        # so we wait for it, and the next statement (a fresh snapshot on PostgreSQL) sees it.
        locked = db.exec(
            select(Participant.id)
            .where(col(Participant.id).in_(batch), col(Participant.revoked_at).is_(None))
            .with_for_update()
        ).all()
        claimed = db.exec(
            sa.update(Participant)
            .where(col(Participant.id).in_(locked), due)
            .values(revoked_at=now, revoke_reason=RevokeReason.NO_PURCHASE)
            .returning(col(Participant.id))
            .execution_options(synchronize_session=False)
        ).all()
        for (participant_id,) in claimed:
            forfeited += _revoke(db, db.get_one(Participant, participant_id), now)
        db.commit()
        revoked += len(claimed)
    return revoked, forfeited


def _revoke(db: Session, participant: Participant, now: datetime) -> int:
    """Forfeit the balance, blacklist the NIK and tell the participant; return the forfeit."""
    db.refresh(participant)
    left = ledger.balance(db, id_of(participant))
    if left > 0:
        ledger.post(
            db,
            participant_id=id_of(participant),
            amount=-left,
            kind=LedgerKind.FORFEIT,
            idempotency_key=f"forfeit:{participant.id}",
            now=now,
        )
    _blacklist(db, participant.nik, now)
    audit.record(
        db,
        actor_id=None,
        action="participant.revoke",
        entity="participant",
        entity_id=participant.id,
        after={"reason": RevokeReason.NO_PURCHASE, "forfeited": left, "at": now},
    )
    user, phone = contact_of(db, participant)
    email = templates.REVOKED.render(
        name=user.full_name,
        card=card_number_text(participant.card_number),
        reason=REVOKE_REASON_LABELS[RevokeReason.NO_PURCHASE],
        deadline=wib_datetime(participant.first_purchase_deadline),
        forfeited=rupiah(max(left, 0)),
    )
    outbox.queue_email(db, to=user.email, email=email, now=now)
    if phone:
        body = templates.REVOKED_SMS.format(days=program.FIRST_PURCHASE_DAYS)
        outbox.queue_sms(db, to=phone, body=body, now=now)
    return max(left, 0)


def _blacklist(db: Session, nik: str, now: datetime) -> None:
    exists = db.exec(
        select(ExclusionEntry.id).where(
            ExclusionEntry.nik == nik, ExclusionEntry.reason == ExclusionReason.BLACKLISTED
        )
    ).first()
    if exists is not None:
        return
    try:
        with db.begin_nested():
            db.add(
                ExclusionEntry(
                    nik=nik,
                    reason=ExclusionReason.BLACKLISTED,
                    source=BLACKLIST_SOURCE,
                    created_at=now,
                )
            )
    except IntegrityError:
        pass  # listed by someone else meanwhile
