"""Logins and server-side sessions.

The browser keeps only a random session token; the database keeps its SHA-256, the user,
and two expiries: idle (extended on use) and absolute (fixed at login). Sessions and the
login throttle run on real time, never on the program's (movable) clock.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, delete, func, select

from prakerja_app.models import LoginAttempt, LoginSession, User, id_of
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.passwords import verify_password
from prakerja_app.services.accounts.tokens import new_token, token_hash
from prakerja_app.services.accounts.users import normalize_email
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import AccessDenied, CoreError, DomainError
from prakerja_app.services.core.vocab import Role

IDLE_TIMEOUT = timedelta(hours=2)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_CLIENT = 20


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in user as the pages need it: no hash, no personal data beyond the name."""

    id: int
    full_name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


@dataclass(frozen=True)
class SignedIn:
    """A successful login: the token for the browser and who it belongs to."""

    token: str
    user: CurrentUser


def _recent_failures(db: Session, column: Mapped[str], value: str, now: datetime) -> int:
    query = select(func.count()).where(
        column == value,
        col(LoginAttempt.succeeded).is_(False),
        LoginAttempt.created_at > now - THROTTLE_WINDOW,
    )
    return db.exec(query).one()


def login(db: Session, *, email: str, password: str, client_key: str, now: datetime) -> SignedIn:
    """Check credentials and open a session; commits (a failed try is committed too).

    Raises:
        DomainError: ``bad_credentials`` (one code for a wrong email and a wrong
            password), ``throttled`` after too many recent failures for this account or
            this client, or ``email_unconfirmed`` for an applicant who has not confirmed
            the email (told only after the right password).
    """
    email = normalize_email(email)
    if (
        _recent_failures(db, col(LoginAttempt.email), email, now) >= MAX_FAILURES_PER_ACCOUNT
        or _recent_failures(db, col(LoginAttempt.client_key), client_key, now)
        >= MAX_FAILURES_PER_CLIENT
    ):
        raise DomainError(AccountError.THROTTLED)
    user = db.exec(select(User).where(User.email == email)).first()
    ok, new_hash = verify_password(password, user.password_hash if user else None)
    ok = ok and user is not None and user.is_active
    db.add(LoginAttempt(email=email, client_key=client_key, succeeded=ok, created_at=now))
    if not ok or user is None:
        db.commit()
        raise DomainError(AccountError.BAD_CREDENTIALS)
    if user.role == Role.APPLICANT and user.email_verified_at is None:
        db.commit()
        raise DomainError(AccountError.EMAIL_UNCONFIRMED)
    if new_hash:
        user.password_hash = new_hash
    user.last_login_at = now
    token = new_token()
    db.add(
        LoginSession(
            user_id=id_of(user),
            token_hash=token_hash(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT,
        )
    )
    audit.record(db, actor_id=user.id, action="auth.login", entity="user", entity_id=user.id)
    db.commit()
    return SignedIn(token, CurrentUser(id=id_of(user), full_name=user.full_name, role=user.role))


def resolve_session(db: Session, token: str, now: datetime) -> CurrentUser | None:
    """Return the user behind a live session token and extend its idle expiry; commits."""
    if not token or len(token) > 128:
        return None
    found = db.exec(
        select(LoginSession, User)
        .join(User, col(User.id) == LoginSession.user_id)
        .where(LoginSession.token_hash == token_hash(token))
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
    return CurrentUser(id=id_of(user), full_name=user.full_name, role=user.role)


def logout(db: Session, token: str) -> None:
    """End the session behind a token (nothing happens for an unknown token); commits."""
    if token:
        db.exec(delete(LoginSession).where(col(LoginSession.token_hash) == token_hash(token)))
        db.commit()


def require_role(user: CurrentUser | None, role: Role) -> CurrentUser:
    """Return the user when they hold the role, else raise AccessDenied."""
    if user is None:
        raise AccessDenied(CoreError.LOGIN_REQUIRED)
    if user.role != role:
        raise AccessDenied()
    return user
