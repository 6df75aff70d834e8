"""Step 5 of registration: personal data, the KTP photo and the selfie, then submission.

The applicant saves the form (a draft, editable), adds both photos, checks a summary of
the answers (`views.registration`) and submits with the honesty statement. Submitted
data is locked.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, select

from prakerja_app.models import ApplicantProfile
from prakerja_app.services.accounts.users import check_full_name
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.vocab import Category, Education, Employment, MaritalStatus, Sex
from prakerja_app.services.registration import photos, regions
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.profiles import profile_of
from prakerja_app.services.registration.steps import Step, complete_step, require_step
from prakerja_app.services.verification import evidence, flags

PHOTO_FIELDS = ("ktp_photo", "selfie_photo")


@dataclass(frozen=True)
class PersonalAnswers:
    """The personal-data form as the applicant filled it in (raw text, checked here).

    Attributes:
        in_formal_education: the answer to "at school or university?": True, False, or
            None when not answered.
        not_excluded_occupation: the "I am none of the excluded occupations" statement.
    """

    full_name_ktp: str = ""
    ktp_address: str = ""
    domicile_same: bool = False
    domicile_address: str = ""
    province_code: str = ""
    regency_code: str = ""
    district: str = ""
    sex: str = ""
    marital_status: str = ""
    education: str = ""
    employment_status: str = ""
    training_interest: str = ""
    in_formal_education: bool | None = None
    not_excluded_occupation: bool = False


@dataclass(frozen=True)
class PersonalData:
    """The saved answers, as the form shows them (strings; empty when not given yet)."""

    full_name_ktp: str
    ktp_address: str
    domicile_same: bool
    domicile_address: str
    province_code: str
    regency_code: str
    district: str
    sex: str
    marital_status: str
    education: str
    employment_status: str
    training_interest: str
    has_ktp_photo: bool
    has_selfie_photo: bool
    submitted: bool

    @property
    def complete(self) -> bool:
        """The form was saved and both photos are there."""
        return bool(self.full_name_ktp) and self.has_ktp_photo and self.has_selfie_photo


def _address(raw: str, field: str) -> str:
    address = " ".join((raw or "").split())
    if not 10 <= len(address) <= 300:
        raise DomainError(RegistrationError.ADDRESS_INVALID, field)
    return address


def _choice(raw: str, choices: type[StrEnum], field: str) -> str:
    if raw not in set(choices):
        raise DomainError(RegistrationError.CHOICE_INVALID, field)
    return raw


def _district(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not 2 <= len(name) <= 80:
        raise DomainError(RegistrationError.DISTRICT_INVALID, "district")
    return name


def _editable(db: Session, user_id: int) -> ApplicantProfile:
    submitted = db.exec(
        select(ApplicantProfile.data_submitted_at).where(ApplicantProfile.user_id == user_id)
    ).first()
    if submitted is not None:  # checked first: step 5 is done then, too
        raise DomainError(RegistrationError.DATA_LOCKED)
    require_step(db, user_id, Step.PERSONAL)
    return profile_of(db, user_id)


def saved_data(db: Session, user_id: int) -> PersonalData:
    """The applicant's saved answers, to prefill the form and the summary."""
    p = profile_of(db, user_id)
    return PersonalData(
        full_name_ktp=p.full_name_ktp or "",
        ktp_address=p.ktp_address or "",
        domicile_same=bool(p.ktp_address) and p.ktp_address == p.domicile_address,
        domicile_address=p.domicile_address or "",
        province_code=p.province_code or "",
        regency_code=p.regency_code or "",
        district=p.district or "",
        sex=p.sex or "",
        marital_status=p.marital_status or "",
        education=p.education or "",
        employment_status=p.employment_status or "",
        training_interest=p.training_interests or "",
        has_ktp_photo=p.ktp_photo_key is not None,
        has_selfie_photo=p.selfie_photo_key is not None,
        submitted=p.data_submitted_at is not None,
    )


