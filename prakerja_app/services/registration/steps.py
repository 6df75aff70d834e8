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


class Step(StrEnum):
    ACCOUNT = "akun"
    EMAIL = "email"
    LOGIN = "masuk"
    IDENTITY = "nik"
    PERSONAL = "data_diri"
    PHONE = "nomor_hp"
    TEST = "tes"
    WAVE = "gabung"


STEP_LABELS = {
    Step.ACCOUNT: "Buat akun",
    Step.EMAIL: "Konfirmasi email",
    Step.LOGIN: "Masuk",
    Step.IDENTITY: "NIK dan tanggal lahir",
    Step.PERSONAL: "Data diri",
    Step.PHONE: "Nomor HP",
    Step.TEST: "Tes motivasi",
    Step.WAVE: "Gabung gelombang",
}


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
        raise DomainError(
            "step_order",
            "Langkah ini belum dapat dilakukan. Selesaikan langkah yang sedang aktif."
            if current is not None and list(Step).index(current) < list(Step).index(step)
            else "Langkah ini sudah selesai.",
        )


def complete_step(db: Session, user_id: int, step: Step, now: datetime) -> None:
    """Record a finished step (idempotent; the caller commits)."""
    if step in completed_steps(db, user_id):
        return
    try:
        with db.begin_nested():
            db.add(RegistrationStep(user_id=user_id, step=step, completed_at=now))
    except IntegrityError:
        pass  # a concurrent request recorded it first
