"""The simulator's notifications as they reach a server of ours: each verified, and
the duplicated and out-of-order ones told apart by the payout's `updated_at`."""

import time

import pytest

from prakerja_app.services.money.partner.errors import NotificationRefused
from prakerja_app.services.money.partner.interface import PayoutChannel, PayoutOrder, PayoutStatus
from prakerja_app.services.money.partner.notifications import verify
from tests.partner_simulator import SETTINGS

KEY = SETTINGS.notification_key
STEPS = [PayoutStatus.APPROVED, PayoutStatus.PROCESSED, PayoutStatus.COMPLETED]


def _approve(partner, key: str, account: str = "0812345678") -> str:
    order = PayoutOrder(key, PayoutChannel.OVO, account, "Siti Aminah", 600000, "Insentif 1")
    (created,) = partner.create_payouts([order])
    partner.approve_payouts([created.reference_no])
    return created.reference_no


def _verified(received):
    return [verify(r.body, r.signature, KEY) for r in received]


def test_each_step_is_notified_signed_and_in_order(partner, receiver):
    reference = _approve(partner, "n-1")
    notifications = _verified(receiver.wait_for(3))
    assert [n.reference_no for n in notifications] == [reference] * 3
    assert [n.status for n in notifications] == STEPS
    assert all(n.amount == 600000 for n in notifications)
    assert notifications[0].updated_at < notifications[1].updated_at < notifications[2].updated_at


def test_a_failed_payout_is_notified_with_its_reason(partner, receiver):
    _approve(partner, "n-fail", "0812340002")
    last = _verified(receiver.wait_for(3))[-1]
    assert (last.status, last.error_code) == (PayoutStatus.FAILED, "ewallet_not_upgraded")


def test_notifications_signed_with_another_key_are_refused(partner, receiver):
    _approve(partner, "n-key")
    (first, *_) = receiver.wait_for(3)
    with pytest.raises(NotificationRefused):
        verify(first.body, first.signature, "not the notification key")


def test_duplicated_notifications_arrive_twice_and_are_the_same(partner, simulator, receiver):
    simulator.faults(duplicate_notifications=True)
    _approve(partner, "n-dup")
    notifications = _verified(receiver.wait_for(6))
    assert [n.status for n in notifications] == [s for s in STEPS for _ in range(2)]
    assert notifications[0] == notifications[1]
    assert len(set(notifications)) == 3


def test_out_of_order_notifications_still_tell_the_latest_by_updated_at(
    partner, simulator, receiver
):
    simulator.faults(out_of_order_notifications=True)
    _approve(partner, "n-order")
    notifications = _verified(receiver.wait_for(3))
    assert [n.status for n in notifications] == list(reversed(STEPS))
    latest = max(notifications, key=lambda n: n.updated_at)
    assert latest.status is PayoutStatus.COMPLETED


def test_slow_notifications_come_after_the_delay(partner, simulator, receiver):
    simulator.faults(notification_delay=0.3)
    started = time.monotonic()
    _approve(partner, "n-slow")
    receiver.wait_for(1)
    assert time.monotonic() - started >= 0.3
    assert [n.status for n in _verified(receiver.wait_for(3))] == STEPS


def test_a_refund_is_notified_as_failed(partner, simulator, receiver):
    reference = _approve(partner, "n-refund")
    receiver.wait_for(3)
    simulator.control(f"payouts/{reference}/refund", {})
    last = _verified(receiver.wait_for(4))[-1]
    assert (last.reference_no, last.status) == (reference, PayoutStatus.FAILED)
