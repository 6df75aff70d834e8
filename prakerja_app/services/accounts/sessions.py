"""Logins and server-side sessions.

A login that checks out gives a one-time ticket (`tickets`), which the browser exchanges
at once for the session cookie (`start_session`, over HTTP, so the cookie can be
HttpOnly). The browser holds the session token only in that cookie; the database keeps
its SHA-256 (the *digest*), the user, and two expiries: idle (extended on use) and
absolute (fixed at login). Sessions and the login throttle run on real time, never on
the program's (movable) clock.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, delete, select

from prakerja_app.models import AdminGrant, LoginAttempt, LoginSession, User, id_of
from prakerja_app.services.accounts import throttle, tickets
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.passwords import verify_password
from prakerja_app.services.accounts.tickets import TicketPurpose
from prakerja_app.services.accounts.tokens import new_token, token_hash
from prakerja_app.services.accounts.users import normalize_email
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import AccessDenied, CoreError, DomainError
from prakerja_app.services.core.vocab import Role

IDLE_TIMEOUT = timedelta(hours=2)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
# An admin's session is shorter: a console left open on a shared desk ends soon.
ADMIN_IDLE_TIMEOUT = timedelta(minutes=30)
ADMIN_ABSOLUTE_TIMEOUT = timedelta(hours=8)


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in user as the pages need it: no hash, no personal data beyond the name;
    an admin's roles (`vocab.AdminRole` values)."""

    id: int
    full_name: str
    role: str
    roles: frozenset[str] = frozenset()

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class NextStep(StrEnum):
    """What a login with the right password leads to."""

    DONE = "done"  # the ticket is for the session cookie
    CODE = "code"  # an admin: the ticket is for the authenticator code (`second_factor`)
    ENROL = "enrol"  # an admin without a second factor yet: enrol one first


@dataclass(frozen=True)
class SignedIn:
    """A successful login: the one-time ticket for the next step, and the user."""

    ticket: str
    user: CurrentUser
    next_step: NextStep = NextStep.DONE


@dataclass(frozen=True)
class LoginTry:
    """A login the throttle lets through: the address, and the hash its password must
    match (None: no such account)."""

    email: str
    password_hash: str | None


def begin_login(db: Session, *, email: str, client_key: str, now: datetime) -> LoginTry:
    """The first half of a login: the throttle, and the account's hash; reads only.

    The caller checks the password against the hash (`passwords.verify_password`, slow)
    and passes the verdict to `finish_login`.

    Raises:
        DomainError: ``throttled`` (details: seconds) while this client must wait after
            failures (`throttle`).
    """
    email = normalize_email(email)
    wait = throttle.seconds_to_wait(db, email=email, client_key=client_key, now=now)
    if wait > 0:
        raise DomainError(AccountError.THROTTLED, seconds=wait)
    password_hash = db.exec(select(User.password_hash).where(User.email == email)).first()
    return LoginTry(email, password_hash)


def finish_login(
    db: Session,
    attempt: LoginTry,
    *,
    matched: bool,
    new_hash: str | None,
    client_key: str,
    now: datetime,
) -> SignedIn:
    """Count the try; when the password matched, issue the ticket for the session cookie
    and store the password's rehash (`new_hash`, when its parameters are out of date) in
    the same transaction; commits (a failed try is committed too, to count it).

    An admin's right password leads to the second factor (`NextStep`), not a session.

    Raises:
        DomainError: ``bad_credentials`` (one code for a wrong email and a wrong password,
            and for a password changed since `begin_login`); ``email_unconfirmed`` for an
            applicant who has not confirmed the email (told only after the right password).
    """
    user = db.exec(select(User).where(User.email == attempt.email)).first()
    ok = (
        matched
        and user is not None
        and user.is_active
        and user.password_hash == attempt.password_hash
    )
    db.add(LoginAttempt(email=attempt.email, client_key=client_key, succeeded=ok, created_at=now))
    if not ok or user is None:
        db.commit()
        raise DomainError(AccountError.BAD_CREDENTIALS)
    if user.role == Role.APPLICANT and user.email_verified_at is None:
        db.commit()
        raise DomainError(AccountError.EMAIL_UNCONFIRMED)
    if new_hash:
        user.password_hash = new_hash
    if user.role == Role.ADMIN:
        result = SignedIn(
            tickets.issue(db, purpose=TicketPurpose.SECOND_FACTOR, user_id=id_of(user), now=now),
            _current(user),
            NextStep.CODE if user.totp_enrolled_at else NextStep.ENROL,
        )
    else:
        result = signed_in(db, user, now)
    db.commit()
    return result


