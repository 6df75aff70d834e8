"""The applicant's profile: what they declared, made at step 4 and filled in by the others."""

from sqlmodel import Session, select

from prakerja_app.models import ApplicantProfile
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration.errors import RegistrationError


def find_profile(db: Session, user_id: int) -> ApplicantProfile | None:
    """The applicant's profile, or None before step 4."""
    return db.exec(select(ApplicantProfile).where(ApplicantProfile.user_id == user_id)).first()


def profile_of(db: Session, user_id: int) -> ApplicantProfile:
    """The applicant's profile.

    Raises:
        DomainError: ``step_order`` before step 4.
    """
    profile = find_profile(db, user_id)
    if profile is None:
        raise DomainError(RegistrationError.STEP_ORDER, done=False)
    return profile
