"""Sending an approved run to the partner, batch by batch, exactly once.

Each batch:

1. claims pending tries (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two senders take
   different batches), creates each payout at the partner with the try's idempotency
   key, and commits the references: from then on the partner's notifications find them;
2. approves the batch's payouts (the approver's key);
3. marks them sent, and their payments "Sedang Diproses", unless a notification got
   there first.

A sender killed anywhere leaves tries pending (created again: the partner answers the
same payout for the same key) or created (approved once the run has made no progress
for `STALL`; a payout already approved is refused by the partner, and its status is
read instead). So two senders, or a resumed one, pay each try once. The run is sent
once no try is pending or created.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from prakerja_app.models import Payment, PaymentRun, PayoutAccount, PayoutAttempt, id_of
from prakerja_app.services.core import clock
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import AttemptStatus, PaymentStatus, RunStatus
from prakerja_app.services.money import payout_status
from prakerja_app.services.money.partner.errors import PartnerRefused
from prakerja_app.services.money.partner.interface import (
    PaymentPartner,
    PayoutChannel,
    PayoutOrder,
    PayoutStatus,
)

BATCH = 100
STALL = timedelta(minutes=2)  # a run with no progress this long lost its sender


@dataclass(frozen=True)
class SendResult:
    """What one sender did."""

    created: int
    approved: int
    sent: bool  # the run is sent (nothing left pending or created)


def _orders(db: Session, tries: list[PayoutAttempt]) -> list[PayoutOrder]:
    accounts = {
        id_of(a): a
        for a in db.exec(
            select(PayoutAccount).where(
                col(PayoutAccount.id).in_({t.payout_account_id for t in tries})
            )
        ).all()
    }
    return [
        PayoutOrder(
            idempotency_key=t.idempotency_key,
            channel=PayoutChannel(accounts[t.payout_account_id].provider),
            account_no=accounts[t.payout_account_id].account_number,
            holder_name=accounts[t.payout_account_id].holder_name,
            amount=t.amount,
            notes=f"Kartu Prakerja {t.idempotency_key}"[:100],
        )
        for t in tries
    ]


def _claim(db: Session, run_id: int, status: AttemptStatus, limit: int) -> list[PayoutAttempt]:
    return list(
        db.exec(
            select(PayoutAttempt)
            .where(PayoutAttempt.run_id == run_id, PayoutAttempt.status == status)
            .order_by(col(PayoutAttempt.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
    )


def _approved_run(db: Session, run_id: int) -> PaymentRun | None:
    run = db.get(PaymentRun, run_id, populate_existing=True)
    return run if run is not None and run.status == RunStatus.APPROVED else None


def _create_batch(
    db: Session, run_id: int, partner: PaymentPartner, now: datetime, batch: int
) -> list[str]:
    """Create a batch of pending tries at the partner; their references, committed."""
    with committing(db):
        run = _approved_run(db, run_id)
        if run is None:
            return []
        tries = _claim(db, run_id, AttemptStatus.PENDING, batch)
        created = partner.create_payouts(_orders(db, tries)) if tries else []
        for attempt, payout in zip(tries, created, strict=True):
            attempt.reference_no, attempt.status = payout.reference_no, AttemptStatus.CREATED
        if tries:
            run.touched_at = now
        return [payout.reference_no for payout in created]


def _approve(db: Session, partner: PaymentPartner, references: list[str], now: datetime) -> None:
    """Approve the payouts; when the partner refuses (one was approved already: a resumed
    run), approve the queued ones one by one and take the others' status as it is."""
    try:
        partner.approve_payouts(references)
    except PartnerRefused:
        for reference in references:
            state = partner.payout(reference)
            if state.status is PayoutStatus.QUEUED:
                partner.approve_payouts([reference])
            else:
                update = payout_status.update_of(state)
                payout_status.apply(db, update, clock.program_now(db, now))
    with committing(db):
        tries = db.exec(
            select(PayoutAttempt)
            .where(col(PayoutAttempt.reference_no).in_(references))
            .where(PayoutAttempt.status == AttemptStatus.CREATED)
            .with_for_update()
        ).all()
        for attempt in tries:
            attempt.status = AttemptStatus.SENT
        payments = db.exec(
            select(Payment)
            .where(col(Payment.id).in_([t.payment_id for t in tries]))
            .where(Payment.status == PaymentStatus.SCHEDULED)
            .with_for_update()
        ).all()
        for payment in payments:
            payment.status = PaymentStatus.PROCESSING


def _resume_created(
    db: Session, run_id: int, partner: PaymentPartner, now: datetime, batch: int
) -> int:
    """Approve the created tries of a run whose sender stalled; how many."""
    approved = 0
    while True:
        with committing(db):
            run = _approved_run(db, run_id)
            if run is None or (run.touched_at is not None and now - run.touched_at < STALL):
                return approved
            references = [
                t.reference_no
                for t in _claim(db, run_id, AttemptStatus.CREATED, batch)
                if t.reference_no
            ]
            run.touched_at = now
        if not references:
            return approved
        _approve(db, partner, references, now)
        approved += len(references)


def _finish(db: Session, run_id: int, now: datetime) -> bool:
    """Mark the run sent when no try is pending or created; whether it is."""
    with committing(db):
        run = db.exec(select(PaymentRun).where(PaymentRun.id == run_id).with_for_update()).first()
        if run is None or run.status != RunStatus.APPROVED:
            return run is not None and run.status == RunStatus.SENT
        unsent = db.exec(
            select(PayoutAttempt.id)
            .where(PayoutAttempt.run_id == run_id)
            .where(col(PayoutAttempt.status).in_([AttemptStatus.PENDING, AttemptStatus.CREATED]))
            .limit(1)
        ).first()
        if unsent is not None:
            return False
        run.status, run.sent_at = RunStatus.SENT, now
        return True


def send_run(
    db: Session, run_id: int, partner: PaymentPartner, now: datetime, *, batch: int = BATCH
) -> SendResult:
    """Send an approved run's tries to the partner, at real time `now` (a stalled
    sender is measured on it); commits batch by batch. Harmless to run twice at once, or
    again after a crash.

    Raises:
        PartnerUnavailable: the partner could not be reached; what was done is kept,
            and a later call goes on.
    """
    approved = _resume_created(db, run_id, partner, now, batch)
    created = 0
    while references := _create_batch(db, run_id, partner, now, batch):
        created += len(references)
        _approve(db, partner, references, now)
        approved += len(references)
    return SendResult(created=created, approved=approved, sent=_finish(db, run_id, now))


def stalled_runs(db: Session, now: datetime) -> list[int]:
    """Approved runs whose sender made no progress for `STALL` (it died): to resume."""
    rows = db.exec(
        select(PaymentRun.id)
        .where(PaymentRun.status == RunStatus.APPROVED)
        .where(col(PaymentRun.touched_at) < now - STALL)
    ).all()
    return [run_id for run_id in rows if run_id is not None]
