"""The Iris client against the partner simulator, a real separate process."""

from dataclasses import replace
from datetime import datetime

import httpx
import pytest

from prakerja_app.services.core.formatting import WIB
from prakerja_app.services.money.partner.errors import (
    PartnerError,
    PartnerRefused,
    PartnerUnavailable,
)
from prakerja_app.services.money.partner.interface import (
    FailureReason,
    PayoutChannel,
    PayoutOrder,
    PayoutStatus,
    ReportLine,
)
from prakerja_app.services.money.partner.iris import IrisPartner
from prakerja_app.services.money.partner.reconciliation import Mismatch, OurPayout, reconcile
from tests.partner_simulator import SETTINGS
from tests.servers import free_port

ORDINARY = "0812345678"  # any account but the simulator's fault conventions


def _order(key: str, account: str = ORDINARY, channel=PayoutChannel.GOPAY, **changes):
    order = PayoutOrder(key, channel, account, "Siti Aminah", 600000, "Insentif 1 Kartu Prakerja")
    return replace(order, **changes)


def _pay(partner, *orders):
    created = partner.create_payouts(list(orders))
    partner.approve_payouts([c.reference_no for c in created])
    return [partner.payout(c.reference_no) for c in created]


# --- account validation -----------------------------------------------------------------


def test_an_ordinary_account_is_fit(partner):
    checked = partner.validate_account(PayoutChannel.BNI, "1234567890")
    assert (checked.exists, checked.active, checked.upgraded) == (True, True, True)
    assert checked.holder_name == "PESERTA SIMULASI"
    assert checked.problem is None


@pytest.mark.parametrize(
    ("account", "problem"),
    [
        ("0812340000", FailureReason.ACCOUNT_NOT_FOUND),
        ("0812340001", FailureReason.ACCOUNT_INACTIVE),
        ("0812340002", FailureReason.EWALLET_NOT_UPGRADED),
    ],
)
def test_each_unfit_account_is_told(partner, account, problem):
    assert partner.validate_account(PayoutChannel.OVO, account).problem is problem


def test_a_bank_account_is_never_not_upgraded(partner):
    assert partner.validate_account(PayoutChannel.BNI, "0812340002").problem is None


def test_an_account_of_another_holder_shows_that_holders_name(partner):
    assert partner.validate_account(PayoutChannel.DANA, "0812340003").holder_name == "PEMILIK LAIN"


def test_a_registered_account_is_as_registered(partner, simulator):
    simulator.control(
        "accounts",
        {"bank": "linkaja", "account": "0855", "holder_name": "Budi", "status": "inactive"},
    )
    checked = partner.validate_account(PayoutChannel.LINKAJA, "0855")
    assert (checked.holder_name, checked.problem) == ("Budi", FailureReason.ACCOUNT_INACTIVE)


# --- payouts ---------------------------------------------------------------------------------


def test_create_then_approve_pays(partner, simulator):
    (created,) = partner.create_payouts([_order("pay-1")])
    assert created.status is PayoutStatus.QUEUED
    assert partner.payout(created.reference_no).status is PayoutStatus.QUEUED
    partner.approve_payouts([created.reference_no])
    state = partner.payout(created.reference_no)
    assert (state.status, state.amount, state.failure_code) == (
        PayoutStatus.COMPLETED,
        600000,
        None,
    )
    (held,) = simulator.payouts()
    assert (held["beneficiary_account"], held["bank"], held["amount"]) == (
        ORDINARY,
        "gopay",
        "600000.00",
    )


def test_each_order_is_its_own_payout(partner, simulator):
    created = partner.create_payouts([_order("a"), _order("b", amount=50000)])
    assert len({c.reference_no for c in created}) == 2
    assert sorted(p["amount"] for p in simulator.payouts()) == ["50000.00", "600000.00"]


def test_creating_again_with_the_same_key_gives_the_same_payout(partner, simulator):
    (first,) = partner.create_payouts([_order("pay-again")])
    (second,) = partner.create_payouts([_order("pay-again")])
    assert second.reference_no == first.reference_no
    assert len(simulator.payouts()) == 1


