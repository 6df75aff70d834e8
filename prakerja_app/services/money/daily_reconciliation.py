"""The daily reconciliation: a day's payouts in our books against the partner's report,
every difference kept for finance (`ReconciliationMismatch`), and the cash ledger's own
check (every journal balances; what was paid out equals the completed payouts).

Our side of a day is every try whose newest partner status came that day (WIB, the
partner's clock): the completed ones, and the failed ones (a refund is in the report,
a payout that failed before any money moved is not).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select

from prakerja_app.models import PayoutAttempt, ReconciliationMismatch
from prakerja_app.services.core.formatting import WIB
from prakerja_app.services.core.sql import table_of
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import AttemptStatus
from prakerja_app.services.money import cash_ledger
from prakerja_app.services.money.partner.interface import PaymentPartner, PayoutStatus
from prakerja_app.services.money.partner.reconciliation import OurPayout, reconcile

KEY = ("day", "reference_no", "mismatch")  # a mismatch is kept once
OURS = {AttemptStatus.COMPLETED: PayoutStatus.COMPLETED, AttemptStatus.FAILED: PayoutStatus.FAILED}


@dataclass(frozen=True)
class LedgerCheck:
    """The cash ledger against itself and the payouts."""

    unbalanced: list[str]  # journals that do not sum to zero
    paid_out: int  # the paid_out account's balance
    completed: int  # rupiah of the completed tries

    @property
    def sound(self) -> bool:
        """Every journal balances and the paid-out account matches the payouts."""
        return not self.unbalanced and self.paid_out == self.completed


def _ours(db: Session, day: date) -> list[OurPayout]:
    start = datetime.combine(day, time(0), WIB)
    rows = db.exec(
        select(PayoutAttempt.reference_no, PayoutAttempt.amount, PayoutAttempt.status)
        .where(col(PayoutAttempt.status).in_(list(OURS)))
        .where(col(PayoutAttempt.partner_updated_at) >= start)
        .where(col(PayoutAttempt.partner_updated_at) < start + timedelta(days=1))
    ).all()
    return [
        OurPayout(str(reference), amount, OURS[AttemptStatus(status)])
        for reference, amount, status in rows
    ]


def reconcile_day(db: Session, partner: PaymentPartner, day: date, now: datetime) -> int:
    """Compare `day` with the partner's report and keep each mismatch once; commits.
    Returns the number of mismatches found (new or already kept).

    Nothing is asked before the program has sent its first payout.

    Raises:
        PartnerUnavailable: the report could not be read; nothing is kept.
    """
    if (
        db.exec(
            select(PayoutAttempt.id).where(col(PayoutAttempt.reference_no).is_not(None))
        ).first()
        is None
    ):
        return 0
    found = reconcile(_ours(db, day), partner.daily_report(day))
    if not found:
        return 0
    rows = [
        {
            "day": day,
            "reference_no": d.reference_no,
            "mismatch": d.mismatch.value,
            "our_amount": d.ours.amount if d.ours else None,
            "our_status": d.ours.status.value if d.ours else None,
            "their_amount": d.theirs.amount if d.theirs else None,
            "their_status": d.theirs.status.value if d.theirs else None,
            "found_at": now,
        }
        for d in found
    ]
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(table_of(ReconciliationMismatch)).values(rows)
    with committing(db):
        db.execute(insert.on_conflict_do_nothing(index_elements=list(KEY)))
    return len(found)


def mismatches(db: Session, limit: int = 100) -> list[ReconciliationMismatch]:
    """The latest mismatches kept, newest day first."""
    return list(
        db.exec(
            select(ReconciliationMismatch)
            .order_by(col(ReconciliationMismatch.day).desc(), col(ReconciliationMismatch.id))
            .limit(limit)
        ).all()
    )


def ledger_check(db: Session) -> LedgerCheck:
    """The cash ledger's check: balanced journals, paid-out equal to the payouts."""
    completed = db.exec(
        select(func.coalesce(func.sum(PayoutAttempt.amount), 0)).where(
            PayoutAttempt.status == AttemptStatus.COMPLETED
        )
    ).one()
    return LedgerCheck(
        unbalanced=cash_ledger.unbalanced(db),
        paid_out=cash_ledger.balance(db, cash_ledger.PAID_OUT),
        completed=int(completed),
    )
