"""Single-use links sent by email (confirm an address, an admin invitation, a password reset).

The link carries a random token; the database keeps only its SHA-256, with its purpose and
expiry. Issuing a new link for a purpose retires the earlier ones, and a link works once.
"""

from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select, update

from prakerja_app.models import EmailToken
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.tokens import new_token, token_hash
from prakerja_app.services.core.errors import DomainError


class LinkPurpose(StrEnum):
    """What a link unlocks; a token only works for the purpose it was issued for."""

    CONFIRM_EMAIL = "confirm_email"
    ADMIN_INVITE = "admin_invite"
    PASSWORD_RESET = "password_reset"


def issue(db: Session, *, user_id: int, purpose: LinkPurpose, ttl: timedelta, now: datetime) -> str:
    """A new link token for the user, retiring their unused ones; flushes, the caller commits.

    Returns:
        The plain token, to put in the link; it is not stored anywhere.
    """
    db.exec(
        update(EmailToken)
        .where(
            col(EmailToken.user_id) == user_id,
            col(EmailToken.purpose) == purpose,
            col(EmailToken.used_at).is_(None),
        )
        .values(used_at=now)
    )
    token = new_token()
    db.add(
        EmailToken(
            user_id=user_id,
            purpose=purpose,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=now + ttl,
        )
    )
    db.flush()
    return token


def last_issued_at(db: Session, *, user_id: int, purpose: LinkPurpose) -> datetime | None:
    """When the user's latest link for `purpose` was issued (for resend cooldowns)."""
    return db.exec(
        select(EmailToken.created_at)
        .where(EmailToken.user_id == user_id, EmailToken.purpose == purpose)
        .order_by(col(EmailToken.created_at).desc())
    ).first()


def check(db: Session, *, token: str, purpose: LinkPurpose, now: datetime) -> int:
    """The id of the user a live link was sent to, without spending it.

    Raises:
        DomainError: ``link_invalid`` (unknown, used, or for another purpose) or
            ``link_expired``.
    """
    return _live(db, token, purpose, now).user_id


def _live(db: Session, token: str, purpose: LinkPurpose, now: datetime) -> EmailToken:
    found = db.exec(
        select(EmailToken).where(
            EmailToken.token_hash == token_hash(token or ""), EmailToken.purpose == purpose
        )
    ).first()
    if found is None or found.used_at is not None:
        raise DomainError(AccountError.LINK_INVALID, purpose=purpose)
    if now >= found.expires_at:
        raise DomainError(AccountError.LINK_EXPIRED, purpose=purpose)
    return found


def use(db: Session, *, token: str, purpose: LinkPurpose, now: datetime) -> int:
    """Spend a link: it cannot be used again; flushes, the caller commits.

    Returns:
        The id of the user the link was sent to.

    Raises:
        DomainError: ``link_invalid`` (unknown, used, or for another purpose) or
            ``link_expired``.
    """
    found = _live(db, token, purpose, now)
    found.used_at = now
    db.flush()
    return found.user_id
