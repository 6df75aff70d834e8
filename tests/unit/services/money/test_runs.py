"""Payment runs: what is gathered, the maker's declaration, the checker's four eyes,
cancelling, and the database's own guards (one open run, one live try per payment)."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from prakerja_app.models import Payment, PaymentRun, PayoutAttempt
from prakerja_app.services.core.vocab import AdminRole, AttemptStatus, RunStatus
from prakerja_app.services.money import runs
from prakerja_app.services.money.errors import MoneyError
from tests import factories


@pytest.fixture
def maker(db, now):
    return factories.admin(db, now, AdminRole.FINANCE_MAKER)


@pytest.fixture
def checker(db, now):
    return factories.admin(db, now, AdminRole.FINANCE_CHECKER)


def _tries(db) -> list[tuple[int, str, str]]:
    rows = db.exec(
        select(
            PayoutAttempt.payment_id, PayoutAttempt.idempotency_key, PayoutAttempt.status
        ).order_by(col(PayoutAttempt.id))
    ).all()
    return [tuple(row) for row in rows]


def test_the_due_instalments_with_an_account_are_gathered(db, now):
    due, _ = factories.payee(db, now)
    factories.payee(db, now, linked=False)  # no account yet: waits
    factories.payee(db, now, first_due=date(2020, 9, 10))  # not yet due
    run_id = runs.gather(db, now)
    assert run_id is not None
    summary = runs.summary(db, run_id)
    assert (summary.status, summary.count, summary.total) == (RunStatus.GATHERED, 1, 600_000)
    assert summary.business_day == date(2020, 9, 4)
    first = db.exec(
        select(Payment).where(Payment.participant_id == due.id, Payment.sequence == 1)
    ).one()
    assert _tries(db) == [(first.id, f"incentive:{due.id}:1:1", AttemptStatus.PENDING)]


def test_gathering_again_adds_only_what_fell_due_since(db, now):
    factories.payee(db, now)
    run_id = runs.gather(db, now)
    assert runs.gather(db, now) == run_id
    assert runs.summary(db, run_id).count == 1
    factories.payee(db, now)
    assert runs.gather(db, now) == run_id
    assert runs.summary(db, run_id).count == 2
    next_month = now + timedelta(days=28)  # each payee's instalment 2 (1 October)
    assert runs.gather(db, next_month) == run_id
    assert runs.summary(db, run_id).count == 4


def test_nothing_due_opens_no_run(db, now):
    factories.payee(db, now, first_due=date(2020, 9, 10))
    assert runs.gather(db, now) is None
    assert db.exec(select(PaymentRun)).all() == []


def _prepared(db, now, maker) -> int:
    factories.payee(db, now)
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, 1, 600_000, now)
    return run_id


def test_the_maker_declares_what_the_run_holds(db, now, maker):
    factories.payee(db, now)
    run_id = runs.gather(db, now)
    refused = factories.refused(db, runs.prepare, run_id, maker.id, 2, 1_200_000, now)
    assert refused.code == MoneyError.RUN_CHANGED
    assert refused.details == {"count": 1, "total": 600_000}
    runs.prepare(db, run_id, maker.id, 1, 600_000, now)
    summary = runs.summary(db, run_id)
    assert (summary.status, summary.prepared_by) == (RunStatus.PREPARED, maker.id)
    assert (summary.declared_count, summary.declared_total) == (1, 600_000)


@pytest.mark.parametrize("count, total", [("1", 600_000), (1, 600_000.0), (True, 1), (-1, 0)])
def test_a_declaration_is_whole_numbers(db, now, maker, count, total):
    factories.payee(db, now)
    run_id = runs.gather(db, now)
    refused = factories.refused(db, runs.prepare, run_id, maker.id, count, total, now)
    assert refused.code == MoneyError.RUN_DECLARED_INVALID


def test_a_prepared_run_takes_nothing_more(db, now, maker):
    run_id = _prepared(db, now, maker)
    factories.payee(db, now)
    assert runs.gather(db, now) == run_id
    assert runs.summary(db, run_id).count == 1


def test_the_maker_cannot_approve_their_own_run(db, now, maker):
    run_id = _prepared(db, now, maker)
    refused = factories.refused(db, runs.approve, run_id, maker.id, 1, 600_000, now, real_now=now)
    assert refused.code == MoneyError.RUN_FOUR_EYES
    assert runs.summary(db, run_id).status == RunStatus.PREPARED


def test_the_database_refuses_an_approver_who_prepared(db, now, maker):
    run_id = _prepared(db, now, maker)
    with pytest.raises(IntegrityError):
        db.exec(
            sa.update(PaymentRun)
            .where(col(PaymentRun.id) == run_id)
            .values(status=RunStatus.APPROVED, approved_by=maker.id, approved_at=now)
        )
        db.commit()
    db.rollback()
    with pytest.raises(IntegrityError):  # nor an approved run without an approver
        db.exec(sa.update(PaymentRun).where(col(PaymentRun.id) == run_id).values(status="sent"))
        db.commit()


def test_the_checker_approves_what_the_maker_declared(db, now, maker, checker):
    run_id = _prepared(db, now, maker)
    refused = factories.refused(db, runs.approve, run_id, checker.id, 1, 500_000, now, real_now=now)
    assert refused.code == MoneyError.RUN_CHANGED
    runs.approve(db, run_id, checker.id, 1, 600_000, now, real_now=now)
    summary = runs.summary(db, run_id)
    assert (summary.status, summary.approved_by) == (RunStatus.APPROVED, checker.id)
    again = factories.refused(db, runs.approve, run_id, checker.id, 1, 600_000, now, real_now=now)
    assert again.code == MoneyError.RUN_NOT_PREPARED


def test_only_a_gathered_run_is_prepared(db, now, maker):
    run_id = _prepared(db, now, maker)
    refused = factories.refused(db, runs.prepare, run_id, maker.id, 1, 600_000, now)
    assert refused.code == MoneyError.RUN_NOT_GATHERED
    assert factories.raised(runs.prepare, db, 999, maker.id, 1, 1, now).code == (
        MoneyError.RUN_NOT_FOUND
    )


def test_a_cancelled_run_frees_its_payments_for_the_next_with_a_new_key(db, now, maker):
    run_id = _prepared(db, now, maker)
    short = factories.refused(db, runs.cancel, run_id, maker.id, "salah", now)
    assert (short.code, short.field) == (MoneyError.RUN_REASON_SHORT, "reason")
    runs.cancel(db, run_id, maker.id, "Data rekening perlu diperiksa ulang", now)
    summary = runs.summary(db, run_id)
    assert (summary.status, summary.count) == (RunStatus.CANCELLED, 0)
    assert summary.by_status == {AttemptStatus.CANCELLED: 1}
    next_run = runs.gather(db, now)
    assert next_run not in (None, run_id)
    (payment_id, first_key, _), (again, second_key, status) = _tries(db)
    assert (again, status) == (payment_id, AttemptStatus.PENDING)
    assert (first_key[-4:], second_key[-4:]) == (":1:1", ":1:2")  # instalment 1, try 2


def test_an_approved_run_cannot_be_cancelled(db, now, maker, checker):
    run_id = _prepared(db, now, maker)
    runs.approve(db, run_id, checker.id, 1, 600_000, now, real_now=now)
    refused = factories.refused(db, runs.cancel, run_id, maker.id, "terlambat dibatalkan", now)
    assert refused.code == MoneyError.RUN_NOT_CANCELLABLE


def test_the_database_keeps_one_open_run(db, now):
    factories.payee(db, now)
    runs.gather(db, now)
    db.add(PaymentRun(business_day=date(2020, 9, 4), status=RunStatus.PREPARED, gathered_at=now))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    db.add(PaymentRun(business_day=date(2020, 9, 4), status=RunStatus.CANCELLED, gathered_at=now))
    db.commit()  # closed runs are not limited


def test_the_database_keeps_one_live_try_per_payment(db, now):
    factories.payee(db, now)
    run_id = runs.gather(db, now)
    first = db.exec(select(PayoutAttempt)).one()
    db.add(
        PayoutAttempt(
            run_id=run_id,
            payment_id=first.payment_id,
            number=2,
            idempotency_key=first.idempotency_key + "-again",
            amount=first.amount,
            payout_account_id=first.payout_account_id,
            status=AttemptStatus.SENT,
            created_at=now,
        )
    )
    with pytest.raises(IntegrityError):
        db.commit()
