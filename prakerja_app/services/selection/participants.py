"""Who is a participant: the lookup every participant action starts with."""

from sqlmodel import Session, select

from prakerja_app.models import Participant
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import rupiah
from prakerja_app.services.money import ledger


def participant_of(db: Session, user_id: int) -> Participant | None:
    """The participant record of an account, if it was ever selected."""
    return db.exec(select(Participant).where(Participant.user_id == user_id)).first()


def require_participant(db: Session, user_id: int) -> Participant:
    """The account's participant record when it is active.

    Raises:
        DomainError: ``not_participant`` (never selected) or ``revoked``.
    """
    participant = participant_of(db, user_id)
    if participant is None:
        raise DomainError("not_participant", "Fitur ini hanya untuk peserta Kartu Prakerja.")
    if participant.revoked_at is not None:
        raise DomainError(
            "revoked",
            "Kepesertaan Anda sudah dicabut, sehingga saldo pelatihan tidak dapat dipakai.",
        )
    return participant


def format_card_number(card_number: str) -> str:
    """Group a 16-digit card number in fours: 5107 0000 0000 0001."""
    return " ".join(card_number[i : i + 4] for i in range(0, len(card_number), 4))


def balance_label(db: Session, user_id: int) -> str:
    """The training balance of an active participant ("Rp 750.000"), else ""."""
    participant = participant_of(db, user_id)
    if participant is None or participant.revoked_at is not None:
        return ""
    return rupiah(ledger.balance(db, participant.id))
