"""The applicant's eight registration steps, their order, and where each applicant is.

Each completed step is a row in ``RegistrationStep``, so any device resumes at the same
place. Every step's service calls ``require_step`` first: a later step cannot be done
before the earlier ones, and a done step cannot be redone.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from prakerja_app.models import RegistrationStep
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration.errors import RegistrationError


class Step(StrEnum):
    ACCOUNT = "akun"
    EMAIL = "email"
    LOGIN = "masuk"
    IDENTITY = "nik"
    PERSONAL = "data_diri"
    PHONE = "nomor_hp"
    TEST = "tes"
    WAVE = "gabung"


def completed_steps(db: Session, user_id: int) -> set[Step]:
    """The steps this applicant has finished."""
    rows = db.exec(select(RegistrationStep.step).where(RegistrationStep.user_id == user_id))
    return {Step(step) for step in rows}


def current_step(db: Session, user_id: int) -> Step | None:
    """The first step not finished yet, or None when registration is complete."""
    done = completed_steps(db, user_id)
    return next((step for step in Step if step not in done), None)


def require_step(db: Session, user_id: int, step: Step) -> None:
    """Refuse unless `step` is the applicant's current step.

    Raises:
        DomainError: ``step_order`` when an earlier step is unfinished or this one is done.
    """
    current = current_step(db, user_id)
    if current != step:
        early = current is not None and list(Step).index(current) < list(Step).index(step)
        raise DomainError(RegistrationError.STEP_ORDER, done=not early)


def complete_step(db: Session, user_id: int, step: Step, now: datetime) -> None:
    """Record a finished step (idempotent); flushes, the caller commits."""
    if step in completed_steps(db, user_id):
        return
    try:
        with db.begin_nested():
            db.add(RegistrationStep(user_id=user_id, step=step, completed_at=now))
    except IntegrityError:
        pass  # a concurrent request recorded it first


def record_login(db: Session, user_id: int, now: datetime) -> None:
    """Step 3 is the applicant's first login with the confirmed email: record it; commits.

    Logging in is the accounts' business; this only notes the fact for the applicant
    whose current step it is (admins have no registration steps).
    """
    if current_step(db, user_id) == Step.LOGIN:
        complete_step(db, user_id, Step.LOGIN, now)
        db.commit()
