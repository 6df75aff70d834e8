"""The training balance as a ledger: every credit and debit an entry, the balance their sum.

A debit locks the participant's row first (SELECT ... FOR UPDATE on PostgreSQL; SQLite
serialises writers), so two purchases at once can never take the balance below zero, and
every entry carries a unique idempotency key, so a retried request books once.
"""

from datetime import datetime

from sqlmodel import Session, col, func, select

from prakerja_app.models import LedgerEntry, Participant
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import LedgerKind
from prakerja_app.services.money.errors import MoneyError


def balance(db: Session, participant_id: int) -> int:
    """The participant's training balance in rupiah: the sum of their ledger entries."""
    total = db.exec(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            LedgerEntry.participant_id == participant_id
        )
    ).one()
    return int(total)


def _existing(db: Session, key: str) -> LedgerEntry | None:
    return db.exec(select(LedgerEntry).where(LedgerEntry.idempotency_key == key)).first()


def post(
    db: Session,
    *,
    participant_id: int,
    amount: int,
    kind: LedgerKind,
    idempotency_key: str,
    now: datetime,
    purchase_id: int | None = None,
) -> LedgerEntry:
    """Book one entry in the caller's transaction; a repeated key returns the first entry.

    Debits (negative amounts) lock the participant and are refused when the balance
    would go below zero. A caller that writes other rows referring to the participant
    in the same transaction must lock the participant first (as ``purchases.buy``
    does): on PostgreSQL such a write takes a share lock on the participant's row, and
    two transactions holding one each would deadlock on this lock.

    Raises:
        DomainError: zero amount, unknown participant, or not enough balance.
    """
    if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
        raise DomainError(MoneyError.LEDGER_AMOUNT)
    if (entry := _existing(db, idempotency_key)) is not None:
        return entry
    locked = db.exec(
        select(Participant.id).where(Participant.id == participant_id).with_for_update()
    ).first()
    if locked is None:
        raise DomainError(MoneyError.LEDGER_PARTICIPANT)
    if amount < 0 and (left := balance(db, participant_id)) + amount < 0:
        raise DomainError(MoneyError.INSUFFICIENT_BALANCE, left=left, price=-amount)
    entry = LedgerEntry(
        participant_id=participant_id,
        amount=amount,
        kind=kind,
        purchase_id=purchase_id,
        idempotency_key=idempotency_key,
        created_at=now,
    )
    db.add(entry)
    db.flush()
    return entry


def history(db: Session, participant_id: int) -> list[LedgerEntry]:
    """The participant's entries, oldest first."""
    return list(
        db.exec(
            select(LedgerEntry)
            .where(LedgerEntry.participant_id == participant_id)
            .order_by(col(LedgerEntry.created_at), col(LedgerEntry.id))
        )
    )
