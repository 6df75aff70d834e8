"""The payment jobs on Huey's in-memory queue: the daily gathering at 06:00 WIB, the
sender started for an approved run (and again when its sender died), and the minute
job asking the partner about payouts no notification told us of."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

import prakerja_app.db
from prakerja_app.jobs import huey, tasks
from prakerja_app.models import JobRun, Payment
from prakerja_app.services.core import clock
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.vocab import AdminRole, JobOutcome, PaymentStatus, RunStatus
from prakerja_app.services.money import runs, sending
from prakerja_app.services.operations import schedule
from tests import factories
from tests.partner_simulator import PartnerSimulator

SIX = wib_to_utc(2020, 9, 4, 6, 0)


@pytest.fixture(scope="module")
def simulator() -> Iterator[PartnerSimulator]:
    with PartnerSimulator() as running:
        yield running


@pytest.fixture(autouse=True)
def _jobs(engine, monkeypatch, simulator):
    """The tasks on the test database, the partner the simulator (reset)."""
    monkeypatch.setattr(prakerja_app.db, "get_engine", lambda: engine)
    settings = simulator.settings
    monkeypatch.setenv("PRAKERJA_PARTNER_URL", settings.base_url)
    monkeypatch.setenv("PRAKERJA_PARTNER_CREATOR_KEY", settings.creator_key)
    monkeypatch.setenv("PRAKERJA_PARTNER_APPROVER_KEY", settings.approver_key)
    monkeypatch.setenv("PRAKERJA_PARTNER_NOTIFICATION_KEY", settings.notification_key)
    simulator.reset()


def _payment_runs(db) -> list[JobRun]:
    db.commit()
    return list(db.exec(select(JobRun).where(JobRun.job == schedule.PAYMENTS)).all())


def _at(db, moment) -> None:
    clock.set_program_time(db, moment, moment)
    db.commit()


def test_the_due_payments_are_gathered_once_a_day_from_six(db, now):
    factories.payee(db, now)
    factories.payee(db, now)
    _at(db, SIX - timedelta(minutes=1))
    tasks.run_minute(SIX - timedelta(minutes=1))
    assert _payment_runs(db) == [] and runs.open_run_id(db) is None
    tasks.run_minute(SIX)
    tasks.run_minute(SIX + timedelta(minutes=1))
    (job,) = _payment_runs(db)
    assert (job.tick, job.outcome) == ("2020-09-04", JobOutcome.OK)
    assert schedule.counts_of(job.detail) == {"run": 2, "mismatches": 0}
    assert runs.summary(db, runs.open_run_id(db)).count == 2


def test_an_approved_run_whose_sender_died_is_sent_and_then_paid(db, now, simulator):
    factories.payee(db, now)
    maker = factories.admin(db, now, AdminRole.FINANCE_MAKER)
    checker = factories.admin(db, now, AdminRole.FINANCE_CHECKER)
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, 1, 600_000, now)
    real_now = now + timedelta(hours=1)
    runs.approve(db, run_id, checker.id, 1, 600_000, now, real_now=real_now - 2 * sending.STALL)
    assert [task.name for task in huey.pending()] == []  # its task was lost with a worker
    tasks.run_minute(real_now)
    assert ("send_payment_run", (run_id,)) in [(t.name, t.args) for t in huey.pending()]
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
    assert runs.summary(db, run_id).status == RunStatus.SENT
    tasks.run_minute(real_now + timedelta(minutes=1))  # no notification came: it asks
    db.commit()
    payment = db.exec(select(Payment).where(Payment.sequence == 1)).one()
    assert payment.status == PaymentStatus.PAID
    assert [p["status"] for p in simulator.payouts()] == ["completed"]
