"""Starting a scheduled job by hand: recorded, audited, once at a time, run once."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, JobRun, utc_now
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import AdminRole, JobOutcome
from prakerja_app.services.operations import by_hand, schedule
from prakerja_app.services.operations.errors import OperationsError
from tests import factories


def _request(db, now, actor_id: int, job: str = schedule.DEADLINES, real_now=None) -> int:
    real_now = real_now or utc_now()
    return by_hand.request_run(db, now=now, actor_id=actor_id, job=job, real_now=real_now)


def test_a_request_is_a_queued_run_and_audited(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    run_id = _request(db, now, operator.id)
    run = db.get(JobRun, run_id)
    assert (run.job, run.outcome, run.stage) == (schedule.DEADLINES, JobOutcome.RUNNING, "queued")
    entry = db.exec(select(AuditLog).where(AuditLog.action == "job.start")).one()
    assert (entry.actor_user_id, entry.entity_id) == (operator.id, str(run_id))


def test_a_job_already_running_is_refused(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    real_now = utc_now()
    _request(db, now, operator.id, real_now=real_now)
    with pytest.raises(DomainError) as refused:
        _request(db, now, operator.id, real_now=real_now + timedelta(seconds=5))
    assert refused.value.code == OperationsError.JOB_RUNNING
    assert refused.value.details["started_at"] == real_now


def test_a_scheduled_run_under_way_blocks_a_start_by_hand(db, now):
    real_now = utc_now()
    schedule.start(db, schedule.MINUTE, schedule.minute_tick(real_now), real_now)
    with pytest.raises(DomainError) as refused:
        _request(db, now, 1, job=schedule.MINUTE, real_now=real_now)
    assert refused.value.code == OperationsError.JOB_RUNNING


def test_a_run_lost_long_ago_no_longer_blocks(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    real_now = utc_now()
    _request(
        db,
        now,
        operator.id,
        real_now=real_now - schedule.LOST_AFTER[schedule.DEADLINES] - timedelta(seconds=1),
    )
    assert _request(db, now, operator.id, real_now=real_now)


@pytest.mark.parametrize("job", [schedule.DRAW, "", "minute; drop table"])
def test_only_the_startable_jobs_start(db, now, job):
    with pytest.raises(DomainError) as refused:
        _request(db, now, 1, job=job)
    assert refused.value.code == OperationsError.JOB_UNKNOWN
    assert db.exec(select(JobRun)).all() == []


def test_a_request_is_taken_once(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    run_id = _request(db, now, operator.id)
    assert by_hand.take(db, run_id) == schedule.DEADLINES
    assert by_hand.take(db, run_id) is None


def test_a_run_by_hand_leaves_the_days_schedule_alone(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    real_now = utc_now()
    run_id = _request(db, now, operator.id, real_now=real_now)
    schedule.finish(db, run_id, JobOutcome.OK, "reminded 0, revoked 0", real_now)
    deadlines = next(
        s
        for s in schedule.status(db, real_now=real_now, program_now=now)
        if s.job == schedule.DEADLINES
    )
    assert deadlines.last_outcome == JobOutcome.OK
    assert deadlines.next_run_at is not None and deadlines.next_run_at >= now
