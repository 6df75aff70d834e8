"""The program office's view of each wave: where it stands, its counts, and the progress
of its draw and of its result messages."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, func, select

from prakerja_app.models import Wave, WaveApplication, id_of
from prakerja_app.services.core.vocab import DrawStage, JobOutcome, WaveStatus
from prakerja_app.services.selection import draw, lifecycle, outcomes
from prakerja_app.services.selection.setup import WaveSettings, current_settings


class Phase(StrEnum):
    """Where a wave stands, as the operator acts on it."""

    SCHEDULED = "scheduled"  # editable; not open yet
    UPCOMING = "upcoming"  # opened (seed committed); applications from its opening time
    OPEN = "open"
    CLOSED = "closed"  # the draw may start
    DRAWING = "drawing"
    DRAWN = "drawn"  # decided; results not yet visible to applicants
    ANNOUNCING = "announcing"  # results out, messages being queued
    ANNOUNCED = "announced"


@dataclass(frozen=True)
class WaveFacts:
    """One wave as the console shows it; the counts by outcome once drawn."""

    wave_id: int
    phase: Phase
    settings: WaveSettings
    seed_hash: str | None
    seed: str | None  # revealed with the results
    applications: int
    counts: outcomes.Counts | None
    selected_count: int | None  # as recorded; a wave from before this system has only this
    draw_stage: DrawStage | None  # while drawing: None until a worker starts it
    draw_failed: bool  # the latest draw request's job failed (the operator may retry)
    told: int  # while announcing: applications whose result messages are queued


def _phase(db: Session, wave: Wave, now: datetime) -> Phase:
    if wave.status == WaveStatus.ANNOUNCED:
        return Phase.ANNOUNCED if wave.results_queued_at else Phase.ANNOUNCING
    if wave.status == WaveStatus.DRAWN:
        return Phase.DRAWN
    if wave.status == WaveStatus.SCHEDULED:
        return Phase.SCHEDULED
    if lifecycle.draw_pending(db, wave, now):
        return Phase.DRAWING
    if wave.status == WaveStatus.CLOSED or now >= wave.closes_at:
        return Phase.CLOSED
    return Phase.UPCOMING if now < wave.opens_at else Phase.OPEN


def _told(db: Session, wave: Wave) -> int:
    if wave.results_queued_through is None:
        return 0
    return db.exec(
        select(func.count()).where(
            WaveApplication.wave_id == wave.id,
            col(WaveApplication.id) <= wave.results_queued_through,
        )
    ).one()


def facts_of(db: Session, wave: Wave, now: datetime) -> WaveFacts:
    """One wave's facts at `now`."""
    phase = _phase(db, wave, now)
    drawn = phase in (Phase.DRAWN, Phase.ANNOUNCING, Phase.ANNOUNCED)
    counts = outcomes.counts(db, wave) if drawn else None
    run = lifecycle.draw_run(db, wave) if phase in (Phase.DRAWING, Phase.CLOSED) else None
    applications = counts.applicants if counts else _applications(db, wave)
    return WaveFacts(
        wave_id=id_of(wave),
        phase=phase,
        settings=current_settings(db, wave),
        seed_hash=wave.seed_hash,
        seed=draw.revealed_seed(wave),
        applications=applications,
        counts=counts,
        selected_count=wave.selected_count,
        draw_stage=DrawStage(run.stage) if run and run.stage and phase == Phase.DRAWING else None,
        draw_failed=run is not None and run.outcome == JobOutcome.FAILED,
        told=_told(db, wave) if phase == Phase.ANNOUNCING else 0,
    )


def _applications(db: Session, wave: Wave) -> int:
    return db.exec(select(func.count()).where(WaveApplication.wave_id == wave.id)).one()


def waves(db: Session, now: datetime) -> list[WaveFacts]:
    """Every wave, the newest first, with its facts at `now`."""
    found = db.exec(select(Wave).order_by(col(Wave.number).desc())).all()
    result = [facts_of(db, wave, now) for wave in found]
    db.commit()  # end the read: the page asks again while a draw runs
    return result


def busy(facts: list[WaveFacts]) -> bool:
    """Whether a draw or a result fan-out is under way (the page then keeps watching)."""
    return any(f.phase in (Phase.DRAWING, Phase.ANNOUNCING) for f in facts)
