"""Who is a participant: the lookup every participant action starts with."""

from sqlmodel import Session, col, select

from prakerja_app.models import Participant, Wave, id_of
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import WaveStatus
from prakerja_app.services.money import ledger
from prakerja_app.services.selection.errors import SelectionError


def participant_of(db: Session, user_id: int) -> Participant | None:
    """The participant record of an account, if it was ever selected in a wave whose
    results are announced (a drawn wave's selected do not know it yet)."""
    return db.exec(
        select(Participant)
        .join(Wave, col(Wave.id) == Participant.wave_id)
        .where(Participant.user_id == user_id, Wave.status == WaveStatus.ANNOUNCED)
    ).first()


def require_participant(db: Session, user_id: int) -> Participant:
    """The account's participant record when it is active.

    Raises:
        DomainError: ``not_participant`` (never selected) or ``revoked``.
    """
    participant = participant_of(db, user_id)
    if participant is None:
        raise DomainError(SelectionError.NOT_PARTICIPANT)
    if participant.revoked_at is not None:
        raise DomainError(SelectionError.REVOKED)
    return participant


def balance_of(db: Session, user_id: int) -> int | None:
    """The training balance of an active participant in rupiah, else None."""
    participant = participant_of(db, user_id)
    if participant is None or participant.revoked_at is not None:
        return None
    return ledger.balance(db, id_of(participant))
