"""Exactly once, with real processes: two senders of one run at the same time, and a
sender killed with SIGKILL in the middle and then resumed, pay every try once, counted
at the partner (the simulator), and the cash ledger balances."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import Payment, utc_now
from prakerja_app.services.core.vocab import AdminRole, PaymentStatus, RunStatus
from prakerja_app.services.money import daily_reconciliation, payout_status, runs, sending
from prakerja_app.settings import ROOT
from tests import factories

PAYEES = 60
WAIT_SECONDS = 60.0


@pytest.fixture(autouse=True)
def _env(registration_env):
    """Links in the notices point at the default address."""


def _approved_run(db, now) -> int:
    for _ in range(PAYEES):
        factories.payee(db, now)
    maker = factories.admin(db, now, AdminRole.FINANCE_MAKER)
    checker = factories.admin(db, now, AdminRole.FINANCE_CHECKER)
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, PAYEES, PAYEES * 600_000, now)
    runs.approve(db, run_id, checker.id, PAYEES, PAYEES * 600_000, now, real_now=utc_now())
    return run_id


def _sender(engine, run_id: int, simulator, batch: int) -> subprocess.Popen:
    url = engine.url.render_as_string(hide_password=False)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.payout_sender", url, str(run_id), simulator.url, str(batch)],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "REFLEX_ENV_MODE"},
    )


def _all_paid_once(db, partner, simulator) -> None:
    keys = Counter(p["idempotency_key"] for p in simulator.payouts())
    assert len(keys) == PAYEES and set(keys.values()) == {1}
    payout_status.refresh(db, partner, utc_now(), limit=PAYEES)
    paid = db.exec(select(Payment).where(Payment.status == PaymentStatus.PAID)).all()
    assert len(paid) == PAYEES
    check = daily_reconciliation.ledger_check(db)
    assert check.sound and check.paid_out == PAYEES * 600_000


def test_two_senders_at_once_pay_each_try_once(db, engine, now, partner, simulator):
    run_id = _approved_run(db, now)
    senders = [_sender(engine, run_id, simulator, batch=5) for _ in range(2)]
    assert [sender.wait(WAIT_SECONDS) for sender in senders] == [0, 0]
    db.commit()
    assert runs.summary(db, run_id).status == RunStatus.SENT
    _all_paid_once(db, partner, simulator)


def test_a_sender_killed_midway_is_resumed_without_paying_twice(
    db, engine, now, partner, simulator
):
    run_id = _approved_run(db, now)
    sender = _sender(engine, run_id, simulator, batch=2)
    deadline = time.monotonic() + WAIT_SECONDS
    while len(simulator.payouts()) < PAYEES // 3:  # a third of the way
        assert sender.poll() is None and time.monotonic() < deadline
    sender.send_signal(signal.SIGKILL)
    sender.wait()
    db.commit()
    assert runs.summary(db, run_id).status == RunStatus.APPROVED
    assert len(simulator.payouts()) < PAYEES
    later = utc_now() + sending.STALL + timedelta(seconds=1)
    assert sending.stalled_runs(db, later) == [run_id]
    assert sending.send_run(db, run_id, partner, later).sent
    _all_paid_once(db, partner, simulator)