def signed_in(db: Session, user: User, now: datetime) -> SignedIn:
    """The ticket for the session cookie of a user whose login is complete; flushes."""
    ticket = tickets.issue(db, purpose=TicketPurpose.SIGN_IN, user_id=id_of(user), now=now)
    audit.record(db, actor_id=user.id, action="auth.login", entity="user", entity_id=user.id)
    return SignedIn(ticket, _current(user))


def login(db: Session, *, email: str, password: str, client_key: str, now: datetime) -> SignedIn:
    """`begin_login`, the password check and `finish_login` in one go, in this thread
    (scripts and tests; the login page spreads them over its thread pools); commits.

    Raises:
        DomainError: ``throttled``, ``bad_credentials`` or ``email_unconfirmed``.
    """
    attempt = begin_login(db, email=email, client_key=client_key, now=now)
    matched, new_hash = verify_password(password, attempt.password_hash)
    return finish_login(
        db, attempt, matched=matched, new_hash=new_hash, client_key=client_key, now=now
    )


def start_session(db: Session, *, ticket: str, now: datetime) -> str:
    """Exchange a login's ticket for a new session; commits.

    Returns:
        The session token, for the HttpOnly cookie (only its digest is stored).

    Raises:
        DomainError: ``ticket_invalid``.
    """
    used = tickets.redeem(db, ticket=ticket, purpose=TicketPurpose.SIGN_IN, now=now)
    user = db.get_one(User, used.user_id)
    token = new_token()
    db.add(
        LoginSession(
            user_id=used.user_id,
            token_hash=token_hash(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now
            + (ADMIN_ABSOLUTE_TIMEOUT if user.role == Role.ADMIN else ABSOLUTE_TIMEOUT),
        )
    )
    user.last_login_at = now
    db.commit()
    return token


def _current(user: User, roles: frozenset[str] = frozenset()) -> CurrentUser:
    return CurrentUser(id=id_of(user), full_name=user.full_name, role=user.role, roles=roles)


def _roles_of(db: Session, user: User) -> frozenset[str]:
    if user.role != Role.ADMIN:
        return frozenset()
    return frozenset(db.exec(select(AdminGrant.role).where(AdminGrant.user_id == user.id)))


def user_of_digest(db: Session, digest: str, now: datetime) -> CurrentUser | None:
    """The user behind a live session, by the session token's digest; extends its idle
    expiry (and deletes an expired session); commits."""
    if not isinstance(digest, str) or len(digest) != 64:
        return None
    found = db.exec(
        select(LoginSession, User)
        .join(User, col(User.id) == LoginSession.user_id)
        .where(LoginSession.token_hash == digest)
    ).first()
    if found is None:
        return None
    login_session, user = found
    idle = ADMIN_IDLE_TIMEOUT if user.role == Role.ADMIN else IDLE_TIMEOUT
    if (
        now >= login_session.expires_at
        or now - login_session.last_seen_at >= idle
        or not user.is_active
    ):
        db.delete(login_session)
        db.commit()
        return None
    if now - login_session.last_seen_at > timedelta(minutes=1):
        login_session.last_seen_at = now
        db.commit()
    return _current(user, _roles_of(db, user))


def resolve_session(db: Session, token: str, now: datetime) -> CurrentUser | None:
    """The user behind a live session token (a cookie's value); see `user_of_digest`."""
    if not isinstance(token, str) or not token or len(token) > 128:
        return None
    return user_of_digest(db, token_hash(token), now)


def end_session(db: Session, digest: str) -> None:
    """End the session with this digest (nothing happens for an unknown one); commits."""
    db.exec(delete(LoginSession).where(col(LoginSession.token_hash) == digest))
    db.commit()


def logout(db: Session, token: str) -> None:
    """End the session behind a token (a cookie's value); commits."""
    if isinstance(token, str) and token:
        end_session(db, token_hash(token))


def end_sessions(db: Session, user_id: int) -> None:
    """End every session of an account (deactivated, or a new password); flushes."""
    db.exec(delete(LoginSession).where(col(LoginSession.user_id) == user_id))


def require_role(user: CurrentUser | None, role: Role) -> CurrentUser:
    """Return the user when they hold the role, else raise AccessDenied."""
    if user is None:
        raise AccessDenied(CoreError.LOGIN_REQUIRED)
    if user.role != role:
        raise AccessDenied()
    return user
