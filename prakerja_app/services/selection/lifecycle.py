"""A wave's steps in the program office: open it, close it, and ask for its draw.

Opening commits the draw's seed and publishes its hash (`draw.commit_seed`); the wave
takes applications from its opening time. Closing ends applications now (or at the
closing time already passed). The draw itself is a job (`jobs.tasks.draw_wave`): asking
for it records the request on the wave, which the caller then queues under that id, and
the request's job run reports the draw's stage (`overview`). Publishing the results is
`draw.publish_results`. Each step is audited and commits.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import JobRun, Wave
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import JobOutcome, WaveStatus
from prakerja_app.services.operations import schedule
from prakerja_app.services.selection import draw
from prakerja_app.services.selection.errors import SelectionError

# A request no worker has started within this long is taken as lost (the queue was
# flushed or unreachable), and the operator may ask again.
REQUEST_LOST_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class DrawRequest:
    """An operator's request to draw a wave, to be queued under its id."""

    wave_number: int
    request: str


def _wave(db: Session, wave_id: int) -> Wave:
    wave = db.get(Wave, wave_id, populate_existing=True)
    if wave is None:
        raise DomainError(SelectionError.WAVE_UNKNOWN)
    return wave


def _move(db: Session, wave: Wave, expected: WaveStatus, refusal: DomainError, **values) -> None:
    """Update the wave if it still has the `expected` status, else refuse (a second click)."""
    moved = db.exec(
        sa.update(Wave)
        .where(col(Wave.id) == wave.id, col(Wave.status) == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise refusal


def open_wave(db: Session, *, now: datetime, actor_id: int, wave_id: int) -> str:
    """Open a scheduled wave: fix its settings and publish its seed's hash; commit.

    Returns:
        The seed's hash, now public.

    Raises:
        DomainError: ``wave_unknown``; ``already_opened``; ``closing_passed`` when its
            closing time has passed (edit it first).
    """
    wave = _wave(db, wave_id)
    refusal = DomainError(SelectionError.ALREADY_OPENED, number=wave.number)
    if wave.status != WaveStatus.SCHEDULED:
        raise refusal
    if now >= wave.closes_at:
        raise DomainError(
            SelectionError.CLOSING_PASSED, number=wave.number, closes_at=wave.closes_at
        )
    with committing(db):
        _move(db, wave, WaveStatus.SCHEDULED, refusal, status=WaveStatus.OPEN)
        digest = draw.commit_seed(db, wave_id, now)
        audit.record(
            db,
            actor_id=actor_id,
            action="wave.open",
            entity="wave",
            entity_id=wave_id,
            after={"seed_hash": digest, "opens_at": wave.opens_at, "at": now},
        )
    return digest


def close_wave(db: Session, *, now: datetime, actor_id: int, wave_id: int) -> None:
    """Stop an open wave taking applications; commit. Before its closing time, the wave
    closes now (its closing time becomes now), so its draw may start at once.

    Raises:
        DomainError: ``wave_unknown``; ``not_open``; ``not_started`` before its opening.
    """
    wave = _wave(db, wave_id)
    refusal = DomainError(SelectionError.NOT_OPEN, number=wave.number)
    if wave.status != WaveStatus.OPEN:
        raise refusal
    if now < wave.opens_at:
        raise DomainError(SelectionError.NOT_STARTED, number=wave.number, opens_at=wave.opens_at)
    closes_at = min(wave.closes_at, now)
    with committing(db):
        _move(db, wave, WaveStatus.OPEN, refusal, status=WaveStatus.CLOSED, closes_at=closes_at)
        audit.record(
            db,
            actor_id=actor_id,
            action="wave.close",
            entity="wave",
            entity_id=wave_id,
            before={"closes_at": wave.closes_at},
            after={"closes_at": closes_at, "at": now},
        )


def draw_run(db: Session, wave: Wave) -> JobRun | None:
    """The job run of the wave's latest draw request, once a worker has started it."""
    if wave.draw_request is None:
        return None
    tick = schedule.draw_tick(wave.number, wave.draw_request)
    return db.exec(select(JobRun).where(JobRun.job == schedule.DRAW, JobRun.tick == tick)).first()


def draw_pending(db: Session, wave: Wave, now: datetime) -> bool:
    """Whether the wave's latest draw request is still queued or running."""
    if wave.draw_request is None or wave.status in (WaveStatus.DRAWN, WaveStatus.ANNOUNCED):
        return False
    run = draw_run(db, wave)
    if run is not None:
        return run.outcome == JobOutcome.RUNNING
    requested = wave.draw_requested_at
    return requested is not None and now - requested < REQUEST_LOST_AFTER


def request_draw(db: Session, *, now: datetime, actor_id: int, wave_id: int) -> DrawRequest:
    """Ask for the draw of a closed wave; commit. The caller queues it under the request.

    Raises:
        DomainError: ``wave_unknown``; ``already_drawn``; ``draw_running``; and the draw's
            own refusals (`draw.check_drawable`): ``wave_not_closed`` while it is open, ...
    """
    wave = _wave(db, wave_id)
    if wave.status in (WaveStatus.DRAWN, WaveStatus.ANNOUNCED):
        raise DomainError(SelectionError.ALREADY_DRAWN, number=wave.number)
    if draw_pending(db, wave, now):
        raise DomainError(SelectionError.DRAW_RUNNING, number=wave.number)
    draw.check_drawable(db, wave.number, now)
    request = secrets.token_hex(8)
    with committing(db):
        asked = db.exec(
            sa.update(Wave)
            .where(
                col(Wave.id) == wave_id,
                sa.func.coalesce(col(Wave.draw_request), "") == (wave.draw_request or ""),
            )
            .values(draw_request=request, draw_requested_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if asked != 1:  # another operator asked at the same moment
            raise DomainError(SelectionError.DRAW_RUNNING, number=wave.number)
        audit.record(
            db,
            actor_id=actor_id,
            action="wave.draw_start",
            entity="wave",
            entity_id=wave_id,
            after={"request": request, "at": now},
        )
    return DrawRequest(wave.number, request)
