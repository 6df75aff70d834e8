"""Our payouts against the partner's daily report."""

from prakerja_app.services.money.partner.interface import PayoutStatus, ReportLine
from prakerja_app.services.money.partner.reconciliation import Mismatch, OurPayout, reconcile

C, F, P = PayoutStatus.COMPLETED, PayoutStatus.FAILED, PayoutStatus.PROCESSED


def _found(ours, report):
    return [(d.reference_no, d.mismatch) for d in reconcile(ours, report)]


def test_books_that_agree_give_nothing():
    ours = [OurPayout("a", 600000, C), OurPayout("b", 600000, F)]
    assert _found(ours, [ReportLine("a", 600000, C), ReportLine("b", 600000, F)]) == []


def test_payouts_that_moved_no_money_need_not_be_in_the_report():
    ours = [
        OurPayout("f", 600000, F),
        OurPayout("r", 1, PayoutStatus.REJECTED),
        OurPayout("p", 1, P),
    ]
    assert _found(ours, []) == []


def test_each_kind_of_mismatch():
    ours = [
        OurPayout("gone", 600000, C),
        OurPayout("more", 600000, C),
        OurPayout("late", 600000, P),
        OurPayout("both", 50000, C),
    ]
    report = [
        ReportLine("more", 6000000, C),
        ReportLine("late", 600000, C),
        ReportLine("both", 600000, F),
        ReportLine("stray", 600000, C),
    ]
    assert _found(ours, report) == [
        ("both", Mismatch.AMOUNT_DIFFERS),
        ("both", Mismatch.STATUS_DIFFERS),
        ("gone", Mismatch.MISSING_AT_PARTNER),
        ("late", Mismatch.STATUS_DIFFERS),
        ("more", Mismatch.AMOUNT_DIFFERS),
        ("stray", Mismatch.MISSING_HERE),
    ]


def test_a_discrepancy_carries_both_sides():
    (found,) = reconcile([OurPayout("x", 1, C)], [ReportLine("x", 2, C)])
    assert found.ours == OurPayout("x", 1, C)
    assert found.theirs == ReportLine("x", 2, C)
