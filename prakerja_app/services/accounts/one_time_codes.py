"""One-time codes sent by SMS: the phone check now, purchase confirmations later.

Security choices:

* Codes are 6 digits from ``secrets`` (a CSPRNG), never ``random``.
* The database keeps only ``HMAC-SHA256(secret_key, "purpose:user_id:target:code")``. A
  plain hash of a 6-digit code is reversed in a blink, so the key matters: a leaked
  table alone does not give the codes. Binding purpose, user and target into the MAC
  means a code only works for what it was sent for, even if a row is tampered with.
* One live code per user and purpose: issuing a new one invalidates the earlier ones.
* A code lives ``CODE_TTL`` and allows ``MAX_ATTEMPTS`` wrong guesses, then is locked
  (even the right code is refused); at most one code per ``RESEND_AFTER`` per user and
  purpose, so guessing is capped at a few tries a minute and SMS cannot be flooded.
* Wrong guesses are counted with one conditional ``UPDATE … SET attempts = attempts + 1
  WHERE attempts < MAX_ATTEMPTS`` and committed at once, so concurrent guesses cannot
  exceed the limit and a refusal (which callers roll back) does not erase the count.
  Using a code is likewise a conditional ``UPDATE … WHERE used_at IS NULL``, so two
  concurrent verifications cannot both succeed.
* Codes are compared with ``hmac.compare_digest`` (constant time).
"""

import hashlib
import hmac
import math
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select, update

from prakerja_app.models import OtpCode, User, id_of
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.errors import DomainError
from prakerja_app.settings import secret_key

CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
DAILY_LIMIT = 10  # codes per account, and per number, in any 24 hours (SMS cost too)
CODE_DIGITS = 6

FIELD = "otp"

_CODE = re.compile(rf"[0-9]{{{CODE_DIGITS}}}")  # ASCII digits only
_SPACES = re.compile(r"\s+")


def _code_hash(*, purpose: str, user_id: int, target: str, code: str) -> str:
    message = f"{purpose}:{user_id}:{target}:{code}".encode()
    return hmac.new(secret_key(), message, hashlib.sha256).hexdigest()


def _codes_in_a_day(db: Session, now: datetime, condition: ColumnElement[bool]) -> int:
    return db.exec(
        select(func.count()).where(condition, col(OtpCode.created_at) > now - timedelta(days=1))
    ).one()


def _latest(db: Session, *, user_id: int, purpose: str) -> OtpCode | None:
    return db.exec(
        select(OtpCode)
        .where(OtpCode.user_id == user_id, OtpCode.purpose == purpose)
        .order_by(col(OtpCode.created_at).desc(), col(OtpCode.id).desc())
    ).first()


def seconds_until_resend(db: Session, *, user_id: int, purpose: str, now: datetime) -> int:
    """Seconds to wait before a new code may be requested, for the page's countdown.

    Returns:
        0 when a new code may be requested now, else the whole seconds left (rounded up).
    """
    latest = _latest(db, user_id=user_id, purpose=purpose)
    if latest is None:
        return 0
    left = (latest.created_at + RESEND_AFTER - now).total_seconds()
    return min(max(0, math.ceil(left)), math.ceil(RESEND_AFTER.total_seconds()))


def issue_code(
    db: Session, *, user_id: int, purpose: str, target: str, phone: str, now: datetime
) -> str:
    """Create a new code for a user and purpose, invalidating the earlier ones.

    Flushes but does not commit: the caller commits together with queueing the SMS.

    Args:
        db: the session.
        user_id: whose code it is.
        purpose: what it unlocks, e.g. ``"phone"`` or ``"purchase"``.
        target: what it is bound to (the number, or the number and a training);
            verification needs the same target.
        phone: the E.164 number the SMS goes to.
        now: the current time (aware).

    Returns:
        The plain 6-digit code, to put in the SMS; it is not stored anywhere.

    Raises:
        DomainError: ``otp_cooldown`` when the previous code for this user and purpose
            is younger than ``RESEND_AFTER``; ``otp_daily_limit`` when this account or
            this number already got `DAILY_LIMIT` codes in the last day.
    """
    # Serialise requests of one user on PostgreSQL (SQLite serialises writers anyway),
    # so two clicks cannot both pass the cooldown check.
    db.exec(select(User.id).where(User.id == user_id).with_for_update()).first()
    wait = seconds_until_resend(db, user_id=user_id, purpose=purpose, now=now)
    if wait > 0:
        raise DomainError(AccountError.OTP_COOLDOWN, FIELD, seconds=wait)
    if _codes_in_a_day(db, now, col(OtpCode.user_id) == user_id) >= DAILY_LIMIT or (
        _codes_in_a_day(
            db, now, (col(OtpCode.target) == phone) | col(OtpCode.target).startswith(f"{phone}/")
        )
        >= DAILY_LIMIT
    ):
        raise DomainError(AccountError.OTP_DAILY_LIMIT, FIELD, limit=DAILY_LIMIT)
    db.exec(
        update(OtpCode)
        .where(
            col(OtpCode.user_id) == user_id,
            col(OtpCode.purpose) == purpose,
            col(OtpCode.used_at).is_(None),
        )
        .values(used_at=now)
    )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    db.add(
        OtpCode(
            user_id=user_id,
            purpose=purpose,
            target=target,
            code_hash=_code_hash(purpose=purpose, user_id=user_id, target=target, code=code),
            attempts=0,
            created_at=now,
            expires_at=now + CODE_TTL,
        )
    )
    db.flush()
    return code


