"""The daily reconciliation: our payouts against the partner's daily report.

The report lists the money that moved on a day (see `ReportLine`). A payout we hold as
COMPLETED must be in it; one we hold as still on its way, failed or rejected need not
be (no money moved), but if it is, the statuses differ.
"""

from dataclasses import dataclass
from enum import StrEnum

from prakerja_app.services.money.partner.interface import PayoutStatus, ReportLine


class Mismatch(StrEnum):
    """How one payout differs between our books and the partner's report."""

    MISSING_AT_PARTNER = "missing_at_partner"  # we hold it completed; the report lacks it
    MISSING_HERE = "missing_here"  # the report has it; we know no such payout
    AMOUNT_DIFFERS = "amount_differs"
    STATUS_DIFFERS = "status_differs"


@dataclass(frozen=True)
class OurPayout:
    """A payout as our books have it."""

    reference_no: str
    amount: int
    status: PayoutStatus


@dataclass(frozen=True)
class Discrepancy:
    """One mismatch; `ours` or `theirs` is None when that side lacks the payout."""

    reference_no: str
    mismatch: Mismatch
    ours: OurPayout | None
    theirs: ReportLine | None


def reconcile(ours: list[OurPayout], report: list[ReportLine]) -> list[Discrepancy]:
    """Every mismatch between our payouts and the report, by reference number; a payout
    whose amount and status both differ gives two."""
    mine = {payout.reference_no: payout for payout in ours}
    theirs = {line.reference_no: line for line in report}
    found = []
    for reference in sorted(mine.keys() | theirs.keys()):
        our, their = mine.get(reference), theirs.get(reference)
        if our is None:
            found.append(Discrepancy(reference, Mismatch.MISSING_HERE, None, their))
        elif their is None:
            if our.status is PayoutStatus.COMPLETED:
                found.append(Discrepancy(reference, Mismatch.MISSING_AT_PARTNER, our, None))
        else:
            if our.amount != their.amount:
                found.append(Discrepancy(reference, Mismatch.AMOUNT_DIFFERS, our, their))
            if our.status != their.status:
                found.append(Discrepancy(reference, Mismatch.STATUS_DIFFERS, our, their))
    return found
