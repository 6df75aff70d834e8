"""The daily reconciliation against the partner's statement: a day that matches keeps
nothing; a refund we were not told of is kept once as a mismatch for finance."""

import pytest
from sqlmodel import select

from prakerja_app.models import PayoutAttempt, ReconciliationMismatch, utc_now
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.money import daily_reconciliation, payout_status, runs, sending
from prakerja_app.services.money.partner.reconciliation import Mismatch
from tests import factories


@pytest.fixture(autouse=True)
def _env(registration_env):
    """Links in the notices point at the default address."""


def _paid_run(db, now, partner) -> PayoutAttempt:
    factories.payee(db, now)
    maker = factories.admin(db, now, AdminRole.FINANCE_MAKER)
    checker = factories.admin(db, now, AdminRole.FINANCE_CHECKER)
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, 1, 600_000, now)
    runs.approve(db, run_id, checker.id, 1, 600_000, now, real_now=utc_now())
    sending.send_run(db, run_id, partner, utc_now())
    payout_status.refresh(db, partner, utc_now())
    return db.exec(select(PayoutAttempt)).one()


def test_nothing_is_asked_before_the_first_payout(db, now, partner, simulator):
    assert daily_reconciliation.reconcile_day(db, partner, jakarta_today(utc_now()), now) == 0


def test_a_day_that_matches_keeps_nothing(db, now, partner, simulator):
    _paid_run(db, now, partner)
    today = jakarta_today(utc_now())
    assert daily_reconciliation.reconcile_day(db, partner, today, now) == 0
    assert daily_reconciliation.mismatches(db) == []
    assert daily_reconciliation.ledger_check(db).sound


def test_a_refund_we_were_not_told_of_is_kept_once(db, now, partner, simulator):
    paid = _paid_run(db, now, partner)
    simulator.control(f"payouts/{paid.reference_no}/refund", {})  # no callback: unheard
    today = jakarta_today(utc_now())
    assert daily_reconciliation.reconcile_day(db, partner, today, now) == 1
    assert daily_reconciliation.reconcile_day(db, partner, today, now) == 1  # found again
    (kept,) = db.exec(select(ReconciliationMismatch)).all()
    assert (kept.reference_no, kept.mismatch) == (paid.reference_no, Mismatch.STATUS_DIFFERS)
    assert (kept.our_status, kept.their_status) == ("completed", "failed")
