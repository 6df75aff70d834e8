"""The job tasks on Huey's in-memory queue: the minute job, delivery chains, the draw."""

from datetime import timedelta

import pytest
from sqlmodel import select

import prakerja_app.db
from prakerja_app.jobs import huey, tasks
from prakerja_app.models import JobRun, OutboxMessage, Wave, utc_now
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import Channel, JobOutcome, OutboxStatus
from prakerja_app.services.messaging import delivery, outbox
from prakerja_app.services.messaging.templates import Email
from prakerja_app.services.operations import schedule
from prakerja_app.services.selection import announcements, draw
from tests import factories


@pytest.fixture(autouse=True)
def _jobs(engine, monkeypatch):
    """The tasks on the test database (the queue is emptied for every test)."""
    monkeypatch.setattr(prakerja_app.db, "get_engine", lambda: engine)
    yield


def queued() -> list[tuple[str, tuple]]:
    return [(task.name, task.args) for task in huey.pending()]


def run_queued() -> int:
    """Run what is queued, including what those tasks queue; returns how many ran."""
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    return ran


def runs(db, job):
    db.commit()  # a fresh read: the tasks wrote on sessions of their own
    return db.exec(select(JobRun).where(JobRun.job == job).order_by(JobRun.id)).all()


def test_the_minute_job_runs_once_per_minute(db, now):
    assert tasks.run_minute(now) is True
    assert tasks.run_minute(now + timedelta(seconds=30)) is False  # another worker's tick
    assert tasks.run_minute(now + timedelta(minutes=1)) is True
    assert [r.outcome for r in runs(db, schedule.MINUTE)] == [JobOutcome.OK, JobOutcome.OK]


def test_the_minute_job_reclaims_expired_leases_and_starts_delivery(db, now, smtp_server):
    message = outbox.queue_email(db, to="a@example.org", email=Email("Hai", "x"), now=now)
    db.commit()
    delivery.claim(db, Channel.EMAIL, now=now, limit=1)  # a worker took it, then died

    tasks.run_minute(now + delivery.LEASE)

    assert schedule.counts_of(runs(db, schedule.MINUTE)[0].detail) == {
        "reclaimed": 1,
        "erased": 0,
        "pruned": 0,
        "lost": 0,
    }
    assert queued() == [("deliver", ("email",))]
    run_queued()
    db.commit()  # end this session's read, to see the worker's writes
    db.refresh(message)
    assert message.status == OutboxStatus.SENT and len(smtp_server.envelopes) == 1


def test_chains_start_only_for_channels_with_messages_and_only_lanes_of_them(db, now):
    for n in range(10):
        outbox.queue_sms(db, to=f"+62812345678{n:02}", body="Halo", now=now)
    db.commit()
    tasks.run_minute(now)
    assert queued() == [("deliver", ("sms",))] * tasks.LANES
    tasks.run_minute(now + timedelta(minutes=1))  # the queue is long enough already
    assert len(queued()) == tasks.LANES


def test_a_full_batch_queues_the_next_one(db, now, smtp_server):
    for n in range(delivery.BATCH_SIZE + 1):
        outbox.queue_email(db, to=f"p{n}@example.org", email=Email("Hai", "x"), now=now)
    db.commit()
    tasks.deliver.call_local("email")
    assert queued() == [("deliver", ("email",))]
    run_queued()
    assert len(smtp_server.envelopes) == delivery.BATCH_SIZE + 1
    assert queued() == []


def test_a_nudge_queues_delivery_of_both_channels_ahead_of_the_chains():
    tasks.deliver("email")
    from prakerja_app.jobs import nudge_delivery

    nudge_delivery()
    pending = list(huey.pending())
    assert sorted((t.name, t.args, t.priority) for t in pending) == [
        ("deliver", ("email",), 50),
        ("deliver", ("email",), 90),
        ("deliver", ("sms",), 90),
    ]


def test_deadlines_run_once_per_program_day_from_five_past_midnight(db, engine):
    from prakerja_app.services.core.formatting import wib_to_utc

    before = wib_to_utc(2020, 9, 5, 0, 4)
    clock.set_program_time(db, before, before)
    db.commit()
    tasks.run_minute(before)
    assert runs(db, schedule.DEADLINES) == []
    for minute in (1, 2):
        tasks.run_minute(before + timedelta(minutes=minute))
    (run,) = runs(db, schedule.DEADLINES)
    assert (run.tick, run.outcome) == ("2020-09-05", JobOutcome.OK)
    assert schedule.counts_of(run.detail) == {"reminded": 0, "revoked": 0, "surveys_opened": 0}


def test_the_draw_runs_in_the_worker_and_records_its_outcome(db, now):
    from prakerja_app.services.demo import seed

    seed.seed_demo(db, now)
    clock.set_program_time(db, now, utc_now())
    db.commit()
    wave = db.exec(select(Wave).where(Wave.number == 7)).one()
    factories.wave_applicants(db, wave.id, wave.opens_at, 3)
    tasks.draw_wave.call_local(7, "first")  # the demo clock: still open
    (refused,) = runs(db, schedule.DRAW)
    assert (refused.outcome, refused.detail) == (JobOutcome.FAILED, "wave_not_closed")

    after = wave.closes_at + timedelta(days=1)
    clock.set_program_time(db, after, utc_now())
    db.commit()
    tasks.draw_wave.call_local(7, "second")
    tasks.draw_wave.call_local(7, "second")  # handed out twice: runs once
    assert len(runs(db, schedule.DRAW)) == 2
    drawn = runs(db, schedule.DRAW)[-1]
    assert drawn.outcome == JobOutcome.OK
    assert schedule.counts_of(drawn.detail) == {"wave": 7, "selected": 3, "applicants": 3}
    assert queued() == []  # the results wait for the operator to publish them
    db.refresh(wave)
    assert wave.status == "drawn" and wave.seed not in drawn.detail
    draw.publish_results(db, wave_id=wave.id, now=after, actor_id=None)
    tasks.announce_results.call_local(7)
    db.commit()  # a fresh read
    results = db.exec(select(OutboxMessage)).all()
    assert len(results) == 6 and {m.priority for m in results} == {2}  # 3 emails, 3 SMS
    assert ("deliver", ("email",)) in queued()


