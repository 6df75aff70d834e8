"""Step 4 of registration: the NIK, the family card (KK) number and the birth date.

The NIK must be well formed, encode the typed birth date, belong to someone aged 18 or
over, and not be claimed by another account. The population registry (Dukcapil) is not
reachable from here: ``Registry`` is the interface a real check would implement, and
``OfflineRegistry`` accepts every well-formed NIK and says so in the recorded status.
"""

from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from prakerja_app.models import ApplicantProfile
from prakerja_app.services.accounts.tokens import token_hash
from prakerja_app.services.core import audit, program, rate_limits
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.rate_limits import Limit
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.nik import age_on, check_birth_date, parse_kk, parse_nik
from prakerja_app.services.registration.steps import Step, complete_step, require_step

NIK_TRIES = Limit("nik_try", 5, timedelta(days=1), distinct=True)


class Registry(Protocol):
    """A population-registry check of an NIK and birth date."""

    def check(self, nik: str, birth_date: date) -> str:
        """Return the registry status to record, or raise DomainError to refuse
        (``registry_unknown``, field ``nik``)."""
        ...


class OfflineRegistry:
    """The stand-in used while Dukcapil is unreachable: structure checks only."""

    def check(self, nik: str, birth_date: date) -> str:
        """Accept the NIK; the status says it was not checked against the registry."""
        return "offline"


def parse_birth_date(raw: str) -> date:
    """Read a birth date from the form's ISO value (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(raw.strip())
    except (ValueError, AttributeError):
        raise DomainError(RegistrationError.BIRTH_DATE_INVALID, "birth_date") from None


def submit_identity(
    db: Session,
    *,
    user_id: int,
    nik: str,
    kk: str,
    birth_date: str,
    now: datetime,
    registry: Registry | None = None,
) -> None:
    """Check and save the NIK, KK and birth date; step 4 is then done; commits.

    Args:
        now: the program's time; the age is counted on its date in WIB.

    Raises:
        FormErrors: every wrong field with its refusal; nothing is saved.
        DomainError: ``step_order`` when this is not the applicant's current step;
            ``rate_limited`` after too many different NIKs today.
    """
    require_step(db, user_id, Step.IDENTITY)
    today = jakarta_today(now)
    errors: dict[str, DomainError] = {}
    info = collect(errors, "nik", lambda: parse_nik(nik, century_pivot=today))
    kk_number = collect(errors, "kk", lambda: parse_kk(kk))
    typed = collect(errors, "birth_date", lambda: parse_birth_date(birth_date))
    if info and typed:
        collect(errors, "birth_date", lambda: check_birth_date(info, typed))
    if info and kk_number == info.nik:
        errors["kk"] = DomainError(RegistrationError.KK_SAME_AS_NIK, "kk")
    if not errors and info and age_on(info.birth_date, today) < program.MINIMUM_AGE:
        errors["birth_date"] = DomainError(
            RegistrationError.UNDER_AGE, "birth_date", minimum=program.MINIMUM_AGE
        )
    if not errors and info:
        _count_try(db, user_id, info.nik, now)
        if _nik_taken(db, info.nik, user_id):
            errors["nik"] = DomainError(RegistrationError.NIK_TAKEN, "nik")
    if errors or info is None:
        raise FormErrors(errors)
    status = (registry or OfflineRegistry()).check(info.nik, info.birth_date)
    profile = _profile(db, user_id, now)
    try:  # the unique NIK may already fail at the autoflush of complete_step's query
        profile.nik, profile.kk_number, profile.birth_date = info.nik, kk_number, info.birth_date
        profile.sex, profile.registry_status, profile.updated_at = info.sex, status, now
        complete_step(db, user_id, Step.IDENTITY, now)
        audit.record(
            db, actor_id=user_id, action="registration.identity", entity="user", entity_id=user_id
        )
        db.commit()
    except IntegrityError:  # another account claimed the NIK at the same moment
        db.rollback()
        raise FormErrors({"nik": DomainError(RegistrationError.NIK_TAKEN, "nik")}) from None


def _count_try(db: Session, user_id: int, nik: str, now: datetime) -> None:
    """Count a well-formed NIK this account tries, before it learns whether it is taken;
    a few different ones a day are enough for typing mistakes, not for probing."""
    item = token_hash(nik)[:32]
    rate_limits.check(db, NIK_TRIES, str(user_id), now, item=item, field="nik")
    rate_limits.record(db, NIK_TRIES, str(user_id), now, item=item)
    db.commit()


def _nik_taken(db: Session, nik: str, user_id: int) -> bool:
    owner = db.exec(select(ApplicantProfile.user_id).where(ApplicantProfile.nik == nik)).first()
    return owner is not None and owner != user_id


def _profile(db: Session, user_id: int, now: datetime) -> ApplicantProfile:
    profile = db.exec(select(ApplicantProfile).where(ApplicantProfile.user_id == user_id)).first()
    if profile is None:
        profile = ApplicantProfile(user_id=user_id, created_at=now, updated_at=now)
        db.add(profile)
    return profile
