"""Accounts and sessions."""

from datetime import datetime

from sqlmodel import Session

from prakerja_app.models import (
    User,
)
from prakerja_app.services.accounts import sessions, users
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.core.vocab import Role
from tests.factories.numbers import serial

PASSWORD = "kopi-tubruk-pagi-hari"


def user(db: Session, now: datetime, role: Role = Role.APPLICANT, **changes) -> User:
    """An account with the password PASSWORD and a confirmed email."""
    n = next(serial)
    made = users.create_user(
        db,
        email=changes.pop("email", f"orang{n}@contoh.id"),
        full_name=changes.pop("full_name", f"Orang Ke-{n}"),
        password_hash=hash_password(changes.pop("password", PASSWORD)),
        role=role,
        now=now,
    )
    made.email_verified_at = changes.pop("email_verified_at", now)
    for key, value in changes.items():
        setattr(made, key, value)
    db.commit()
    return made


def session_token(db: Session, made: User) -> str:
    """Log `made` in at the real time (sessions expire) and return the session cookie's
    value, as the browser gets it for the login's ticket."""
    from prakerja_app.models import utc_now

    now = utc_now()
    signed_in = sessions.login(db, email=made.email, password=PASSWORD, client_key="t", now=now)
    return sessions.start_session(db, ticket=signed_in.ticket, now=now)


def cheap_password_hashing(monkeypatch) -> None:
    """Hash passwords with a small argon2id cost, for tests that make many account."""
    from passlib.context import CryptContext

    from prakerja_app.services.accounts import passwords

    cheap = CryptContext(
        schemes=["argon2"], argon2__memory_cost=1024, argon2__rounds=1, argon2__parallelism=1
    )
    monkeypatch.setattr(passwords, "_context", cheap)