def test_the_same_key_for_another_payout_is_refused(partner, simulator):
    partner.create_payouts([_order("pay-x")])
    with pytest.raises(PartnerRefused) as refused:
        partner.create_payouts([_order("pay-x", amount=1)])
    assert refused.value.details["http_status"] == 409
    assert refused.value.details["partner_message"] == "idempotency-key is not unique"
    assert len(simulator.payouts()) == 1


@pytest.mark.parametrize(
    ("account", "reason"),
    [
        ("0812340000", FailureReason.ACCOUNT_NOT_FOUND),
        ("0812340001", FailureReason.ACCOUNT_INACTIVE),
        ("0812340002", FailureReason.EWALLET_NOT_UPGRADED),
        ("0812340003", FailureReason.NAME_MISMATCH),
    ],
)
def test_a_payout_to_an_unfit_account_fails_with_the_reason(partner, account, reason):
    (state,) = _pay(partner, _order(f"fail-{account}", account))
    assert (state.status, state.failure_code) == (PayoutStatus.FAILED, reason.value)


def test_a_name_that_is_not_the_registered_holders_fails(partner, simulator):
    simulator.control("accounts", {"bank": "bni", "account": "777", "holder_name": "SITI AMINAH"})
    paid, failed = _pay(
        partner,
        _order("right", "777", PayoutChannel.BNI, holder_name="Siti  Aminah"),
        _order("wrong", "777", PayoutChannel.BNI, holder_name="Siti Rahma"),
    )
    assert paid.status is PayoutStatus.COMPLETED
    assert (failed.status, failed.failure_code) == (PayoutStatus.FAILED, "name_mismatch")


def test_a_bad_request_is_refused_with_the_partners_errors(partner):
    with pytest.raises(PartnerRefused) as refused:
        partner.create_payouts([_order("bad", "08-12")])
    assert refused.value.details["http_status"] == 400
    assert refused.value.details["errors"] == ["payouts[0] beneficiary_account is invalid"]


def test_approving_twice_is_refused(partner):
    (created,) = partner.create_payouts([_order("twice")])
    partner.approve_payouts([created.reference_no])
    with pytest.raises(PartnerRefused):
        partner.approve_payouts([created.reference_no])


def test_an_unknown_payout_is_refused(partner):
    with pytest.raises(PartnerRefused) as refused:
        partner.payout("no-such-reference")
    assert refused.value.details["http_status"] == 404


# --- the two keys ----------------------------------------------------------------------------


def test_the_creator_cannot_approve_and_the_approver_cannot_create(partner, simulator):
    (created,) = partner.create_payouts([_order("maker")])
    settings = simulator.settings
    swapped = replace(
        settings, creator_key=settings.approver_key, approver_key=settings.creator_key
    )
    with IrisPartner(swapped, retries=0) as wrong:
        with pytest.raises(PartnerRefused) as refused:
            wrong.approve_payouts([created.reference_no])
        assert refused.value.details["http_status"] == 403
        with pytest.raises(PartnerRefused):
            wrong.create_payouts([_order("checker")])
    assert partner.payout(created.reference_no).status is PayoutStatus.QUEUED
    assert len(simulator.payouts()) == 1


def test_an_unknown_key_is_refused(simulator):
    wrong = replace(simulator.settings, creator_key="guess")
    with IrisPartner(wrong, retries=0) as partner, pytest.raises(PartnerRefused) as refused:
        partner.validate_account(PayoutChannel.BNI, "1234567890")
    assert refused.value.details["http_status"] == 401


# --- time-outs and 5xx -------------------------------------------------------------------------


def test_a_time_out_is_told(simulator):
    simulator.faults(timeouts=1)
    with (
        IrisPartner(simulator.settings, timeout=0.5, retries=0) as partner,
        pytest.raises(PartnerUnavailable) as unavailable,
    ):
        partner.validate_account(PayoutChannel.BNI, "1234567890")
    assert unavailable.value.code is PartnerError.TIMEOUT


def test_a_create_that_timed_out_is_retried_and_pays_exactly_once(partner, simulator):
    simulator.faults(timeouts=1)  # carried out, but answered too late
    (created,) = partner.create_payouts([_order("retried")])
    (held,) = simulator.payouts()
    assert held["reference_no"] == created.reference_no
    assert held["idempotency_key"] == "retried"