def _refusal_after_lost_race(db: Session, otp_id: int) -> DomainError:
    """Why a conditional update matched nothing: another request used or locked the code."""
    attempts, used_at = db.exec(
        select(OtpCode.attempts, OtpCode.used_at).where(OtpCode.id == otp_id)
    ).one()
    if used_at is None and attempts >= MAX_ATTEMPTS:
        return DomainError(AccountError.OTP_LOCKED, FIELD, attempts=MAX_ATTEMPTS)
    return DomainError(AccountError.OTP_MISSING, FIELD)


def verify_code(
    db: Session, *, user_id: int, purpose: str, target: str, code: str, now: datetime
) -> None:
    """Check a typed code against the live code for this user, purpose and target.

    On success the code is used up (single use); the session is flushed, not committed,
    so the caller commits it with the step it unlocks. A wrong code is counted and
    committed before the refusal is raised.

    Args:
        db: the session.
        user_id: who types the code.
        purpose: what the code must have been issued for.
        target: where it must have been sent (a code sent to another number fails).
        code: as typed; spaces are ignored.
        now: the current time (aware).

    Raises:
        DomainError: with field ``"otp"`` and code ``otp_missing`` (no live code),
            ``otp_format`` (not 6 digits; not counted as an attempt), ``otp_expired``,
            ``otp_locked`` (``MAX_ATTEMPTS`` wrong tries) or ``otp_wrong``.
    """
    otp = db.exec(
        select(OtpCode)
        .where(
            OtpCode.user_id == user_id,
            OtpCode.purpose == purpose,
            OtpCode.target == target,
            col(OtpCode.used_at).is_(None),
        )
        .order_by(col(OtpCode.created_at).desc(), col(OtpCode.id).desc())
    ).first()
    if otp is None:
        raise DomainError(AccountError.OTP_MISSING, FIELD)
    typed = _SPACES.sub("", code or "")
    if not _CODE.fullmatch(typed):
        raise DomainError(AccountError.OTP_FORMAT, FIELD, digits=CODE_DIGITS)
    if now >= otp.expires_at:
        raise DomainError(AccountError.OTP_EXPIRED, FIELD)
    if otp.attempts >= MAX_ATTEMPTS:
        raise DomainError(AccountError.OTP_LOCKED, FIELD, attempts=MAX_ATTEMPTS)

    expected = _code_hash(purpose=purpose, user_id=user_id, target=target, code=typed)
    live = (
        col(OtpCode.id) == otp.id,
        col(OtpCode.used_at).is_(None),
        col(OtpCode.attempts) < MAX_ATTEMPTS,
    )
    if hmac.compare_digest(expected, otp.code_hash):
        used = db.exec(update(OtpCode).where(*live).values(used_at=now))
        if used.rowcount != 1:
            raise _refusal_after_lost_race(db, id_of(otp))
        db.flush()
        return

    counted = db.exec(
        update(OtpCode)
        .where(*live)
        .values(attempts=col(OtpCode.attempts) + 1)
        .returning(col(OtpCode.attempts))
    ).first()
    if counted is None:
        raise _refusal_after_lost_race(db, id_of(otp))
    db.commit()
    attempts = counted[0]
    if attempts >= MAX_ATTEMPTS:
        raise DomainError(AccountError.OTP_LOCKED, FIELD, attempts=MAX_ATTEMPTS)
    raise DomainError(AccountError.OTP_WRONG, FIELD, attempts_left=MAX_ATTEMPTS - attempts)
