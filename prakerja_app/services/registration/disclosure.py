"""Showing an applicant's whole NIK or their identity photos to the program office.

The console shows applicants masked. An admin who needs the whole NIK or the photos
(to check a complaint, a flag, a registry mismatch) gives a reason; the disclosure is
recorded in the audit log with it, and committed, before the value is returned. Who may
ask is the caller's check (`accounts.roles`, `Area.APPLICANTS` readers).
"""

from datetime import datetime

from sqlmodel import Session

from prakerja_app.models import ApplicantProfile, User
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.registration import photos
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.profiles import find_profile

REASON_MIN, REASON_MAX = 10, 300
PHOTO_SIZE = 800  # the longest side of what the admin sees, in pixels


def check_reason(raw: str) -> str:
    """The reason with single spaces.

    Raises:
        DomainError: ``reason_too_short`` or ``reason_too_long`` (field ``reason``).
    """
    reason = " ".join(raw.split())
    if len(reason) < REASON_MIN:
        raise DomainError(RegistrationError.REASON_TOO_SHORT, "reason", minimum=REASON_MIN)
    if len(reason) > REASON_MAX:
        raise DomainError(RegistrationError.REASON_TOO_LONG, "reason", maximum=REASON_MAX)
    return reason


def _disclose(db: Session, actor_id: int, user_id: int, reason: str, action: str) -> None:
    audit.record(
        db,
        actor_id=actor_id,
        action=action,
        entity="user",
        entity_id=user_id,
        after={"reason": reason},
    )
    db.commit()


def _applicant_profile(db: Session, user_id: int) -> ApplicantProfile | None:
    user = db.get(User, user_id)
    if user is None or user.role != Role.APPLICANT:
        raise DomainError(RegistrationError.APPLICANT_UNKNOWN)
    return find_profile(db, user_id)


def reveal_nik(db: Session, *, now: datetime, actor_id: int, user_id: int, reason: str) -> str:
    """The applicant's whole NIK, once the disclosure is audited; commits.

    Args:
        now: the program's time, as every console action gets it; `audit.record` times
            its row itself.

    Raises:
        DomainError: a reason too short or long, no such applicant, or no NIK yet;
            nothing is recorded then.
    """
    checked = check_reason(reason)
    profile = _applicant_profile(db, user_id)
    if profile is None or not profile.nik:
        raise DomainError(RegistrationError.NIK_MISSING)
    _disclose(db, actor_id, user_id, checked, "applicant.reveal_nik")
    return profile.nik


def reveal_photos(
    db: Session, *, now: datetime, actor_id: int, user_id: int, reason: str
) -> dict[str, str]:
    """The applicant's stored photos as data URIs by field (``ktp_photo``,
    ``selfie_photo``), once the disclosure is audited; commits. They are read from the
    private folder (`photos`), never served by URL.

    Raises:
        DomainError: a reason too short or long, no such applicant, or no photo stored;
            nothing is recorded then.
    """
    checked = check_reason(reason)
    profile = _applicant_profile(db, user_id)
    keys = {
        "ktp_photo": profile.ktp_photo_key if profile else None,
        "selfie_photo": profile.selfie_photo_key if profile else None,
    }
    stored = {field: key for field, key in keys.items() if key}
    if not stored:
        raise DomainError(RegistrationError.PHOTOS_MISSING)
    shown = {
        field: photos.thumbnail_data_uri(key, size=PHOTO_SIZE) for field, key in stored.items()
    }
    _disclose(db, actor_id, user_id, checked, "applicant.reveal_photos")
    return shown
