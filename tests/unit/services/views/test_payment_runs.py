"""The payments page in words: the open run, the recent runs and their failed tries
(accounts masked), the ledger's check, a participant's payments, and what an admin types."""

import pytest
from sqlmodel import select

from prakerja_app.models import PayoutAccount, PayoutAttempt
from prakerja_app.services.core.errors import DomainError, FormErrors
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.money import runs
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.views import payment_runs
from prakerja_app.services.views.payment_runs import OpenRun
from tests import factories


@pytest.fixture
def maker(db, now):
    return factories.admin(db, now, AdminRole.FINANCE_MAKER, full_name="Maya Pembuat")


def test_no_run_yet(db):
    page = payment_runs.console(db)
    assert page.open_run == OpenRun() and page.runs == [] and page.failures == []
    assert page.ledger.sound and page.ledger.lines[0].startswith("Buku kas seimbang")
    assert not page.busy
    assert payment_runs.gathered_notice(page.open_run) == "Tidak ada pembayaran yang jatuh tempo."


def test_a_prepared_run_names_its_maker_and_declaration(db, now, maker):
    factories.payee(db, now)
    factories.payee(db, now)
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, 2, 1_200_000, now)
    run = payment_runs.console(db).open_run
    assert (run.id, run.status_label, run.day) == (run_id, "Disiapkan", "4 September 2020")
    assert (run.count, run.total) == ("2", "Rp 1.200.000")
    assert (run.declared_count, run.declared_total, run.prepared_by) == (
        "2",
        "Rp 1.200.000",
        "Maya Pembuat",
    )
    assert [(s.label, s.count) for s in run.by_status] == [("Menunggu dikirim", "2")]
    assert payment_runs.gathered_notice(run).startswith(f"Putaran #{run_id} sudah disiapkan;")


def test_a_sent_run_with_a_failed_try_shows_why_and_masks_the_account(db, now, maker):
    made, account = factories.payee(db, now)
    checker = factories.admin(db, now, AdminRole.FINANCE_CHECKER, full_name="Cakra Pemeriksa")
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, 1, 600_000, now)
    runs.approve(db, run_id, checker.id, 1, 600_000, now, real_now=now)
    page = payment_runs.console(db)
    assert page.open_run.status_label == "Disetujui, sedang dikirim" and page.busy
    attempt = db.exec(select(PayoutAttempt)).one()
    attempt.status, attempt.failure_code, attempt.reference_no = "failed", "name_mismatch", "R-9"
    db.commit()
    page = payment_runs.console(db)
    (row,) = page.runs
    assert (row.id, row.count, row.paid, row.failed) == (run_id, "1", "Rp 0", "1")
    assert row.people == "Disiapkan Maya Pembuat, disetujui Cakra Pemeriksa"
    (failure,) = page.failures
    assert failure.reason == "Nama pemilik akun tidak sama dengan nama di KTP"
    assert failure.account == f"OVO ****{account.account_number[-4:]}"
    assert account.account_number not in repr(page)
    assert failure.card.replace(" ", "") == made.card_number


def test_a_gathered_run_counts_what_it_holds(db, now):
    factories.payee(db, now)
    run_id = runs.gather(db, now)
    run = payment_runs.console(db).open_run
    assert payment_runs.gathered_notice(run) == (
        f"Putaran #{run_id} kini berisi 1 pembayaran, total Rp 600.000."
    )


def test_a_cancelled_run_gives_its_reason(db, now, maker):
    factories.payee(db, now)
    run_id = runs.gather(db, now)
    runs.cancel(db, run_id, maker.id, "Rekening perlu diperiksa", now)
    (row,) = payment_runs.console(db).runs
    assert (row.status_label, row.people) == (
        "Dibatalkan",
        "Alasan batal: Rekening perlu diperiksa",
    )


def test_an_unsound_ledger_says_what_is_wrong():
    from prakerja_app.services.money.daily_reconciliation import LedgerCheck

    view = payment_runs._ledger(LedgerCheck(["paid:1"], 600_000, 0))
    assert not view.sound
    assert view.lines == [
        "Jurnal tidak seimbang: paid:1.",
        "Saldo dibayarkan Rp 600.000, tetapi pembayaran yang berhasil Rp 0.",
    ]


def test_a_participants_history_masks_their_name_and_account(db, now, maker):
    made, _ = factories.payee(db, now)
    run_id = runs.gather(db, now)
    view = payment_runs.history(db, made.card_number)
    assert view is not None and view.name == "Or*** K."
    assert [p.label for p in view.payments] == [f"Insentif ke-{n}" for n in range(1, 5)]
    first = view.payments[0]
    assert (first.amount, first.due, first.status_label) == (
        "Rp 600.000",
        "1 September 2020",
        "Menunggu Diproses",
    )
    (tried,) = first.tries
    assert tried.run == f"Putaran #{run_id}, percobaan ke-1"
    assert (tried.status_label, tried.reason) == ("Menunggu dikirim", "")
    assert db.exec(select(PayoutAccount.account_number)).one() not in repr(view)
    assert payment_runs.history(db, "1" * 16) is None


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [("2", "1200000", (2, 1_200_000)), (" 2 ", "Rp 1.200.000", (2, 1_200_000)), ("0", "0", (0, 0))],
)
def test_the_figures_are_read_as_people_type_them(count, total, expected):
    assert payment_runs.declared(count, total) == expected


@pytest.mark.parametrize(
    ("count", "total", "wrong"),
    [
        ("", "600000", {"count"}),
        ("1", "600.000,50", {"total"}),
        ("-1", "abc", {"count", "total"}),
        ("\u0661", "600000", {"count"}),  # an Arabic-Indic digit one
        ("1", "9" * 16, {"total"}),
    ],
)
def test_other_figures_are_refused_next_to_their_field(count, total, wrong):
    with pytest.raises(FormErrors) as refused:
        payment_runs.declared(count, total)
    assert set(refused.value.errors) == wrong
    assert {e.code for e in refused.value.errors.values()} == {MoneyError.RUN_DECLARED_INVALID}


def test_a_changed_run_is_shown_next_to_the_figure_that_differs():
    changed = DomainError(MoneyError.RUN_CHANGED, count=2, total=1_200_000)
    assert payment_runs.changed_field(changed, 3) == "count"
    assert payment_runs.changed_field(changed, 2) == "total"