def test_a_time_out_then_a_new_run_with_the_same_key_pays_once(simulator):
    simulator.faults(timeouts=1)
    with IrisPartner(simulator.settings, timeout=0.5, retries=0) as partner:
        with pytest.raises(PartnerUnavailable):
            partner.create_payouts([_order("run-1")])
        (created,) = partner.create_payouts([_order("run-1")])
    assert [p["reference_no"] for p in simulator.payouts()] == [created.reference_no]


def test_a_5xx_is_retried(partner, simulator):
    simulator.faults(server_errors=2)
    assert partner.validate_account(PayoutChannel.BNI, "1234567890").exists


def test_a_lasting_5xx_is_told_and_creates_nothing(partner, simulator):
    simulator.faults(server_errors=3)
    with pytest.raises(PartnerUnavailable) as unavailable:
        partner.create_payouts([_order("down")])
    assert unavailable.value.code is PartnerError.SERVER_ERROR
    assert unavailable.value.details["http_status"] == 503
    assert simulator.payouts() == []


def test_an_approval_is_not_retried(partner, simulator):
    (created,) = partner.create_payouts([_order("approve-once")])
    simulator.faults(server_errors=1)
    with pytest.raises(PartnerUnavailable):
        partner.approve_payouts([created.reference_no])
    assert partner.payout(created.reference_no).status is PayoutStatus.QUEUED


def test_no_partner_is_told():
    nobody = replace(SETTINGS, base_url=f"http://127.0.0.1:{free_port()}")
    with (
        IrisPartner(nobody, retries=0) as partner,
        pytest.raises(PartnerUnavailable) as unavailable,
    ):
        partner.payout("x")
    assert unavailable.value.code is PartnerError.UNREACHABLE


def test_an_answer_that_is_not_irises_is_told(simulator):
    def garbled(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>maintenance</html>")

    with IrisPartner(simulator.settings, retries=0) as partner:
        partner._client = httpx.Client(
            base_url=partner._client.base_url, transport=httpx.MockTransport(garbled)
        )
        with pytest.raises(PartnerUnavailable) as unavailable:
            partner.payout("x")
    assert unavailable.value.code is PartnerError.ANSWER_INVALID


# --- the daily report and the reconciliation ------------------------------------------------


def test_the_daily_report_lists_the_money_that_moved(partner, simulator):
    paid, failed, refunded = _pay(
        partner, _order("r-paid"), _order("r-fail", "0812340001"), _order("r-refund")
    )
    simulator.control(f"payouts/{refunded.reference_no}/refund", {})
    report = partner.daily_report(datetime.now(WIB).date())
    assert sorted(report, key=lambda line: line.reference_no) == sorted(
        [
            ReportLine(paid.reference_no, 600000, PayoutStatus.COMPLETED),
            ReportLine(refunded.reference_no, 600000, PayoutStatus.FAILED),
        ],
        key=lambda line: line.reference_no,
    )
    assert failed.reference_no not in {line.reference_no for line in report}


def test_another_days_report_is_empty(partner):
    _pay(partner, _order("today"))
    assert partner.daily_report(datetime(2020, 10, 14, tzinfo=WIB).date()) == []


def test_reconciliation_finds_each_mismatch_against_the_real_report(partner, simulator):
    ok, refunded, stray, amount = _pay(
        partner, _order("k-ok"), _order("k-refund"), _order("k-stray"), _order("k-amount")
    )
    simulator.control(f"payouts/{refunded.reference_no}/refund", {})
    ours = [
        OurPayout(ok.reference_no, 600000, PayoutStatus.COMPLETED),
        OurPayout(refunded.reference_no, 600000, PayoutStatus.COMPLETED),
        OurPayout(amount.reference_no, 60000, PayoutStatus.COMPLETED),
        OurPayout("never-sent", 600000, PayoutStatus.COMPLETED),
    ]
    found = reconcile(ours, partner.daily_report(datetime.now(WIB).date()))
    assert {(d.reference_no, d.mismatch) for d in found} == {
        (refunded.reference_no, Mismatch.STATUS_DIFFERS),
        (stray.reference_no, Mismatch.MISSING_HERE),
        (amount.reference_no, Mismatch.AMOUNT_DIFFERS),
        ("never-sent", Mismatch.MISSING_AT_PARTNER),
    }
