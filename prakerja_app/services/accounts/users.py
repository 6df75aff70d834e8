"""Accounts: who someone is to the program (an applicant or an admin), by email."""

import re
import secrets
from collections.abc import Iterable
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from prakerja_app.models import AdminGrant, User, id_of
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import AdminRole, Role

_NAME = re.compile(r"[^\W\d_]+(?:[ .,'\-][^\W\d_]*)*")


def normalize_email(email: str) -> str:
    """Trim and lowercase an email address for lookup and uniqueness."""
    return (email or "").strip().lower()


def check_email(raw: str) -> str:
    """Return the normalised email, or raise DomainError (field ``email``)."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise DomainError(AccountError.EMAIL_INVALID, "email") from None


def check_full_name(raw: str, field: str = "full_name") -> str:
    """Return a person's name with single spaces, or raise DomainError for `field`."""
    name = " ".join(raw.split())
    if not 2 <= len(name) <= 120 or not _NAME.fullmatch(name):
        raise DomainError(AccountError.NAME_INVALID, field)
    return name


def create_user(
    db: Session, *, email: str, full_name: str, password_hash: str, role: Role, now: datetime
) -> User:
    """Create an account with the password's hash (`passwords.hash_password`, slow: the
    caller makes it where it may take the time); flushes, the caller commits. The email
    must not be taken.

    Raises:
        DomainError: ``email_taken`` (field ``email``), also when another request
            registered the same address at the same moment.
    """
    email = normalize_email(email)
    if db.exec(select(User.id).where(User.email == email)).first() is not None:
        raise DomainError(AccountError.EMAIL_TAKEN, "email")
    user = User(
        email=email,
        full_name=full_name.strip(),
        password_hash=password_hash,
        role=role,
        created_at=now,
    )
    db.add(user)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise DomainError(AccountError.EMAIL_TAKEN, "email") from None
    return user


def create_admin(
    db: Session,
    *,
    email: str,
    full_name: str,
    now: datetime,
    roles: Iterable[AdminRole] = (AdminRole.SUPER_ADMIN,),
) -> str:
    """Create an admin account with these roles and commit; return its generated
    password (show it once). It enrols its second factor at its first login."""
    password = secrets.token_urlsafe(12)
    user = create_user(
        db,
        email=email,
        full_name=full_name,
        password_hash=hash_password(password),
        role=Role.ADMIN,
        now=now,
    )
    user.email_verified_at = now
    db.add_all(AdminGrant(user_id=id_of(user), role=role, created_at=now) for role in roles)
    db.commit()
    return password
