"""Sending approved runs through the partner simulator: each try created and approved
once, its outcome applied once (paid, failed with the partner's reason), the cash
ledger balanced, the participant told; retries, time-outs and a second sender pay
nothing twice."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import col, select

from prakerja_app.models import Participant, Payment, PayoutAttempt
from prakerja_app.services.core.vocab import AdminRole, AttemptStatus, PaymentStatus, RunStatus
from prakerja_app.services.money import (
    cash_ledger,
    daily_reconciliation,
    failed_payments,
    payout_status,
    runs,
    sending,
)
from prakerja_app.services.money.partner.errors import PartnerError, PartnerUnavailable
from prakerja_app.services.money.partner.iris import IrisPartner
from tests import factories


@pytest.fixture(autouse=True)
def _env(registration_env):
    """Links in the notices point at the default address."""


def _approved(db, now, payees: int = 2) -> int:
    for _ in range(payees):
        factories.payee(db, now)
    maker = factories.admin(db, now, AdminRole.FINANCE_MAKER)
    checker = factories.admin(db, now, AdminRole.FINANCE_CHECKER)
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, payees, payees * 600_000, now)
    runs.approve(db, run_id, checker.id, payees, payees * 600_000, now, real_now=now)
    return run_id


def _payouts_by_key(simulator) -> Counter:
    return Counter(p["idempotency_key"] for p in simulator.payouts())


def _statuses(db) -> list[str]:
    return [p.status for p in db.exec(select(Payment).where(Payment.sequence == 1)).all()]


def test_an_approved_run_is_paid_once_and_booked(db, now, partner, simulator):
    run_id = _approved(db, now)
    result = sending.send_run(db, run_id, partner, now)
    assert (result.created, result.approved, result.sent) == (2, 2, True)
    assert runs.summary(db, run_id).status == RunStatus.SENT
    assert set(_payouts_by_key(simulator).values()) == {1}
    assert _statuses(db) == [PaymentStatus.PROCESSING] * 2
    # no notification reached us (no callback): the partner is asked
    assert payout_status.refresh(db, partner, now) == 2
    assert payout_status.refresh(db, partner, now) == 0  # done: nothing more to ask
    assert _statuses(db) == [PaymentStatus.PAID] * 2
    paid = db.exec(select(Payment).where(Payment.sequence == 1)).first()
    assert paid.paid_at is not None and paid.failure_reason is None
    check = daily_reconciliation.ledger_check(db)
    assert check.sound and check.paid_out == 1_200_000
    assert cash_ledger.balance(db, cash_ledger.owed_account(paid.participant_id)) == 1_800_000
    summary = runs.summary(db, run_id)
    assert (summary.by_status, summary.paid_total) == ({AttemptStatus.COMPLETED: 2}, 1_200_000)


def test_the_participant_is_told_of_the_payment(db, now, partner, simulator):
    run_id = _approved(db, now, payees=1)
    sending.send_run(db, run_id, partner, now)
    payout_status.refresh(db, partner, now)
    payment = db.exec(select(Payment).where(Payment.status == PaymentStatus.PAID)).one()
    owner = db.get(Participant, payment.participant_id)
    attempt = db.exec(select(PayoutAttempt)).one()
    texts = [m.body for m in factories.outbox(db, factories.phone_of(db, owner))]
    assert texts == [
        f"Kartu Prakerja: Insentif ke-1 Rp 600.000 sudah dikirim ke OVO ****5678."
        f" Ref {attempt.reference_no}."
    ]


def test_a_payout_into_an_unfit_account_fails_with_the_reason_then_pays(
    db, now, partner, simulator
):
    owner, account = factories.payee(db, now)
    simulator.control(
        "accounts",
        {
            "bank": "ovo",
            "account": account.account_number,
            "holder_name": factories.HOLDER,
            "status": "not_upgraded",
        },
    )
    maker = factories.admin(db, now, AdminRole.FINANCE_MAKER)
    checker = factories.admin(db, now, AdminRole.FINANCE_CHECKER)
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, 1, 600_000, now)
    runs.approve(db, run_id, checker.id, 1, 600_000, now, real_now=now)
    sending.send_run(db, run_id, partner, now)
    payout_status.refresh(db, partner, now)
    payment = db.exec(
        select(Payment).where(Payment.participant_id == owner.id, Payment.sequence == 1)
    ).one()
    assert (payment.status, payment.failure_reason) == (
        PaymentStatus.FAILED,
        "ewallet_not_upgraded",
    )
    assert runs.gather(db, now) is None  # a failed payment waits for the fix
    sms = [m.body for m in factories.outbox(db, factories.phone_of(db, owner))]
    assert sms == [
        "Kartu Prakerja: Insentif ke-1 Rp 600.000 gagal dikirim: akun belum di-upgrade."
        " Buka dasbor untuk memperbaikinya."
    ]
    # fixed at the e-wallet; the failed payment is scheduled again and a new try pays it
    assert failed_payments.retry_failed(db, owner.id, now) == 1
    db.commit()
    simulator.control(
        "accounts",
        {"bank": "ovo", "account": account.account_number, "holder_name": factories.HOLDER},
    )
    second = runs.gather(db, now)
    runs.prepare(db, second, maker.id, 1, 600_000, now)
    runs.approve(db, second, checker.id, 1, 600_000, now, real_now=now)
    sending.send_run(db, second, partner, now)
    payout_status.refresh(db, partner, now)
    db.refresh(payment)
    assert payment.status == PaymentStatus.PAID
    assert sorted(_payouts_by_key(simulator)) == [
        f"incentive:{owner.id}:1:1",
        f"incentive:{owner.id}:1:2",
    ]
    assert daily_reconciliation.ledger_check(db).sound


def test_sending_again_pays_nothing_twice(db, now, partner, simulator):
    run_id = _approved(db, now)
    sending.send_run(db, run_id, partner, now)
    again = sending.send_run(db, run_id, partner, now + timedelta(minutes=5))
    assert (again.created, again.approved, again.sent) == (0, 0, True)
    assert sum(_payouts_by_key(simulator).values()) == 2


def test_a_partner_down_at_creation_is_retried_without_a_second_payout(db, now, partner, simulator):
    run_id = _approved(db, now)
    simulator.faults(server_errors=1)
    with pytest.raises(PartnerUnavailable):
        sending.send_run(db, run_id, partner, now)
    assert simulator.payouts() == []
    assert runs.summary(db, run_id).by_status == {AttemptStatus.PENDING: 2}
    assert sending.send_run(db, run_id, partner, now).sent
    assert sum(_payouts_by_key(simulator).values()) == 2


def test_a_timed_out_creation_is_created_again_under_the_same_key(db, now, simulator):
    run_id = _approved(db, now, payees=1)
    simulator.faults(timeouts=1, timeout_seconds=1)
    with IrisPartner(simulator.settings, timeout=0.3, retries=0, backoff=0) as hasty:
        with pytest.raises(PartnerUnavailable):  # the payout was created; the answer late
            sending.send_run(db, run_id, hasty, now)
        assert len(simulator.payouts()) == 1
        assert sending.send_run(db, run_id, hasty, now).sent
    assert sum(_payouts_by_key(simulator).values()) == 1
    assert [p["status"] for p in simulator.payouts()] == ["completed"]


class _ApprovalLost:
    """The partner, whose answer to the first approval never arrives (it did approve)."""

    def __init__(self, partner) -> None:
        self.partner, self.lost = partner, False

    def __getattr__(self, name):
        return getattr(self.partner, name)

    def approve_payouts(self, references):
        self.partner.approve_payouts(references)
        if not self.lost:
            self.lost = True
            raise PartnerUnavailable(PartnerError.TIMEOUT)


def test_a_sender_lost_after_approving_is_resumed_without_paying_twice(db, now, partner, simulator):
    run_id = _approved(db, now)
    with pytest.raises(PartnerUnavailable):
        sending.send_run(db, run_id, _ApprovalLost(partner), now)
    assert runs.summary(db, run_id).by_status == {AttemptStatus.CREATED: 2}
    early = sending.send_run(db, run_id, partner, now + timedelta(minutes=1))
    assert not early.sent  # another sender may still be at work
    assert sending.stalled_runs(db, now + sending.STALL + timedelta(seconds=1)) == [run_id]
    later = sending.send_run(db, run_id, partner, now + sending.STALL + timedelta(seconds=1))
    assert later.sent
    assert sum(_payouts_by_key(simulator).values()) == 2
    assert set(_statuses(db)) <= {PaymentStatus.PROCESSING, PaymentStatus.PAID}
    payout_status.refresh(db, partner, now)
    assert _statuses(db) == [PaymentStatus.PAID] * 2
    assert daily_reconciliation.ledger_check(db).sound


def test_only_an_approved_run_is_sent(db, now, partner, simulator):
    factories.payee(db, now)
    run_id = runs.gather(db, now)
    assert sending.send_run(db, run_id, partner, now) == sending.SendResult(0, 0, False)
    assert simulator.payouts() == []
    assert db.exec(
        select(PayoutAttempt.status).where(col(PayoutAttempt.run_id) == run_id)
    ).all() == [AttemptStatus.PENDING]
