"""An admin's second factor: a TOTP code from an authenticator app, or a recovery code.

An admin's right password gives a `TicketPurpose.SECOND_FACTOR` ticket instead of a
session (`sessions.finish_login`). The tab keeps it on the server and presents it with
the code: `sign_in` for an enrolled admin; `begin_enrolment`, `finish_enrolment` and
`enrolled_sign_in` the first time (the secret shown as a QR code once, and ten recovery
codes shown once and stored hashed). Each code works once (the TOTP time step is
remembered); wrong codes are throttled like passwords, and after `MAX_WRONG_CODES` the
password step must be done again.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlmodel import Session, col, func, select, update

from prakerja_app.models import AccessTicket, LoginAttempt, RecoveryCode, User, id_of
from prakerja_app.services.accounts import throttle, tickets
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.sessions import SignedIn, signed_in
from prakerja_app.services.accounts.tickets import TicketPurpose
from prakerja_app.services.accounts.tokens import token_hash
from prakerja_app.services.core import audit, secret_box
from prakerja_app.services.core.errors import DomainError

ISSUER = "Kartu Prakerja Admin"
MAX_WRONG_CODES = 5  # per password step
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_TOTP = re.compile(r"[0-9]{6}")
_RECOVERY = re.compile(r"[a-z0-9]{5}-?[a-z0-9]{5}")


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows once: the secret, as text and as an otpauth URI."""

    secret: str
    uri: str


def _throttle_key(user: User) -> str:
    return f"2fa:{user.email}"


def _pending(db: Session, ticket: str, now: datetime) -> tuple[AccessTicket, User]:
    """The live second-factor ticket and its admin, else ``sign_in_expired``."""
    try:
        found = tickets.check(
            db, ticket=ticket, purpose=TicketPurpose.SECOND_FACTOR, now=now, client_token=""
        )
    except DomainError:
        raise DomainError(AccountError.SIGN_IN_EXPIRED) from None
    user = db.get_one(User, found.user_id)
    if not user.is_active:
        raise DomainError(AccountError.SIGN_IN_EXPIRED)
    return found, user


def _wrong(
    db: Session, found: AccessTicket, user: User, client_key: str, now: datetime
) -> DomainError:
    """Count a wrong code (committed); past the limit the ticket is spent."""
    key = _throttle_key(user)
    db.add(LoginAttempt(email=key, client_key=client_key, succeeded=False, created_at=now))
    db.flush()
    wrong = db.exec(
        select(func.count()).where(
            col(LoginAttempt.email) == key,
            col(LoginAttempt.succeeded).is_(False),
            LoginAttempt.created_at >= found.created_at,
        )
    ).one()
    if wrong >= MAX_WRONG_CODES:
        found.used_at = now
        db.commit()
        return DomainError(AccountError.SIGN_IN_EXPIRED)
    db.commit()
    return DomainError(AccountError.CODE_WRONG, "code")


def _check_wait(db: Session, user: User, client_key: str, now: datetime) -> None:
    wait = throttle.seconds_to_wait(db, email=_throttle_key(user), client_key=client_key, now=now)
    if wait > 0:
        raise DomainError(AccountError.THROTTLED, "code", seconds=wait)


def _code_of(raw: object) -> str:
    code = re.sub(r"\s", "", raw).lower() if isinstance(raw, str) else ""
    if not (_TOTP.fullmatch(code) or _RECOVERY.fullmatch(code)):
        raise DomainError(AccountError.CODE_FORMAT, "code")
    return code


def _totp_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    """The time step `code` belongs to (this one or a neighbour, for clock drift), unless
    it was used already."""
    totp = pyotp.TOTP(secret)
    here = totp.timecode(now)
    for step in (here, here - 1, here + 1):
        if (last_step is None or step > last_step) and secrets.compare_digest(
            totp.generate_otp(step), code
        ):
            return step
    return None


def _use_recovery_code(db: Session, user: User, code: str, now: datetime) -> bool:
    used = db.exec(
        update(RecoveryCode)
        .where(
            col(RecoveryCode.user_id) == user.id,
            col(RecoveryCode.code_hash) == token_hash(code.replace("-", "")),
            col(RecoveryCode.used_at).is_(None),
        )
        .values(used_at=now)
    )
    return used.rowcount == 1


def _finish(db: Session, ticket: str, user: User, client_key: str, now: datetime) -> SignedIn:
    """Spend the second-factor ticket and sign in; commits."""
    tickets.redeem(db, ticket=ticket, purpose=TicketPurpose.SECOND_FACTOR, now=now)
    db.add(
        LoginAttempt(
            email=_throttle_key(user), client_key=client_key, succeeded=True, created_at=now
        )
    )
    result = signed_in(db, user, now)
    db.commit()
    return result


