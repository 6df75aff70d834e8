"""Short-lived, single-use tickets: a login's way to the session cookie, and an upload's
proof that it comes from the signed-in tab (see `models.AccessTicket`)."""

from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select, update

from prakerja_app.models import AccessTicket
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.tokens import new_token, token_hash
from prakerja_app.services.core.errors import DomainError


class TicketPurpose(StrEnum):
    SIGN_IN = "sign_in"
    UPLOAD = "upload"
    SECOND_FACTOR = "second_factor"  # an admin's password was right; the code comes next


TTL = {
    TicketPurpose.SIGN_IN: timedelta(seconds=60),
    TicketPurpose.UPLOAD: timedelta(minutes=30),
    TicketPurpose.SECOND_FACTOR: timedelta(minutes=5),
}


def issue(
    db: Session,
    *,
    purpose: TicketPurpose,
    user_id: int,
    now: datetime,
    session_hash: str | None = None,
    client_token: str | None = None,
) -> str:
    """A new ticket; flushes, the caller commits.

    Returns:
        The plain ticket; only its SHA-256 is stored.
    """
    ticket = new_token()
    db.add(
        AccessTicket(
            purpose=purpose,
            ticket_hash=token_hash(ticket),
            user_id=user_id,
            session_hash=session_hash,
            client_token=client_token,
            created_at=now,
            expires_at=now + TTL[purpose],
        )
    )
    db.flush()
    return ticket


def _valid(
    db: Session, ticket: str, purpose: TicketPurpose, now: datetime, client_token: str | None
) -> AccessTicket:
    invalid = DomainError(AccountError.TICKET_INVALID)
    if not isinstance(ticket, str) or not 16 <= len(ticket) <= 128:
        raise invalid
    found = db.exec(
        select(AccessTicket).where(
            AccessTicket.ticket_hash == token_hash(ticket), AccessTicket.purpose == purpose
        )
    ).first()
    if found is None or found.used_at is not None or now >= found.expires_at:
        raise invalid
    if found.client_token is not None and found.client_token != client_token:
        raise invalid
    return found


def check(
    db: Session, *, ticket: str, purpose: TicketPurpose, now: datetime, client_token: str
) -> AccessTicket:
    """A live ticket of `purpose` presented by the tab it was issued to (an upload may
    present its ticket again until it expires).

    Raises:
        DomainError: ``ticket_invalid``: unknown, used, expired, for another purpose or
            presented by another tab.
    """
    return _valid(db, ticket, purpose, now, client_token)


def redeem(db: Session, *, ticket: str, purpose: TicketPurpose, now: datetime) -> AccessTicket:
    """Use a ticket up: at most once, even with two requests at the same moment; flushes.

    Raises:
        DomainError: ``ticket_invalid``: unknown, used, expired or for another purpose.
    """
    found = _valid(db, ticket, purpose, now, None)
    used = db.exec(
        update(AccessTicket)
        .where(col(AccessTicket.id) == found.id, col(AccessTicket.used_at).is_(None))
        .values(used_at=now)
    )
    if used.rowcount != 1:  # another request used it first
        raise DomainError(AccountError.TICKET_INVALID)
    return found
