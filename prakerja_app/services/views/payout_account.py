"""What the dashboard's "Rekening pencairan insentif" card shows: the linked account (its
number masked but for the last four digits) or the channels that may be linked now."""

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlmodel import Session

from prakerja_app.services.core import program
from prakerja_app.services.core.formatting import wib_datetime
from prakerja_app.services.core.labels import PAYOUT_CHANNEL_LABELS
from prakerja_app.services.money import payout_accounts
from prakerja_app.services.selection.participants import participant_of


@dataclass(frozen=True)
class PayoutCard:
    """The card's facts, in the words it shows."""

    linked: bool = False
    channel_label: str = ""
    masked_number: str = ""
    holder_name: str = ""
    verified_label: str = ""
    can_change: bool = True  # before the linking deadline
    deadline_label: str = ""
    # (value, label) of each channel open now
    channels: list[list[str]] = field(default_factory=list)


def payout_card(db: Session, user_id: int, now: datetime) -> PayoutCard | None:
    """The card of an active participant; None for anyone else (the card is not shown)."""
    participant = participant_of(db, user_id)
    if participant is None or participant.revoked_at is not None:
        return None
    linked = payout_accounts.current_account(db, user_id)
    channels = [[c.value, PAYOUT_CHANNEL_LABELS[c]] for c in payout_accounts.open_channels(now)]
    card = PayoutCard(
        can_change=now <= program.PAYOUT_LINKING_DEADLINE,
        deadline_label=wib_datetime(program.PAYOUT_LINKING_DEADLINE),
        channels=channels,
    )
    if linked is None:
        return card
    return replace(
        card,
        linked=True,
        channel_label=PAYOUT_CHANNEL_LABELS[linked.channel],
        masked_number=linked.masked_number,
        holder_name=linked.holder_name,
        verified_label=wib_datetime(linked.verified_at),
    )
