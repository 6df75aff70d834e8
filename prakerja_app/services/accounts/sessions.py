"""Accounts, logins and server-side sessions.

The browser keeps only a random session token; the database keeps its SHA-256, the user,
and two expiries: idle (extended on use) and absolute (fixed at login).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select

from prakerja_app.models import LoginAttempt, LoginSession, User
from prakerja_app.services.accounts.passwords import hash_password, verify_password
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import AccessDenied, DomainError
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.registration.steps import Step, complete_step

IDLE_TIMEOUT = timedelta(hours=2)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_CLIENT = 20

BAD_CREDENTIALS = "Email atau kata sandi salah."
EMAIL_UNCONFIRMED = (
    "Email Anda belum dikonfirmasi. Buka tautan di email konfirmasi yang kami kirim, atau"
    " kirim ulang emailnya."
)
THROTTLED = "Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi dalam 15 menit."


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in user as the pages need it: no hash, no personal data beyond the name."""

    id: int
    full_name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def normalize_email(email: str) -> str:
    """Trim and lowercase an email address for lookup and uniqueness."""
    return (email or "").strip().lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    db: Session, *, email: str, full_name: str, password: str, role: Role, now: datetime
) -> User:
    """Create an account (the caller commits). The email must not be taken."""
    email = normalize_email(email)
    taken = DomainError("email_taken", "Email ini sudah terdaftar. Silakan masuk.", "email")
    if db.exec(select(User.id).where(User.email == email)).first() is not None:
        raise taken
    user = User(
        email=email,
        full_name=full_name.strip(),
        password_hash=hash_password(password),
        role=role,
        created_at=now,
    )
    db.add(user)
    try:
        db.flush()
    except IntegrityError:  # the same email registered at the same moment
        db.rollback()
        raise taken from None
    return user


def create_admin(db: Session, *, email: str, full_name: str, now: datetime) -> str:
    """Create and commit an admin account; return its generated password (show it once)."""
    password = secrets.token_urlsafe(12)
    create_user(db, email=email, full_name=full_name, password=password, role=Role.ADMIN, now=now)
    db.commit()
    return password


def _recent_failures(db: Session, column, value: str, now: datetime) -> int:
    query = select(func.count()).where(
        column == value,
        col(LoginAttempt.succeeded).is_(False),
        LoginAttempt.created_at > now - THROTTLE_WINDOW,
    )
    return db.exec(query).one()


def login(db: Session, *, email: str, password: str, client_key: str, now: datetime) -> str:
    """Check credentials and open a session; return the session token for the browser.

    An applicant's login is registration step 3, allowed once the email is confirmed.

    Raises:
        DomainError: wrong email or password (one message for both), too many recent
            failures for this account or this client, or an unconfirmed applicant email
            (told only after the right password).
    """
    email = normalize_email(email)
    if (
        _recent_failures(db, LoginAttempt.email, email, now) >= MAX_FAILURES_PER_ACCOUNT
        or _recent_failures(db, LoginAttempt.client_key, client_key, now) >= MAX_FAILURES_PER_CLIENT
    ):
        raise DomainError("throttled", THROTTLED)
    user = db.exec(select(User).where(User.email == email)).first()
    ok, new_hash = verify_password(password, user.password_hash if user else None)
    ok = ok and user is not None and user.is_active
    db.add(LoginAttempt(email=email, client_key=client_key, succeeded=ok, created_at=now))
    if not ok:
        db.commit()
        raise DomainError("bad_credentials", BAD_CREDENTIALS)
    if user.role == Role.APPLICANT and user.email_verified_at is None:
        db.commit()
        raise DomainError("email_unconfirmed", EMAIL_UNCONFIRMED)
    if new_hash:
        user.password_hash = new_hash
    user.last_login_at = now
    token = secrets.token_urlsafe(32)
    db.add(
        LoginSession(
            user_id=user.id,
            token_hash=_token_hash(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT,
        )
    )
    if user.role == Role.APPLICANT:
        complete_step(db, user.id, Step.LOGIN, now)
    audit.record(db, actor_id=user.id, action="auth.login", entity="user", entity_id=user.id)
    db.commit()
    return token


def resolve_session(db: Session, token: str, now: datetime) -> CurrentUser | None:
    """Return the user behind a live session token and extend its idle expiry."""
    if not token or len(token) > 128:
        return None
    found = db.exec(
        select(LoginSession, User)
        .join(User, col(User.id) == LoginSession.user_id)
        .where(LoginSession.token_hash == _token_hash(token))
    ).first()
    if found is None:
        return None
    login_session, user = found
    if (
        now >= login_session.expires_at
        or now - login_session.last_seen_at >= IDLE_TIMEOUT
        or not user.is_active
    ):
        db.delete(login_session)
        db.commit()
        return None
    if now - login_session.last_seen_at > timedelta(minutes=1):
        login_session.last_seen_at = now
        db.commit()
    return CurrentUser(id=user.id, full_name=user.full_name, role=user.role)


def logout(db: Session, token: str) -> None:
    """End the session behind a token (nothing happens for an unknown token)."""
    if token:
        db.exec(delete(LoginSession).where(col(LoginSession.token_hash) == _token_hash(token)))
        db.commit()


def require_role(user: CurrentUser | None, role: Role) -> CurrentUser:
    """Return the user when they hold the role, else raise AccessDenied."""
    if user is None:
        raise AccessDenied("Silakan masuk terlebih dahulu.")
    if user.role != role:
        raise AccessDenied()
    return user