def save_form(db: Session, *, user_id: int, answers: PersonalAnswers, now: datetime) -> None:
    """Check and save the personal-data form as a draft; commits.

    Raises:
        FormErrors: every wrong field with its refusal; nothing is saved.
        DomainError: not the current step, or the data was already submitted.
    """
    profile = _editable(db, user_id)
    a = answers
    errors: dict[str, DomainError] = {}
    name = collect(
        errors, "full_name_ktp", lambda: check_full_name(a.full_name_ktp, "full_name_ktp")
    )
    ktp_address = collect(errors, "ktp_address", lambda: _address(a.ktp_address, "ktp_address"))
    domicile = (
        ktp_address
        if a.domicile_same
        else collect(
            errors, "domicile_address", lambda: _address(a.domicile_address, "domicile_address")
        )
    )
    try:
        regions.check_region(a.province_code, a.regency_code)
    except DomainError as error:
        errors[error.field or "province_code"] = error
    district = collect(errors, "district", lambda: _district(a.district))
    sex = collect(errors, "sex", lambda: _choice(a.sex, Sex, "sex"))
    if sex and sex != profile.sex:
        errors["sex"] = DomainError(RegistrationError.SEX_MISMATCH, "sex")
    marital = collect(
        errors, "marital_status", lambda: _choice(a.marital_status, MaritalStatus, "marital_status")
    )
    education = collect(errors, "education", lambda: _choice(a.education, Education, "education"))
    employment = collect(
        errors,
        "employment_status",
        lambda: _choice(a.employment_status, Employment, "employment_status"),
    )
    interest = collect(
        errors,
        "training_interest",
        lambda: _choice(a.training_interest, Category, "training_interest"),
    )
    if a.in_formal_education is None:
        errors["in_formal_education"] = DomainError(
            RegistrationError.SCHOOL_ANSWER_MISSING, "in_formal_education"
        )
    elif a.in_formal_education:
        errors["in_formal_education"] = DomainError(
            RegistrationError.IN_FORMAL_EDUCATION, "in_formal_education"
        )
    if not a.not_excluded_occupation:
        errors["not_excluded_occupation"] = DomainError(
            RegistrationError.OCCUPATION_STATEMENT_MISSING, "not_excluded_occupation"
        )
    if errors:
        raise FormErrors(errors)
    profile.full_name_ktp, profile.ktp_address, profile.domicile_address = (
        name,
        ktp_address,
        domicile,
    )
    profile.province_code, profile.regency_code = a.province_code, a.regency_code
    profile.district = district
    profile.marital_status, profile.education = marital, education
    profile.employment_status, profile.training_interests = employment, interest
    profile.in_formal_education, profile.excluded_occupation = False, False
    profile.updated_at = now
    db.commit()


def save_photo(db: Session, *, user_id: int, field: str, data: bytes, now: datetime) -> None:
    """Store the KTP photo or the selfie (replacing an earlier one); commits.

    Raises:
        DomainError: a bad field name, a refused file (see ``photos.store_photo``), not
            the current step, or the data was already submitted.
    """
    if field not in PHOTO_FIELDS:
        raise DomainError(RegistrationError.PHOTO_FIELD)
    profile = _editable(db, user_id)
    key, phash = photos.store_photo_hashed(data, field=field)
    attribute = f"{field}_key"
    old = getattr(profile, attribute)
    setattr(profile, attribute, key)
    profile.updated_at = now
    evidence.record_fingerprint(db, user_id=user_id, photo=field, phash=phash, now=now)
    db.commit()
    if old:
        photos.delete_photo(old)


def photo_preview(db: Session, *, user_id: int, field: str) -> str:
    """A small preview (data URI) of the applicant's own photo, or "" when there is none."""
    if field not in PHOTO_FIELDS:
        return ""
    key = getattr(profile_of(db, user_id), f"{field}_key")
    return photos.thumbnail_data_uri(key) if key else ""


def submit(db: Session, *, user_id: int, honesty: bool, now: datetime) -> None:
    """Submit the saved data with the honesty statement; it is locked and step 5 done; commits.

    Raises:
        DomainError: the statement is not ticked, the form or a photo is missing, not the
            current step, or already submitted.
    """
    profile = _editable(db, user_id)
    data = saved_data(db, user_id)
    if not data.full_name_ktp:
        raise DomainError(RegistrationError.DATA_MISSING)
    for field, present in (
        ("ktp_photo", data.has_ktp_photo),
        ("selfie_photo", data.has_selfie_photo),
    ):
        if not present:
            raise DomainError(RegistrationError.PHOTO_MISSING, field)
    if honesty is not True:
        raise DomainError(RegistrationError.HONESTY_REQUIRED, "honesty")
    profile.honesty_statement_at = profile.data_submitted_at = profile.updated_at = now
    complete_step(db, user_id, Step.PERSONAL, now)
    audit.record(
        db, actor_id=user_id, action="registration.personal_data", entity="user", entity_id=user_id
    )
    flags.detect(db, now=now, user_ids=[user_id])
    db.commit()
