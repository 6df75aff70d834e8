"""Who is a participant: the lookup every participant action starts with."""

from sqlmodel import Session, col, select, update

from prakerja_app.models import ApplicantProfile, Participant, User, Wave, id_of
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.transactions import lock_rows
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


def contact_of(db: Session, participant: Participant) -> tuple[User, str | None]:
    """The participant's account (its email and name) and phone number, if any."""
    user = db.get_one(User, participant.user_id)
    phone = db.exec(
        select(ApplicantProfile.phone).where(ApplicantProfile.user_id == participant.user_id)
    ).first()
    return user, phone


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


def lock_participant(db: Session, user_id: int) -> None:
    """Serialise one account's changes (purchases, payout links) until the transaction
    ends: a row lock on PostgreSQL.

    SQLite has no row locks: the transaction's first statement is a no-op write, which
    waits for the write lock (busy_timeout). A write after a read in one WAL transaction
    fails at once ("database is locked") when another writer (the job worker sending an
    SMS) committed in between, so the caller's read-only transaction (the program
    clock's read, `state.forms.call`) is ended first.
    """
    lock_rows(
        db,
        update(Participant)
        .where(col(Participant.user_id) == user_id)
        .values(user_id=col(Participant.user_id)),
        select(Participant.id).where(Participant.user_id == user_id),
    )
