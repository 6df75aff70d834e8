"""The periodic jobs, and a record of every run.

Each job worker runs the scheduler, so every worker sees every tick. A run starts by
inserting its (job, tick) row; the unique key lets exactly one insert through, in the
same transaction as nothing else, so the other workers skip that tick. The row then
records how the run ended, which is what the admin pages show.

- "minute": every minute (UTC): puts back messages a dead worker held, erases expired
  secrets, and starts delivery.
- "deadlines": once a program day, from 00:05 WIB on the program clock: the
  first-purchase reminders and revocations. A worker that was down at 00:05 catches up
  at its next minute.
- "payments": once a program day, from 06:00 WIB: the due payments gathered into the
  open run for finance, and the partner's report of the day before reconciled.
"""

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import JobRun
from prakerja_app.services.core.formatting import WIB
from prakerja_app.services.core.vocab import JobOutcome

MINUTE = "minute"
DEADLINES = "deadlines"
DRAW = "draw"
VERIFICATION = "verification"  # the verification flags' sweep, every quarter hour (UTC)
PAYMENTS = "payments"  # the day's payment run gathered, and yesterday reconciled
SWEEP_EVERY_MINUTES = 15
DEADLINES_AT = time(0, 5)  # WIB, on the program clock
PAYMENTS_AT = time(6, 0)  # WIB, on the program clock
KEEP_MINUTE_RUNS = timedelta(days=7)
# A run still "running" this long after it started lost its worker (killed, or its
# machine gone): nothing of it was committed past its last step, and it may run again.
# A draw of 5,000,000 applicants takes about 2 minutes here.
LOST_AFTER = {
    VERIFICATION: timedelta(minutes=30),
    MINUTE: timedelta(minutes=30),
    DEADLINES: timedelta(minutes=30),
    PAYMENTS: timedelta(minutes=30),
    DRAW: timedelta(hours=1),
}
DAILY_AT = {DEADLINES: DEADLINES_AT, PAYMENTS: PAYMENTS_AT}  # the jobs of a program day
WORKER_LOST = "worker_lost"  # the detail of a run given up
MAX_DETAIL_LENGTH = 500


@dataclass(frozen=True)
class JobStatus:
    """One job as the program office sees it."""

    job: str
    last_tick: str | None
    last_started_at: datetime | None
    last_outcome: JobOutcome | None
    last_detail: str
    next_run_at: datetime | None  # None: it runs when the operator starts it


def minute_tick(real_now: datetime) -> str:
    """The minute (UTC) a moment belongs to, as the tick of the "minute" job."""
    return real_now.replace(second=0, microsecond=0).isoformat(timespec="minutes")


def daily_tick(program_now: datetime, at: time) -> str | None:
    """The program date whose daily job (at `at`, WIB) is due at `program_now`, or None
    before that time of day."""
    local = program_now.astimezone(WIB)
    return local.date().isoformat() if local.time() >= at else None


def deadlines_tick(program_now: datetime) -> str | None:
    """The program date whose deadlines are due at `program_now`, or None before 00:05."""
    return daily_tick(program_now, DEADLINES_AT)


def payments_tick(program_now: datetime) -> str | None:
    """The program date whose payment job is due at `program_now`, or None before 06:00."""
    return daily_tick(program_now, PAYMENTS_AT)


def draw_tick(wave_number: int, request: str) -> str:
    """The tick of the "draw" job for an operator's request (`Wave.draw_request`)."""
    return f"wave {wave_number} {request}"[:40]


def start(db: Session, job: str, tick: str, now: datetime) -> int | None:
    """Begin the run of `job` for `tick`, unless a worker already has; commits.

    Returns the run's id, or None when this tick is taken.
    """
    try:
        run = JobRun(job=job, tick=tick, started_at=now, outcome=JobOutcome.RUNNING)
        db.add(run)
        db.commit()
    except sa.exc.IntegrityError:
        db.rollback()
        return None
    return run.id


def counted(**counts: int) -> str:
    """A successful run's detail: what it counted, as facts (JSON) for the page to word."""
    return json.dumps(counts)


