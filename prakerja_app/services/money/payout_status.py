"""A payout's status from the partner (a notification, or a status read), applied once.

The partner's newest word wins: a status older than, or as old as, the last one heard
for that payout (a duplicate, a replay, one that came out of order) changes nothing.
A completed payout pays the payment, books it in the cash ledger and tells the
participant; a failed or rejected one fails it (after a completion: the money came
back, and the ledger takes it back), with the partner's reason. Each outcome happens
once, in one transaction with the payout's row locked. Outcomes are not in the audit
log (its chain takes about 80 commits a second): the try's row and the append-only cash
ledger are their record.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, col, or_, select

from prakerja_app.models import Payment, PayoutAttempt
from prakerja_app.services.core import clock
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.labels import PAYOUT_FAILURE_OTHER
from prakerja_app.services.core.transactions import committing, lock_rows
from prakerja_app.services.core.vocab import AttemptStatus, PaymentStatus
from prakerja_app.services.money import cash_ledger, payment_notices
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.money.partner.interface import (
    PaymentPartner,
    PayoutState,
    PayoutStatus,
)

QUIET_FOR = timedelta(minutes=10)  # a payout unheard of this long is asked about
REFRESH_LIMIT = 200
ON_ITS_WAY = (PayoutStatus.QUEUED, PayoutStatus.APPROVED, PayoutStatus.PROCESSED)
FAILED = (PayoutStatus.FAILED, PayoutStatus.REJECTED)


class Outcome(StrEnum):
    """What a status did."""

    APPLIED = "applied"
    IGNORED = "ignored"  # not newer than what we had


@dataclass(frozen=True)
class PayoutUpdate:
    """A payout's status as the partner reports it."""

    reference_no: str
    amount: int
    status: PayoutStatus
    updated_at: datetime
    failure_code: str | None


def update_of(state: PayoutState) -> PayoutUpdate:
    """A status read from the partner, as an update to apply."""
    return PayoutUpdate(
        state.reference_no, state.amount, state.status, state.updated_at, state.failure_code
    )


def apply(db: Session, update: PayoutUpdate, now: datetime) -> Outcome:
    """Apply the partner's status of one payout at program time `now` (when the
    participant reads it was paid); commits. The partner's own `updated_at` only orders
    its statuses.

    Raises:
        DomainError: ``payout_unknown`` (no payout of ours has this reference) or
            ``payout_amount_differs``; nothing changes.
    """
    mine = col(PayoutAttempt.reference_no) == update.reference_no
    with committing(db):
        lock_rows(
            db,
            sa.update(PayoutAttempt)
            .where(mine)
            .values(reference_no=col(PayoutAttempt.reference_no)),
            select(PayoutAttempt.id).where(mine),
        )
        attempt = db.exec(select(PayoutAttempt).where(mine)).first()
        if attempt is None:
            raise DomainError(MoneyError.PAYOUT_UNKNOWN, reference_no=update.reference_no)
        if attempt.amount != update.amount:
            raise DomainError(
                MoneyError.PAYOUT_AMOUNT_DIFFERS,
                reference_no=update.reference_no,
                ours=attempt.amount,
                theirs=update.amount,
            )
        heard = attempt.partner_updated_at
        if heard is not None and update.updated_at <= heard:
            return Outcome.IGNORED
        attempt.partner_updated_at = update.updated_at
        payment = db.exec(
            select(Payment).where(Payment.id == attempt.payment_id).with_for_update()
        ).one()
        if update.status in ON_ITS_WAY:
            _on_its_way(attempt, payment, update)
        elif update.status is PayoutStatus.COMPLETED:
            _completed(db, attempt, payment, update, now)
        else:
            _failed(db, attempt, payment, update, now)
        return Outcome.APPLIED


def _on_its_way(attempt: PayoutAttempt, payment: Payment, update: PayoutUpdate) -> None:
    if attempt.status == AttemptStatus.CREATED and update.status is not PayoutStatus.QUEUED:
        attempt.status = AttemptStatus.SENT
    if payment.status == PaymentStatus.SCHEDULED and attempt.status == AttemptStatus.SENT:
        payment.status = PaymentStatus.PROCESSING


def _completed(
    db: Session, attempt: PayoutAttempt, payment: Payment, update: PayoutUpdate, now: datetime
) -> None:
    if attempt.status == AttemptStatus.COMPLETED:
        return
    attempt.status, attempt.finished_at, attempt.failure_code = AttemptStatus.COMPLETED, now, None
    payment.status, payment.paid_at, payment.failure_reason = PaymentStatus.PAID, now, None
    cash_ledger.pay_out(db, payment, attempt.idempotency_key, now)
    payment_notices.paid(db, payment, attempt, now)


def _failed(
    db: Session, attempt: PayoutAttempt, payment: Payment, update: PayoutUpdate, now: datetime
) -> None:
    if attempt.status == AttemptStatus.FAILED:
        return
    if attempt.status == AttemptStatus.COMPLETED:  # the bank sent the money back
        cash_ledger.take_back(db, payment, attempt.idempotency_key, now)
    attempt.status, attempt.finished_at = AttemptStatus.FAILED, now
    attempt.failure_code = (update.failure_code or PAYOUT_FAILURE_OTHER)[:40]
    payment.status, payment.paid_at = PaymentStatus.FAILED, None
    payment.failure_reason = attempt.failure_code
    payment_notices.failed(db, payment, attempt, now)


def refresh(
    db: Session,
    partner: PaymentPartner,
    now: datetime,
    *,
    quiet_for: timedelta = QUIET_FOR,
    limit: int = REFRESH_LIMIT,
) -> int:
    """Ask the partner about sent payouts we have heard nothing of for `quiet_for` on
    the real clock `now` (a notification lost), and apply what it says at program time;
    how many were applied.

    Raises:
        PartnerUnavailable: the partner could not be asked; what was applied is kept.
    """
    references = db.exec(
        select(PayoutAttempt.reference_no)
        .where(PayoutAttempt.status == AttemptStatus.SENT)
        .where(
            or_(
                col(PayoutAttempt.partner_updated_at).is_(None),
                col(PayoutAttempt.partner_updated_at) <= now - quiet_for,
            )
        )
        .order_by(col(PayoutAttempt.id))
        .limit(limit)
    ).all()
    db.commit()
    applied = 0
    program_now = clock.program_now(db, now)
    for reference in references:
        if reference is not None:
            outcome = apply(db, update_of(partner.payout(reference)), program_now)
            applied += outcome is Outcome.APPLIED
    return applied
