"""Accounts and sessions."""

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from prakerja_app.models import AdminGrant, User, id_of
from prakerja_app.services.accounts import sessions, tickets, users
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.accounts.tickets import TicketPurpose
from prakerja_app.services.core.vocab import AdminRole, Role
from tests.factories.numbers import serial

PASSWORD = "kopi-tubruk-pagi-hari"


def user(
    db: Session,
    now: datetime,
    role: Role = Role.APPLICANT,
    admin_roles: Iterable[AdminRole] = tuple(AdminRole),
    **changes,
) -> User:
    """An account with the password PASSWORD and a confirmed email; an admin holds
    `admin_roles` (every role unless told)."""
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
    if role == Role.ADMIN:
        db.add_all(AdminGrant(user_id=id_of(made), role=r, created_at=now) for r in admin_roles)
    db.commit()
    return made


def admin(db: Session, now: datetime, *admin_roles: AdminRole, **changes) -> User:
    """An admin holding exactly these roles."""
    return user(db, now, Role.ADMIN, admin_roles, **changes)


def session_token(db: Session, made: User) -> str:
    """A session for `made` at the real time (sessions expire): the session cookie's value,
    as the browser gets it for a login's ticket (an admin's second factor taken as given)."""
    from prakerja_app.models import utc_now

    now = utc_now()
    if made.role == Role.ADMIN:
        ticket = tickets.issue(db, purpose=TicketPurpose.SIGN_IN, user_id=id_of(made), now=now)
    else:
        signed_in = sessions.login(db, email=made.email, password=PASSWORD, client_key="t", now=now)
        ticket = signed_in.ticket
    db.commit()
    return sessions.start_session(db, ticket=ticket, now=now)


def cheap_password_hashing(monkeypatch) -> None:
    """Hash passwords with a small argon2id cost, for tests that make many account."""
    from passlib.context import CryptContext

    from prakerja_app.services.accounts import passwords

    cheap = CryptContext(
        schemes=["argon2"], argon2__memory_cost=1024, argon2__rounds=1, argon2__parallelism=1
    )
    monkeypatch.setattr(passwords, "_context", cheap)
