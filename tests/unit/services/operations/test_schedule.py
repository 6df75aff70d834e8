"""The schedule: one run per tick whatever the number of workers, and what it shows."""

from datetime import timedelta

from sqlmodel import Session, select

from prakerja_app.models import JobRun
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.vocab import JobOutcome
from prakerja_app.services.operations import schedule


def test_a_tick_is_run_by_exactly_one_worker(engine, db, now):
    first = schedule.start(db, schedule.MINUTE, "2020-09-04T03:00", now)
    with Session(engine) as other:
        assert schedule.start(other, schedule.MINUTE, "2020-09-04T03:00", now) is None
        assert schedule.start(other, schedule.MINUTE, "2020-09-04T03:01", now) is not None
    assert first is not None
    assert len(db.exec(select(JobRun)).all()) == 2


def test_minute_ticks_are_whole_minutes_utc(now):
    assert schedule.minute_tick(now + timedelta(seconds=59)) == "2020-09-04T03:00+00:00"


def test_deadlines_are_due_from_five_past_midnight_wib():
    assert schedule.deadlines_tick(wib_to_utc(2020, 9, 5, 0, 4)) is None
    assert schedule.deadlines_tick(wib_to_utc(2020, 9, 5, 0, 5)) == "2020-09-05"
    assert schedule.deadlines_tick(wib_to_utc(2020, 9, 5, 23, 59)) == "2020-09-05"


def test_status_shows_last_outcome_and_next_run(db, now):
    run = schedule.start(db, schedule.DEADLINES, "2020-09-04", now)
    schedule.finish(db, run, JobOutcome.OK, "reminded 3, revoked 0", now + timedelta(seconds=2))
    by_job = {s.job: s for s in schedule.status(db, real_now=now, program_now=now)}

    deadlines = by_job[schedule.DEADLINES]
    assert (deadlines.last_outcome, deadlines.last_detail) == (
        JobOutcome.OK,
        "reminded 3, revoked 0",
    )
    assert deadlines.next_run_at == wib_to_utc(2020, 9, 5, 0, 5)
    assert by_job[schedule.MINUTE].last_outcome is None
    assert by_job[schedule.MINUTE].next_run_at == now + timedelta(minutes=1)
    assert by_job[schedule.DRAW].next_run_at is None


def test_deadlines_not_yet_run_today_are_due_now(db):
    program_now = wib_to_utc(2020, 9, 5, 8, 0)
    (_, deadlines, *_) = schedule.status(db, real_now=program_now, program_now=program_now)
    assert deadlines.next_run_at == program_now
    early = wib_to_utc(2020, 9, 5, 0, 1)
    (_, deadlines, *_) = schedule.status(db, real_now=early, program_now=early)
    assert deadlines.next_run_at == wib_to_utc(2020, 9, 5, 0, 5)


def test_minute_and_sweep_runs_older_than_a_week_are_forgotten(db, now):
    schedule.start(db, schedule.MINUTE, "old", now - timedelta(days=8))
    schedule.start(db, schedule.VERIFICATION, "old sweep", now - timedelta(days=8))
    schedule.start(db, schedule.MINUTE, "new", now)
    schedule.start(db, schedule.DEADLINES, "2020-08-01", now - timedelta(days=30))
    assert schedule.prune(db, now) == 2
    assert sorted(r.tick for r in db.exec(select(JobRun)).all()) == ["2020-08-01", "new"]


def test_a_runs_counts_are_facts_and_other_details_are_not():
    detail = schedule.counted(reminded=1200, revoked=3)
    assert schedule.counts_of(detail) == {"reminded": 1200, "revoked": 3}
    assert schedule.counts_of("wave_not_closed") is None
    assert schedule.counts_of("OperationalError: server closed the connection") is None
    assert schedule.counts_of("[1, 2]") is None


def test_runs_whose_worker_was_lost_are_given_up_and_the_slow_ones_kept(db, now):
    lost_draw = schedule.start(db, schedule.DRAW, "wave 7 a", now - timedelta(hours=1, seconds=1))
    slow_draw = schedule.start(db, schedule.DRAW, "wave 8 b", now - timedelta(minutes=50))
    lost_minute = schedule.start(db, schedule.MINUTE, "m", now - timedelta(minutes=31))
    done = schedule.start(db, schedule.MINUTE, "n", now - timedelta(hours=2))
    schedule.finish(db, done, JobOutcome.OK, schedule.counted(reclaimed=0), now)

    assert schedule.give_up_lost(db, now) == 2
    assert schedule.give_up_lost(db, now) == 0
    outcome = lambda run_id: db.get(JobRun, run_id, populate_existing=True)  # noqa: E731
    for run_id in (lost_draw, lost_minute):
        assert (outcome(run_id).outcome, outcome(run_id).detail) == (
            JobOutcome.FAILED,
            schedule.WORKER_LOST,
        )
    assert outcome(slow_draw).outcome == JobOutcome.RUNNING
    assert outcome(done).outcome == JobOutcome.OK


def test_the_sweep_runs_at_the_next_quarter_hour(db):
    real_now = wib_to_utc(2020, 9, 5, 8, 7)
    sweep = next(
        job
        for job in schedule.status(db, real_now=real_now, program_now=real_now)
        if job.job == schedule.VERIFICATION
    )
    assert sweep.next_run_at == wib_to_utc(2020, 9, 5, 8, 15)