def sign_in(db: Session, *, ticket: str, code: object, client_key: str, now: datetime) -> SignedIn:
    """The second step of an enrolled admin's login: a TOTP code or a recovery code;
    commits (a wrong code too, to count it).

    Raises:
        DomainError: ``code_format``, ``code_wrong`` or ``throttled`` (field ``code``);
            ``sign_in_expired`` when the ticket is spent, expired or used up by wrong codes.
    """
    found, user = _pending(db, ticket, now)
    if user.totp_enrolled_at is None:
        raise DomainError(AccountError.SIGN_IN_EXPIRED)
    code = _code_of(code)
    _check_wait(db, user, client_key, now)
    secret = secret_box.open_sealed(user.totp_secret or "") or ""
    if _TOTP.fullmatch(code):
        step = _totp_step(secret, code, user.totp_last_step, now)
        if step is None:
            raise _wrong(db, found, user, client_key, now)
        user.totp_last_step = step
    elif _use_recovery_code(db, user, code, now):
        audit.record(
            db, actor_id=user.id, action="auth.recovery_code_used", entity="user", entity_id=user.id
        )
    else:
        raise _wrong(db, found, user, client_key, now)
    return _finish(db, ticket, user, client_key, now)


def begin_enrolment(db: Session, *, ticket: str, now: datetime) -> Enrolment:
    """A new TOTP secret for an admin who has none yet, kept sealed until a code from it
    proves the app has it (`finish_enrolment`); commits.

    Raises:
        DomainError: ``sign_in_expired``; ``already_enrolled``.
    """
    _, user = _pending(db, ticket, now)
    if user.totp_enrolled_at is not None:
        raise DomainError(AccountError.ALREADY_ENROLLED)
    secret = pyotp.random_base32()
    user.totp_secret = secret_box.seal(secret)
    db.commit()
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Enrolment(secret, uri)


def _new_recovery_codes(db: Session, user: User, now: datetime) -> list[str]:
    db.exec(update(RecoveryCode).where(col(RecoveryCode.user_id) == user.id).values(used_at=now))
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_CODES)
    ]
    db.add_all(
        RecoveryCode(user_id=id_of(user), code_hash=token_hash(code), created_at=now)
        for code in codes
    )
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def finish_enrolment(
    db: Session, *, ticket: str, code: object, client_key: str, now: datetime
) -> list[str]:
    """Prove the new secret with a code from the app: the admin is enrolled and gets
    their recovery codes, to keep before `enrolled_sign_in`; commits.

    Returns:
        The recovery codes, shown once (only their hashes are kept).

    Raises:
        DomainError: ``code_format``, ``code_wrong``, ``throttled`` (field ``code``);
            ``sign_in_expired``; ``already_enrolled``.
    """
    found, user = _pending(db, ticket, now)
    if user.totp_enrolled_at is not None:
        raise DomainError(AccountError.ALREADY_ENROLLED)
    code = _code_of(code)
    if not _TOTP.fullmatch(code):
        raise DomainError(AccountError.CODE_FORMAT, "code")
    _check_wait(db, user, client_key, now)
    secret = secret_box.open_sealed(user.totp_secret or "")
    step = _totp_step(secret, code, None, now) if secret else None
    if step is None:
        raise _wrong(db, found, user, client_key, now)
    user.totp_enrolled_at, user.totp_last_step = now, step
    codes = _new_recovery_codes(db, user, now)
    audit.record(
        db, actor_id=user.id, action="admin.totp_enrolled", entity="user", entity_id=user.id
    )
    db.commit()
    return codes


def enrolled_sign_in(db: Session, *, ticket: str, client_key: str, now: datetime) -> SignedIn:
    """Sign in an admin who enrolled under this very ticket (`finish_enrolment`), once
    they have kept their recovery codes; commits.

    Raises:
        DomainError: ``sign_in_expired`` (the ticket is spent or expired, or the admin
            did not enrol under it).
    """
    found, user = _pending(db, ticket, now)
    if user.totp_enrolled_at is None or user.totp_enrolled_at < found.created_at:
        raise DomainError(AccountError.SIGN_IN_EXPIRED)
    return _finish(db, ticket, user, client_key, now)


def reset(db: Session, user: User, now: datetime) -> None:
    """Forget an admin's second factor (a lost phone): they enrol again at their next
    login; their recovery codes stop working; flushes."""
    user.totp_secret, user.totp_enrolled_at, user.totp_last_step = None, None, None
    db.exec(
        update(RecoveryCode)
        .where(col(RecoveryCode.user_id) == user.id, col(RecoveryCode.used_at).is_(None))
        .values(used_at=now)
    )
