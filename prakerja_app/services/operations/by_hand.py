"""Starting a scheduled job by hand: the operator's request becomes a run row at once
(outcome "running", stage "queued"), which the caller queues for the job workers
(`jobs.tasks.run_by_hand`); the worker that takes it first marks it started, so a task
handed out twice runs once. While a run of the job is under way, another is refused.

Run rows use real time (the workers' clock); the deadlines themselves are processed as
of the program clock.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import JobRun
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import JobOutcome
from prakerja_app.services.operations import schedule
from prakerja_app.services.operations.errors import OperationsError

STARTABLE = (schedule.MINUTE, schedule.DEADLINES)
QUEUED, STARTED = "queued", "started"


def _running(db: Session, job: str, real_now: datetime) -> JobRun | None:
    return db.exec(
        select(JobRun)
        .where(
            JobRun.job == job,
            JobRun.outcome == JobOutcome.RUNNING,
            col(JobRun.started_at) > real_now - schedule.LOST_AFTER[job],
        )
        .order_by(col(JobRun.id).desc())
        .limit(1)
    ).first()


def request_run(db: Session, *, now: datetime, actor_id: int, job: str, real_now: datetime) -> int:
    """Record an operator's request to run `job` now, audited; commits.

    Returns:
        The run's id, for the caller to queue (`jobs.tasks.run_by_hand`).

    Raises:
        DomainError: ``job_unknown``; ``job_running`` while a run of it is under way.
    """
    if job not in STARTABLE:
        raise DomainError(OperationsError.JOB_UNKNOWN)
    busy = _running(db, job, real_now)
    if busy is not None:
        raise DomainError(OperationsError.JOB_RUNNING, job=job, started_at=busy.started_at)
    run = JobRun(
        job=job,
        tick=f"manual {real_now.isoformat(timespec='seconds')}",
        started_at=real_now,
        outcome=JobOutcome.RUNNING,
        stage=QUEUED,
    )
    try:
        with committing(db):
            db.add(run)
            db.flush()
            audit.record(
                db,
                actor_id=actor_id,
                action="job.start",
                entity="job_run",
                entity_id=run.id,
                after={"job": job, "at": now},
            )
    except sa.exc.IntegrityError:  # another operator started it in the same second
        raise DomainError(OperationsError.JOB_RUNNING, job=job, started_at=real_now) from None
    return run.id or 0


def take(db: Session, run_id: int) -> str | None:
    """Mark a requested run started, unless a worker already has; commits.

    Returns:
        The run's job, or None when another worker took it (or it is no request).
    """
    taken = db.exec(
        sa.update(JobRun)
        .where(col(JobRun.id) == run_id, col(JobRun.stage) == QUEUED)
        .values(stage=STARTED)
        .returning(col(JobRun.job))
    ).first()
    db.commit()
    return taken[0] if taken else None
