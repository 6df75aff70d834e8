"""The incentive schedule (4 x Rp 600.000).

The schedule starts when a participant's first training is completed and reviewed
(`reviews.submit_review` calls `schedule`). The first instalment is due
`FIRST_DUE_AFTER_DAYS` days after the WIB date of that review, time for the program
office to check the payout account; the next three fall on the same day of the
following months (the 31st becomes the month's last day). Money then lands 3-5 working
days after the due date (docs/program-rules.md). The surveys' payments are made when a
survey is answered (`services.surveys.answering`).
"""

import calendar
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from prakerja_app.models import Payment
from prakerja_app.services.core import audit, program
from prakerja_app.services.core.vocab import PaymentKind, PaymentStatus
from prakerja_app.services.money import cash_ledger

FIRST_DUE_AFTER_DAYS = 7


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_due_date(reviewed_on: date) -> date:
    """When the first incentive falls due, for a first review on `reviewed_on` (WIB)."""
    return reviewed_on + timedelta(days=FIRST_DUE_AFTER_DAYS)


def idempotency_key(participant_id: int, sequence: int) -> str:
    """The unique key of an incentive instalment: one per participant and instalment."""
    return f"incentive:{participant_id}:{sequence}"


def incentives_of(db: Session, participant_id: int) -> list[Payment]:
    """The participant's incentive payments, by instalment."""
    return list(
        db.exec(
            select(Payment)
            .where(Payment.participant_id == participant_id)
            .where(Payment.kind == PaymentKind.INCENTIVE)
            .order_by(col(Payment.sequence))
        ).all()
    )


def schedule(db: Session, participant_id: int, first_due: date, now: datetime) -> list[Payment]:
    """Schedule the participant's four incentive instalments, monthly from `first_due`.

    Idempotent: instalments that exist are kept as they are (a second call with another
    date changes nothing). Adds and flushes in the caller's transaction; the caller
    commits.

    Returns:
        The four instalments, by sequence.
    """
    have = {p.sequence for p in incentives_of(db, participant_id)}
    added = []
    for sequence in range(1, program.INCENTIVE_COUNT + 1):
        if sequence in have:
            continue
        payment = Payment(
            participant_id=participant_id,
            kind=PaymentKind.INCENTIVE,
            sequence=sequence,
            amount=program.INCENTIVE_AMOUNT,
            due_on=add_months(first_due, sequence - 1),
            status=PaymentStatus.SCHEDULED,
            idempotency_key=idempotency_key(participant_id, sequence),
            created_at=now,
        )
        db.add(payment)
        added.append(sequence)
    if added:
        db.flush()
        for payment in incentives_of(db, participant_id):
            if payment.sequence in added:
                cash_ledger.owe(db, payment, now)
        audit.record(
            db,
            actor_id=None,
            action="incentive.schedule",
            entity="participant",
            entity_id=participant_id,
            after={"sequences": added, "first_due": first_due.isoformat()},
        )
    return incentives_of(db, participant_id)


def payments_of(db: Session, participant_id: int) -> list[Payment]:
    """The participant's payments, incentives first, each by instalment."""
    return list(
        db.exec(
            select(Payment)
            .where(Payment.participant_id == participant_id)
            .order_by(col(Payment.kind), col(Payment.sequence))
        ).all()
    )
