"""The payments page's handlers, called as a browser could: the maker gathers and
prepares with the figures typed (a wrong total refused next to its field), a different
checker approves and the sender is queued, the maker may not approve their own run,
either may cancel with a reason; auditors look; other roles see nothing."""

import pytest
from sqlmodel import col, select

from prakerja_app.jobs import huey
from prakerja_app.models import PaymentRun, utc_now
from prakerja_app.pages.admin.payments import PaymentsState
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole, RunStatus
from tests import factories

pytestmark = pytest.mark.anyio

DENIED = "Anda tidak berhak membuka halaman ini."


@pytest.fixture(autouse=True)
def _program_clock(db, now):
    clock.set_program_time(db, now, utc_now())
    db.commit()
    for _ in iter(huey.dequeue, None):  # what earlier tests left queued
        pass


async def _page(states, db, now, *roles: AdminRole) -> PaymentsState:
    states.connect(factories.session_token(db, factories.admin(db, now, *roles)))
    page = states(PaymentsState)
    await PaymentsState.load.fn(page)
    return page


def _status(db) -> list[str]:
    db.commit()
    return list(db.exec(select(PaymentRun.status).order_by(col(PaymentRun.id))))


def _queued() -> list[str]:
    return [task.name for task in huey.pending() if task.name != "deliver"]


async def test_the_maker_gathers_and_prepares_with_the_figures_seen(states, db, now):
    factories.payee(db, now)
    factories.payee(db, now)
    page = await _page(states, db, now, AdminRole.FINANCE_MAKER)
    assert (page.allowed, page.is_maker, page.is_checker, page.open_run.id) == (
        True,
        True,
        False,
        0,
    )
    await PaymentsState.gather.fn(page)
    run = page.open_run
    assert (run.status_label, run.count, run.total) == ("Terkumpul", "2", "Rp 1.200.000")
    assert page.notice == f"Putaran #{run.id} kini berisi 2 pembayaran, total Rp 1.200.000."

    await PaymentsState.prepare.fn(page, {"count": "2", "total": "1.100.000"})
    assert page.errors == {
        "total": "Isi putaran berubah: sekarang 2 pembayaran, total Rp 1.200.000. Periksa lagi"
        " lalu ulangi dengan angka ini."
    }
    await PaymentsState.prepare.fn(page, {"count": "dua", "total": "1200000"})
    assert page.errors == {"count": "Isi jumlah pembayaran dan totalnya dengan angka bulat."}
    assert _status(db) == [RunStatus.GATHERED]
    await PaymentsState.prepare.fn(page, {"count": "2", "total": "Rp 1.200.000"})
    assert page.errors == {} and page.notice.startswith("Putaran disiapkan.")
    assert page.open_run.status_label == "Disiapkan"
    assert _status(db) == [RunStatus.PREPARED]
    await PaymentsState.approve.fn(page, {"count": "2", "total": "1200000"})
    assert page.message == DENIED  # not a checker
    assert _status(db) == [RunStatus.PREPARED]


async def test_another_admin_approves_and_the_sender_is_queued(states, db, now):
    factories.payee(db, now)
    maker = await _page(states, db, now, AdminRole.FINANCE_MAKER)
    await PaymentsState.gather.fn(maker)
    await PaymentsState.prepare.fn(maker, {"count": "1", "total": "600000"})
    checker = await _page(states, db, now, AdminRole.FINANCE_CHECKER)
    assert (checker.is_maker, checker.is_checker, checker.open_run.prepared_by) == (
        False,
        True,
        maker.open_run.prepared_by,
    )
    await PaymentsState.gather.fn(checker)
    assert checker.message == DENIED
    await PaymentsState.approve.fn(checker, {"count": "1", "total": "500000"})
    assert set(checker.errors) == {"total"}
    follow = await PaymentsState.approve.fn(checker, {"count": "1", "total": "600000"})
    assert checker.notice == "Putaran disetujui dan sedang dikirim ke mitra pembayaran."
    assert checker.open_run.status_label == "Disetujui, sedang dikirim"
    assert follow is not None  # the page follows the run at the partner
    assert _status(db) == [RunStatus.APPROVED]
    assert _queued() == ["send_payment_run"]


