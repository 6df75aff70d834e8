"""Payees: participants whose incentives are scheduled, with a linked payout account."""

from datetime import date, datetime
from itertools import count

from sqlmodel import Session

from prakerja_app.models import Participant, PayoutAccount
from prakerja_app.services.money import incentives
from tests.factories.marketplace import buyer

HOLDER = "SITI RAHAYU"
_numbers = count(1)


def payee(
    db: Session,
    now: datetime,
    *,
    first_due: date = date(2020, 9, 1),
    channel: str = "ovo",
    linked: bool = True,
) -> tuple[Participant, PayoutAccount | None]:
    """A participant with four instalments from `first_due` (the first due before the
    demo's `now`) and, when `linked`, an active verified account of its own number."""
    made = buyer(db, now, balance=0)
    incentives.schedule(db, made.id, first_due, now)
    account = None
    if linked:
        serial = next(_numbers)  # numbers ending 5678: ordinary accounts at the simulator
        number = f"08{serial:06d}5678" if channel != "bni" else f"{serial:06d}5678"
        account = PayoutAccount(
            participant_id=made.id,
            provider=channel,
            account_number=number,
            holder_name=HOLDER,
            verified_at=now,
            created_at=now,
        )
        db.add(account)
    db.commit()
    return made, account
