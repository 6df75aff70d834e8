"""A payout's status from the partner, applied once: unknown payouts and foreign amounts
change nothing, duplicates and older statuses are ignored, a refund after completion
takes the money back in the ledger."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import CashEntry, OutboxMessage, Payment, PayoutAttempt
from prakerja_app.services.core.vocab import AdminRole, AttemptStatus, PaymentStatus
from prakerja_app.services.money import cash_ledger, daily_reconciliation, runs, sending
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.money.partner.interface import PayoutStatus
from prakerja_app.services.money.payout_status import Outcome, PayoutUpdate, apply
from tests import factories

T0 = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _env(registration_env):
    """Links in the notices point at the default address."""


@pytest.fixture
def sent(db, now, partner, simulator) -> PayoutAttempt:
    """One instalment sent to the partner (its notifications go nowhere)."""
    factories.payee(db, now)
    maker = factories.admin(db, now, AdminRole.FINANCE_MAKER)
    checker = factories.admin(db, now, AdminRole.FINANCE_CHECKER)
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, 1, 600_000, now)
    runs.approve(db, run_id, checker.id, 1, 600_000, now, real_now=now)
    sending.send_run(db, run_id, partner, now)
    return db.exec(select(PayoutAttempt)).one()


def _update(attempt, status, at, amount=600_000, code=None) -> PayoutUpdate:
    return PayoutUpdate(attempt.reference_no, amount, status, at, code)


def _messages(db) -> int:
    return len(db.exec(select(OutboxMessage)).all())


def _entries(db) -> int:
    return len(db.exec(select(CashEntry)).all())


def _payment(db) -> Payment:
    db.commit()
    return db.exec(select(Payment).where(Payment.sequence == 1)).one()


def test_an_unknown_payout_changes_nothing(db, now, sent):
    before = factories.table_rows(db)
    unknown = PayoutUpdate("NOSUCHREFERENCE", 600_000, PayoutStatus.COMPLETED, T0, None)
    assert factories.refused(db, apply, unknown, now).code == MoneyError.PAYOUT_UNKNOWN
    assert factories.table_rows(db) == before


def test_an_amount_that_is_not_ours_changes_nothing(db, now, sent):
    before = factories.table_rows(db)
    wrong = _update(sent, PayoutStatus.COMPLETED, T0, amount=6_000_000)
    assert factories.refused(db, apply, wrong, now).code == MoneyError.PAYOUT_AMOUNT_DIFFERS
    assert factories.table_rows(db) == before


def test_a_repeated_or_older_status_is_ignored(db, now, sent):
    assert apply(db, _update(sent, PayoutStatus.COMPLETED, T0), now) is Outcome.APPLIED
    entries = _entries(db), _messages(db)
    assert apply(db, _update(sent, PayoutStatus.COMPLETED, T0), now) is Outcome.IGNORED
    older = _update(sent, PayoutStatus.PROCESSED, T0 - timedelta(seconds=1))
    assert apply(db, older, now) is Outcome.IGNORED  # out of order: completed stays
    payment = _payment(db)
    assert payment.status == PaymentStatus.PAID
    assert cash_ledger.balance(db, cash_ledger.PAID_OUT) == 600_000
    assert (_entries(db), _messages(db)) == entries


def test_statuses_out_of_order_end_as_the_newest_says(db, now, sent):
    assert apply(db, _update(sent, PayoutStatus.COMPLETED, T0 + timedelta(seconds=2)), now) == (
        Outcome.APPLIED
    )
    for status, seconds in ((PayoutStatus.APPROVED, 0), (PayoutStatus.PROCESSED, 1)):
        update = _update(sent, status, T0 + timedelta(seconds=seconds))
        assert apply(db, update, now) is Outcome.IGNORED
    assert _payment(db).status == PaymentStatus.PAID


def test_a_refund_after_completion_takes_the_money_back(db, now, sent):
    apply(db, _update(sent, PayoutStatus.COMPLETED, T0), now)
    later = _update(sent, PayoutStatus.FAILED, T0 + timedelta(days=1), code="account_inactive")
    assert apply(db, later, now) is Outcome.APPLIED
    payment = _payment(db)
    assert (payment.status, payment.failure_reason, payment.paid_at) == (
        PaymentStatus.FAILED,
        "account_inactive",
        None,
    )
    db.refresh(sent)
    assert sent.status == AttemptStatus.FAILED
    assert cash_ledger.balance(db, cash_ledger.PAID_OUT) == 0
    owed = cash_ledger.balance(db, cash_ledger.owed_account(payment.participant_id))
    assert owed == 2_400_000
    assert daily_reconciliation.ledger_check(db).sound


def test_a_failure_with_an_unknown_code_is_worded_as_other(db, now, sent):
    apply(db, _update(sent, PayoutStatus.FAILED, T0, code="bank_timeout_99"), now)
    assert _payment(db).failure_reason == "bank_timeout_99"
    rejected = PayoutUpdate(sent.reference_no, 600_000, PayoutStatus.REJECTED, T0, None)
    assert apply(db, rejected, now) is Outcome.IGNORED  # not newer