def counts_of(detail: str) -> dict[str, int] | None:
    """The counts a successful run recorded (`counted`), or None for other details
    (a refusal's code, an error)."""
    try:
        facts = json.loads(detail)
    except ValueError:
        return None
    return facts if isinstance(facts, dict) else None


def finish(db: Session, run_id: int, outcome: JobOutcome, detail: str, now: datetime) -> None:
    """Record how a run ended (`detail`: its `counted` facts, a refusal's code or an
    error); commits."""
    db.exec(
        sa.update(JobRun)
        .where(col(JobRun.id) == run_id)
        .values(outcome=outcome, detail=detail[:MAX_DETAIL_LENGTH], finished_at=now)
    )
    db.commit()


def set_stage(db: Session, run_id: int, stage: str) -> None:
    """Record how far a running job has come (a draw's `DrawStage`); commits."""
    db.exec(sa.update(JobRun).where(col(JobRun.id) == run_id).values(stage=stage))
    db.commit()


def give_up_lost(db: Session, real_now: datetime) -> int:
    """Mark failed (`WORKER_LOST`) the runs whose worker was lost (`LOST_AFTER`), so that
    the jobs page says so and the operator may start them again; commits. A run that was
    only slow and finishes later records its own outcome over this one."""
    lost = db.exec(
        sa.update(JobRun)
        .where(
            col(JobRun.outcome) == JobOutcome.RUNNING,
            sa.or_(
                *(
                    sa.and_(col(JobRun.job) == job, col(JobRun.started_at) < real_now - after)
                    for job, after in LOST_AFTER.items()
                )
            ),
        )
        .values(outcome=JobOutcome.FAILED, detail=WORKER_LOST, finished_at=real_now)
        .returning(col(JobRun.id))
    ).all()
    db.commit()
    return len(lost)


def prune(db: Session, now: datetime) -> int:
    """Forget the minute and sweep runs older than a week (they add up); commits."""
    old = db.exec(
        sa.delete(JobRun)
        .where(
            col(JobRun.job).in_([MINUTE, VERIFICATION]),
            col(JobRun.started_at) < now - KEEP_MINUTE_RUNS,
        )
        .returning(col(JobRun.id))
    ).all()
    db.commit()
    return len(old)


def _next_daily_run(program_now: datetime, at: time, done_today: bool) -> datetime:
    local = program_now.astimezone(WIB)
    today_at = datetime.combine(local.date(), at, tzinfo=WIB)
    return today_at + timedelta(days=1) if done_today else max(today_at, local)


def _last(db: Session, job: str) -> JobRun | None:
    return db.exec(
        select(JobRun).where(JobRun.job == job).order_by(col(JobRun.id).desc()).limit(1)
    ).first()


def status(db: Session, *, real_now: datetime, program_now: datetime) -> list[JobStatus]:
    """Every job's last run and next run; deadlines' next run is on the program clock."""
    statuses = []
    for job in (MINUTE, DEADLINES, PAYMENTS, VERIFICATION, DRAW):
        last = _last(db, job)
        minute = real_now.replace(second=0, microsecond=0)
        if job == MINUTE:
            next_run: datetime | None = minute + timedelta(minutes=1)
        elif job == VERIFICATION:
            quarter = minute.replace(minute=minute.minute - minute.minute % SWEEP_EVERY_MINUTES)
            next_run = quarter + timedelta(minutes=SWEEP_EVERY_MINUTES)
        elif job in DAILY_AT:
            today = program_now.astimezone(WIB).date().isoformat()
            done_today = (  # by the schedule: a run started by hand is not today's tick
                db.exec(select(JobRun.id).where(JobRun.job == job, JobRun.tick == today)).first()
                is not None
            )
            next_run = _next_daily_run(program_now, DAILY_AT[job], done_today)
        else:
            next_run = None
        statuses.append(
            JobStatus(
                job=job,
                last_tick=last.tick if last else None,
                last_started_at=last.started_at if last else None,
                last_outcome=JobOutcome(last.outcome) if last else None,
                last_detail=last.detail if last else "",
                next_run_at=next_run,
            )
        )
    db.commit()
    return statuses
