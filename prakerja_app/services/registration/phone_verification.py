"""Step 6 of registration: the applicant's mobile number, proven with a one-time SMS code."""

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from prakerja_app.models import ApplicantProfile, OtpCode
from prakerja_app.services.accounts import one_time_codes
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.tokens import token_hash
from prakerja_app.services.core import audit, rate_limits
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.phone_numbers import mask_phone, normalize_phone
from prakerja_app.services.core.rate_limits import Limit
from prakerja_app.services.messaging import outbox, templates
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.steps import Step, complete_step, require_step

PURPOSE = "phone"
PHONE_TRIES = Limit("phone_try", 5, timedelta(days=1), distinct=True)


def _phone_taken(db: Session, phone: str, user_id: int) -> bool:
    owner = db.exec(select(ApplicantProfile.user_id).where(ApplicantProfile.phone == phone)).first()
    return owner is not None and owner != user_id


def send_code(db: Session, *, user_id: int, raw_phone: str, now: datetime) -> str:
    """Send a 6-digit code by SMS to the typed number; return the masked number; commit.

    Raises:
        DomainError: invalid number; resend too soon (checked first); too many different
            numbers today; a number taken by another account; too many codes today; not
            the current step.
    """
    require_step(db, user_id, Step.PHONE)
    phone = normalize_phone(raw_phone)
    wait = one_time_codes.seconds_until_resend(db, user_id=user_id, purpose=PURPOSE, now=now)
    if wait > 0:  # before anything else, so waiting is all a quick retry learns
        raise DomainError(AccountError.OTP_COOLDOWN, "otp", seconds=wait)
    item = token_hash(phone)[:32]
    rate_limits.check(db, PHONE_TRIES, str(user_id), now, item=item, field="phone")
    rate_limits.record(db, PHONE_TRIES, str(user_id), now, item=item)
    db.commit()
    if _phone_taken(db, phone, user_id):
        raise DomainError(RegistrationError.PHONE_TAKEN, "phone")
    code = one_time_codes.issue_code(
        db, user_id=user_id, purpose=PURPOSE, target=phone, phone=phone, now=now
    )
    outbox.queue_sms(
        db,
        to=phone,
        body=templates.PHONE_CODE_SMS.format(code=outbox.SECRET_MARK),
        now=now,
        secret=outbox.Secret(code, one_time_codes.CODE_TTL),
    )
    db.commit()
    return mask_phone(phone)


def pending_phone(db: Session, user_id: int) -> str | None:
    """The number the latest unused code was sent to, if any."""
    return db.exec(
        select(OtpCode.target)
        .where(OtpCode.user_id == user_id, OtpCode.purpose == PURPOSE)
        .where(col(OtpCode.used_at).is_(None))
        .order_by(col(OtpCode.id).desc())
    ).first()


def verify(db: Session, *, user_id: int, code: str, now: datetime) -> None:
    """Check the code; the number is then the applicant's and step 6 is done; commit.

    Raises:
        DomainError: wrong, expired, locked or missing code (see ``one_time_codes.verify_code``),
            the number was taken meanwhile, or not the current step.
    """
    require_step(db, user_id, Step.PHONE)
    phone = pending_phone(db, user_id)
    if phone is None:
        raise DomainError(AccountError.OTP_MISSING, "otp")
    if _phone_taken(db, phone, user_id):  # another account proved it since the code was sent
        raise DomainError(RegistrationError.PHONE_TAKEN, "phone")
    one_time_codes.verify_code(
        db, user_id=user_id, purpose=PURPOSE, target=phone, code=code, now=now
    )
    profile = db.exec(select(ApplicantProfile).where(ApplicantProfile.user_id == user_id)).one()
    try:  # the unique phone may already fail at the autoflush of complete_step's query
        profile.phone, profile.phone_verified_at, profile.updated_at = phone, now, now
        complete_step(db, user_id, Step.PHONE, now)
        audit.record(
            db, actor_id=user_id, action="registration.phone", entity="user", entity_id=user_id
        )
        db.commit()
    except IntegrityError:  # another account verified the same number at the same moment
        db.rollback()
        raise DomainError(RegistrationError.PHONE_TAKEN, "phone") from None
