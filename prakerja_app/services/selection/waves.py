"""Waves (gelombang): which are open, joining one (registration step 8), and results."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from prakerja_app.models import ApplicantProfile, Participant, Wave, WaveApplication, id_of
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.vocab import ApplicationResult, WaveStatus
from prakerja_app.services.registration.eligibility import check_eligibility
from prakerja_app.services.registration.steps import Step, complete_step, current_step, require_step
from prakerja_app.services.selection import outcomes
from prakerja_app.services.selection.errors import SelectionError


def open_wave(db: Session, now: datetime) -> Wave | None:
    """The wave open for joining at `now`, if any (the newest when several are)."""
    return db.exec(
        select(Wave)
        .where(
            Wave.status == WaveStatus.OPEN,
            col(Wave.opens_at) <= now,
            col(Wave.closes_at) > now,
        )
        .order_by(col(Wave.number).desc())
    ).first()


def total_selected(db: Session) -> int:
    """How many people were selected over all announced waves."""
    # COALESCE(..., 0) is never NULL; SQLAlchemy types it as its first argument (int | None).
    total = cast(
        int,
        db.exec(
            select(func.coalesce(func.sum(Wave.selected_count), 0)).where(
                Wave.status == WaveStatus.ANNOUNCED
            )
        ).one(),
    )
    return int(total)


@dataclass(frozen=True)
class Application:
    """An applicant's place in a wave, as their dashboard shows it."""

    wave_id: int
    wave_number: int
    closes_at: datetime
    result: str
    reason_code: str | None


def _open_for(wave: Wave, province_code: str | None) -> bool:
    return wave.province_codes is None or (province_code or "") in wave.province_codes.split(",")


def joinable_waves(db: Session, *, user_id: int, now: datetime) -> list[Wave]:
    """The waves open at `now` for the applicant's domicile that they have not joined."""
    profile = db.exec(select(ApplicantProfile).where(ApplicantProfile.user_id == user_id)).first()
    joined = select(WaveApplication.wave_id).where(WaveApplication.user_id == user_id)
    waves = db.exec(
        select(Wave)
        .where(
            Wave.status == WaveStatus.OPEN,
            col(Wave.opens_at) <= now,
            col(Wave.closes_at) > now,
            col(Wave.id).not_in(joined),
        )
        .order_by(col(Wave.number))
    ).all()
    return [w for w in waves if _open_for(w, profile.province_code if profile else None)]


def _joinable_wave(db: Session, user_id: int, wave_id: int, now: datetime) -> Wave:
    """The wave, if the applicant may join it now; else the reason, as a DomainError."""
    wave = next((w for w in joinable_waves(db, user_id=user_id, now=now) if w.id == wave_id), None)
    if wave is None:
        raise DomainError(SelectionError.WAVE_CLOSED)
    profile = db.exec(select(ApplicantProfile).where(ApplicantProfile.user_id == user_id)).one()
    was_participant = db.exec(select(Participant.id).where(Participant.nik == profile.nik)).first()
    assert profile.birth_date is not None  # saved by the identity step, done before this one
    result = check_eligibility(
        birth_date=profile.birth_date,
        today=jakarta_today(now),
        in_formal_education=bool(profile.in_formal_education),
        excluded_occupation=bool(profile.excluded_occupation),
        already_participant=was_participant is not None,
    )
    if not result.eligible:
        raise result.reasons[0]
    return wave


def join(db: Session, *, user_id: int, wave_id: int, statement: bool, now: datetime) -> None:
    """Join a wave after the data-validity statement; registration is then complete; commit.

    Args:
        now: the program's time (the demo clock), which decides whether the wave is open.

    Raises:
        DomainError: the statement is not ticked, the wave is not open for the applicant,
            the applicant is not eligible (with the reason), or not the current step.
    """
    require_step(db, user_id, Step.WAVE)
    if statement is not True:
        raise DomainError(SelectionError.STATEMENT_REQUIRED, "statement")
    wave = _joinable_wave(db, user_id, wave_id, now)
    try:  # a second application may already fail at the autoflush of complete_step's query
        db.add(WaveApplication(wave_id=id_of(wave), user_id=user_id, applied_at=now))
        complete_step(db, user_id, Step.WAVE, now)
        audit.record(db, actor_id=user_id, action="wave.join", entity="wave", entity_id=wave.id)
        db.commit()
    except IntegrityError:  # a double click: the first join counts
        db.rollback()


def latest_application(db: Session, user_id: int) -> Application | None:
    """The applicant's most recent wave application, if any."""
    announced = outcomes.is_announced()
    found = (
        db.connection()
        .execute(
            sa.select(
                col(Wave.id),
                col(Wave.number),
                col(Wave.closes_at),
                outcomes.result_expression(announced),
                outcomes.reason_expression(announced),
            )
            .select_from(outcomes.with_participants())
            .join(Wave, col(Wave.id) == WaveApplication.wave_id)
            .where(col(WaveApplication.user_id) == user_id)
            .order_by(col(Wave.number).desc())
        )
        .first()
    )
    return None if found is None else Application(*cast(tuple[Any, ...], found))


def rejoin(db: Session, *, user_id: int, wave_id: int, now: datetime) -> None:
    """Join the next wave after not being selected, with one click and no new data; commit.

    For an applicant who completed registration and whose latest application ended
    "not_selected" (quota or KK cap). The checks are `join`'s: the wave must be open for
    their domicile, and they must still be eligible. A double click joins once.

    Args:
        now: the program's time (the demo clock), which decides whether the wave is open.

    Raises:
        DomainError: registration not complete, no earlier application, the latest one
            still pending, selected or excluded (with the reason), the wave not open for
            the applicant, or the applicant no longer eligible (with the reason).
    """
    if current_step(db, user_id) is not None:
        raise DomainError(SelectionError.REGISTRATION_INCOMPLETE)
    latest = latest_application(db, user_id)
    if latest is None:
        raise DomainError(SelectionError.NO_APPLICATION)
    if latest.result == ApplicationResult.PENDING:
        raise DomainError(SelectionError.APPLICATION_PENDING, number=latest.wave_number)
    if latest.result == ApplicationResult.SELECTED:
        raise DomainError(SelectionError.ALREADY_SELECTED)
    if latest.result == ApplicationResult.EXCLUDED:
        raise DomainError(SelectionError.APPLICATION_EXCLUDED, reason=latest.reason_code)
    wave = _joinable_wave(db, user_id, wave_id, now)
    try:
        db.add(WaveApplication(wave_id=id_of(wave), user_id=user_id, applied_at=now))
        audit.record(
            db,
            actor_id=user_id,
            action="wave.rejoin",
            entity="wave",
            entity_id=wave.id,
            before={"wave": latest.wave_number, "reason": latest.reason_code},
        )
        db.commit()
    except IntegrityError:  # a double click: the first join counts
        db.rollback()