async def test_an_admin_holding_both_roles_cannot_approve_their_own_run(states, db, now):
    factories.payee(db, now)
    page = await _page(states, db, now, AdminRole.FINANCE_MAKER, AdminRole.FINANCE_CHECKER)
    await PaymentsState.gather.fn(page)
    await PaymentsState.prepare.fn(page, {"count": "1", "total": "600000"})
    await PaymentsState.approve.fn(page, {"count": "1", "total": "600000"})
    assert page.message.startswith("Anda menyiapkan putaran ini, jadi tidak boleh menyetujuinya.")
    assert _status(db) == [RunStatus.PREPARED] and _queued() == []


async def test_a_run_is_cancelled_with_a_reason(states, db, now):
    factories.payee(db, now)
    maker = await _page(states, db, now, AdminRole.FINANCE_MAKER)
    await PaymentsState.gather.fn(maker)
    checker = await _page(states, db, now, AdminRole.FINANCE_CHECKER)
    await PaymentsState.cancel_run.fn(checker, {"reason": "salah"})
    assert checker.errors == {"reason": "Tulis alasan pembatalan, paling sedikit 10 karakter."}
    await PaymentsState.cancel_run.fn(checker, {"reason": "Rekening perlu diperiksa ulang"})
    assert checker.notice.startswith("Putaran dibatalkan.") and checker.open_run.id == 0
    assert checker.runs[0].status_label == "Dibatalkan"
    assert _status(db) == [RunStatus.CANCELLED]


async def test_an_auditor_looks_and_changes_nothing(states, db, now):
    made, _ = factories.payee(db, now)
    maker = await _page(states, db, now, AdminRole.FINANCE_MAKER)
    await PaymentsState.gather.fn(maker)
    auditor = await _page(states, db, now, AdminRole.AUDITOR)
    assert (auditor.allowed, auditor.can_act, auditor.is_maker, auditor.is_checker) == (
        True,
        False,
        False,
        False,
    )
    assert auditor.open_run.count == "1"
    for handler, form in [
        (PaymentsState.prepare, {"count": "1", "total": "600000"}),
        (PaymentsState.cancel_run, {"reason": "Rekening perlu diperiksa ulang"}),
    ]:
        await handler.fn(auditor, form)
        assert auditor.message == DENIED
    await PaymentsState.gather.fn(auditor)
    assert auditor.message == DENIED
    assert _status(db) == [RunStatus.GATHERED]
    await PaymentsState.find_card.fn(auditor, {"query": made.card_number})
    assert [p.label for p in auditor.history.payments][:1] == ["Insentif ke-1"]


async def test_a_participant_is_found_by_card_number(states, db, now):
    made, _ = factories.payee(db, now)
    page = await _page(states, db, now, AdminRole.FINANCE_CHECKER)
    spaced = " ".join(made.card_number[i : i + 4] for i in range(0, 16, 4))
    await PaymentsState.find_card.fn(page, {"query": spaced})
    assert page.history.card == spaced and len(page.history.payments) == 4
    await PaymentsState.find_card.fn(page, {"query": "1" * 16})
    assert page.errors == {"query": "Tidak ada peserta dengan nomor kartu ini."}
    assert page.history.card == ""
    await PaymentsState.find_card.fn(page, {"query": "12"})
    assert set(page.errors) == {"query"}


@pytest.mark.parametrize("role", [AdminRole.OPERATOR, AdminRole.VERIFIER, AdminRole.SUPER_ADMIN])
async def test_other_roles_are_refused_and_see_nothing(states, db, now, role):
    made, _ = factories.payee(db, now)
    maker = await _page(states, db, now, AdminRole.FINANCE_MAKER)
    await PaymentsState.gather.fn(maker)
    page = await _page(states, db, now, role)
    assert (page.allowed, page.open_run.id, page.runs) == (False, 0, [])
    await PaymentsState.find_card.fn(page, {"query": made.card_number})
    assert page.history.card == "" and page.message == DENIED
    await PaymentsState.cancel_run.fn(page, {"reason": "Rekening perlu diperiksa ulang"})
    assert _status(db) == [RunStatus.GATHERED]