def test_a_long_fan_out_goes_on_in_new_tasks_and_the_minute_job_resumes_one(db, now, monkeypatch):
    wave = factories.wave(db, now, number=7, quota=2)
    factories.wave_applicants(db, wave.id, now, 5)
    draw.commit_seed(db, wave.id, now)
    db.commit()
    factories.announced(db, wave)
    monkeypatch.setattr(announcements, "BATCH", 2)
    monkeypatch.setattr(tasks, "ANNOUNCE_SECONDS", 0)  # one batch per task
    tasks.announce_results.call_local(7)
    assert ("announce_results", (7,)) in queued()
    huey.flush()  # a worker died with the rest queued: the next minute picks it up
    assert tasks.run_minute(utc_now())
    assert ("announce_results", (7,)) in queued()
    run_queued()
    assert announcements.unfinished(db) == []
    results = db.exec(select(OutboxMessage)).all()
    told = [m.recipient for m in results if "Gelombang 7" in m.subject or "Gel. 7" in m.body]
    assert len(told) == len(set(told)) == 7  # 5 emails and 2 SMS, each once


def test_the_channels_rate_is_shared_through_the_queue(monkeypatch):
    monkeypatch.setenv("PRAKERJA_SMS_PER_SECOND", "2")
    waits = []
    monkeypatch.setattr(tasks.time, "sleep", waits.append)
    monkeypatch.setattr(tasks.time, "time", lambda: 1000.0 + len(waits))  # a wait ends the second
    first_worker, second_worker = tasks._pace(Channel.SMS), tasks._pace(Channel.SMS)
    first_worker()
    second_worker()
    assert waits == []
    first_worker()  # the third in the same second waits for the next
    assert len(waits) == 1 and 0 < waits[0] <= 1
    assert tasks._pace(Channel.EMAIL) is None  # no limit set


def test_the_draw_reports_its_stages_on_a_connection_of_its_own(db, now, engine):
    wave = factories.wave(db, now, number=7, quota=1)
    factories.wave_applicants(db, wave.id, now, 2)
    draw.commit_seed(db, wave.id, now)
    clock.set_program_time(db, wave.closes_at, utc_now())
    db.commit()
    tasks.draw_wave.call_local(7, "request")
    (run,) = runs(db, schedule.DRAW)
    # SQLite has one writer, the draw itself: its stages inside the transaction are skipped.
    last = "started" if engine.dialect.name == "sqlite" else "balances"
    assert (run.outcome, run.stage) == (JobOutcome.OK, last)


def test_the_minute_job_resumes_a_list_application_a_dead_worker_left(
    db, now, tmp_path, monkeypatch
):
    from prakerja_app.services.core.vocab import AdminRole
    from prakerja_app.services.lists import storage, uploads

    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(tmp_path))
    admin = factories.admin(db, now, AdminRole.VERIFIER)
    key = storage.new_key()
    storage.path_of(key).write_text("nik,reason\n3171010101800001,asn\n")
    upload_id = uploads.receive(
        db, now=now, actor_id=admin.id, kind="exclusion", filename="daftar.csv", key=key
    )
    uploads.check(db, upload_id, now)
    uploads.request_apply(db, now=now, actor_id=admin.id, upload_id=upload_id)
    assert queued() == []  # its task was taken by a worker that was then killed

    tasks.run_minute(now)
    assert ("apply_list", (upload_id, admin.id)) in queued()
    run_queued()
    assert uploads.resumable(db) == []


def test_a_draw_whose_worker_was_killed_may_be_asked_for_again(db, now):
    from prakerja_app.services.demo import seed
    from prakerja_app.services.selection import lifecycle

    seed.seed_demo(db, now)
    after = db.exec(select(Wave).where(Wave.number == 7)).one().closes_at + timedelta(days=1)
    clock.set_program_time(db, after, utc_now())
    db.commit()
    wave = db.exec(select(Wave).where(Wave.number == 7)).one()
    wave.draw_request, wave.draw_requested_at = "killed", after
    db.commit()
    real_then = utc_now() - timedelta(hours=2)
    schedule.start(db, schedule.DRAW, schedule.draw_tick(7, "killed"), real_then)  # never ended
    assert lifecycle.draw_pending(db, wave, after)

    tasks.run_minute(utc_now())
    db.commit()
    assert not lifecycle.draw_pending(db, wave, after)
    assert lifecycle.draw_run(db, wave).detail == schedule.WORKER_LOST


def test_the_verification_sweep_raises_flags_and_records_its_run(db, now):
    from prakerja_app.models import VerificationCase
    from prakerja_app.services.registration.steps import Step

    clock.set_program_time(db, now, utc_now())
    made = factories.applicant_at(db, now, Step.TEST)
    factories.profile_of(db, made.id).registry_status = "mismatch"
    db.commit()
    tasks.sweep_flags.call_local()
    (run,) = runs(db, schedule.VERIFICATION)
    assert run.outcome == JobOutcome.OK
    assert schedule.counts_of(run.detail) == {"flags": 1, "opened": 1}
    case = db.exec(select(VerificationCase).where(VerificationCase.user_id == made.id)).one()
    assert case.status == "open" and now <= case.opened_at < now + timedelta(
        minutes=1
    )  # program time
