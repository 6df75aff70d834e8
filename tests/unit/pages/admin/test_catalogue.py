"""The console's catalogue page, called as a browser could: operators delist after a
preview and switch trainings; auditors look; forged arguments change nothing."""

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, Platform, Training, utc_now
from prakerja_app.pages.admin.catalogue import CatalogueConsoleState
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole, PlatformStatus
from tests import factories

pytestmark = pytest.mark.anyio

REASON = "Mundur sebagai platform digital Kartu Prakerja."


@pytest.fixture(autouse=True)
def _program_clock(db, now):
    """The program clock stands at 4 September 2020, 10:00 WIB."""
    clock.set_program_time(db, now, utc_now())
    db.commit()


@pytest.fixture
def shop(db):
    platform = factories.platform(db, name="Kelasku")
    training = factories.listed_training(db, platform, factories.provider(db), title="Kue Kering")
    return platform, training


async def _page(states, db, now, *roles: AdminRole) -> CatalogueConsoleState:
    states.connect(factories.session_token(db, factories.admin(db, now, *roles)))
    page = states(CatalogueConsoleState)
    await CatalogueConsoleState.load.fn(page)
    return page


def _fresh(db, row):
    db.commit()  # a fresh read: the handlers wrote on sessions of their own
    db.refresh(row)
    return row


async def test_an_operator_previews_then_delists(states, db, now, shop):
    platform, _training = shop
    page = await _page(states, db, now, AdminRole.OPERATOR)
    assert (page.allowed, page.can_act, page.now_local) == (True, True, "2020-09-04T10:00")
    assert [p.name for p in page.platforms] == ["Kelasku"]
    assert [r.title for r in page.rows] == ["Kue Kering"]

    await CatalogueConsoleState.choose_delisting.fn(page, str(platform.id))
    assert page.delist_name == "Kelasku"
    await CatalogueConsoleState.preview_delisting.fn(page, {"reason": "x", "effective_at": ""})
    assert page.errors["reason"] == "Tulis alasan minimal 10 karakter."
    assert page.errors["effective_at"].startswith("Isi tanggal dan jam berlaku (WIB)")
    assert page.preview_open is False
    await CatalogueConsoleState.confirm_delisting.fn(page)  # nothing previewed: nothing done
    assert _fresh(db, platform).status == PlatformStatus.ACTIVE

    form = {"reason": REASON, "effective_at": "2020-09-04T12:00"}
    await CatalogueConsoleState.preview_delisting.fn(page, form)
    assert page.preview_open is True
    assert page.preview.trainings == "1 pelatihan tidak dijual lagi."
    assert page.preview.vouchers.startswith("0 voucher belum ditukarkan")
    assert page.preview.effective == "Jumat, 4 September 2020 12.00 WIB"
    await CatalogueConsoleState.confirm_delisting.fn(page)
    assert page.notice == (
        "Kelasku dikeluarkan dari katalog mulai Jumat, 4 September 2020 12.00 WIB."
    )
    assert page.platforms[0].status_label == "Keluar mulai Jumat, 4 September 2020 12.00 WIB"
    assert page.rows[0].status_label == "Dijual"  # until 12:00
    delisted = _fresh(db, platform)
    assert (delisted.status, delisted.withdrawal_reason) == (PlatformStatus.WITHDRAWN, REASON)
    [entry] = db.exec(select(AuditLog).where(AuditLog.action == "platform.delist")).all()
    assert entry.actor_user_id is not None


async def test_an_operator_switches_a_training_off_and_on(states, db, now, shop):
    _platform, training = shop
    page = await _page(states, db, now, AdminRole.OPERATOR)
    await CatalogueConsoleState.set_training_active.fn(page, str(training.id), False)
    assert page.notice == f"Pelatihan {training.code} dinonaktifkan."
    assert page.rows[0].status_label == "Nonaktif"
    assert _fresh(db, training).active is False
    await CatalogueConsoleState.set_training_active.fn(page, str(training.id), False)
    assert page.message == "Pelatihan ini sudah nonaktif."
    await CatalogueConsoleState.set_training_active.fn(page, str(training.id), True)
    assert _fresh(db, training).active is True


async def test_an_auditor_reads_and_changes_nothing(states, db, now, shop):
    platform, training = shop
    page = await _page(states, db, now, AdminRole.AUDITOR)
    assert (page.allowed, page.can_act, len(page.rows)) == (True, False, 1)
    await CatalogueConsoleState.set_training_active.fn(page, str(training.id), False)
    assert page.message == "Anda tidak berhak membuka halaman ini."
    await CatalogueConsoleState.choose_delisting.fn(page, str(platform.id))
    await CatalogueConsoleState.preview_delisting.fn(
        page, {"reason": REASON, "effective_at": "2020-09-04T12:00"}
    )
    await CatalogueConsoleState.confirm_delisting.fn(page)
    assert page.message == "Anda tidak berhak membuka halaman ini."
    assert _fresh(db, platform).status == PlatformStatus.ACTIVE
    assert _fresh(db, training).active is True


async def test_others_are_refused(states, db, now):
    anonymous = states(CatalogueConsoleState)
    assert await CatalogueConsoleState.load.fn(anonymous) is not None  # to the login page
    page = await _page(states, db, now, AdminRole.VERIFIER)
    assert (page.allowed, page.platforms) == (False, [])
    await CatalogueConsoleState.search.fn(page, {"words": "kue"})
    assert page.rows == []


@pytest.mark.parametrize(
    "forged",
    [None, [], ["1"], {"id": 1}, 10**30, "1" * 40, True, "-1"],
)
async def test_forged_arguments_change_nothing(states, db, now, shop, forged):
    platform, training = shop
    page = await _page(states, db, now, AdminRole.OPERATOR)
    await CatalogueConsoleState.choose_delisting.fn(page, forged)
    assert page.delist_id == 0
    await CatalogueConsoleState.go_page.fn(page, forged)
    await CatalogueConsoleState.search.fn(page, forged)
    await CatalogueConsoleState.preview_delisting.fn(page, forged)
    await CatalogueConsoleState.confirm_delisting.fn(page)
    await CatalogueConsoleState.set_training_active.fn(page, forged, forged)
    CatalogueConsoleState.show_preview.fn(page, forged)
    assert page.preview_open is False
    assert _fresh(db, platform).status == PlatformStatus.ACTIVE
    assert _fresh(db, training).active is True
    assert db.exec(select(Platform)).all() and db.exec(select(Training)).all()


async def test_an_operator_changes_an_unsold_price_and_is_told_what_is_wrong(states, db, now, shop):
    _platform, training = shop
    page = await _page(states, db, now, AdminRole.OPERATOR)
    await CatalogueConsoleState.choose_price.fn(page, str(training.id))
    assert page.price_training == f"{training.code} · Kue Kering (Rp 150.000)"
    for typed, refusal in [
        ("seratus ribu", "Tulis harga dalam angka rupiah, misalnya 150000."),
        ("0", "Harga harus lebih dari Rp 0."),
        ("1.000.001", "Harga tidak boleh lebih dari saldo pelatihan (Rp 1.000.000)."),
    ]:
        await CatalogueConsoleState.save_price.fn(page, {"price": typed})
        assert page.errors == {"price": refusal}
        assert _fresh(db, training).price == 150_000
    await CatalogueConsoleState.save_price.fn(page, {"price": "Rp 200.000"})
    assert page.notice == f"Harga {training.code} diubah dari Rp 150.000 menjadi Rp 200.000."
    assert (page.price_id, page.rows[0].price_label) == (0, "Rp 200.000")
    assert _fresh(db, training).price == 200_000
    [entry] = db.exec(select(AuditLog).where(AuditLog.action == "training.price")).all()
    assert (entry.before_json, entry.after_json) == ('{"price": 150000}', '{"price": 200000}')


async def test_a_sold_trainings_price_is_locked(states, db, now, shop):
    _platform, training = shop
    training.price_locked_at = now
    db.add(training)
    db.commit()
    page = await _page(states, db, now, AdminRole.OPERATOR)
    assert page.rows[0].price_locked is True
    page.price_id = training.id  # as if chosen before the sale
    await CatalogueConsoleState.save_price.fn(page, {"price": "200000"})
    assert page.message == (
        "Harga tidak dapat diubah: pelatihan ini sudah terjual sejak Jumat, 4 September 2020"
        " 10.00 WIB."
    )
    assert _fresh(db, training).price == 150_000


async def test_forged_price_arguments_change_nothing(states, db, now, shop):
    _platform, training = shop
    page = await _page(states, db, now, AdminRole.AUDITOR)
    await CatalogueConsoleState.choose_price.fn(page, str(training.id))
    await CatalogueConsoleState.save_price.fn(page, {"price": "200000"})
    assert page.message == "Anda tidak berhak membuka halaman ini."
    operator = await _page(states, db, now, AdminRole.OPERATOR)
    for forged in (None, [], {"id": 1}, 10**30, True, "-1"):
        await CatalogueConsoleState.choose_price.fn(operator, forged)
        assert operator.price_id == 0
        await CatalogueConsoleState.save_price.fn(operator, forged)
    assert _fresh(db, training).price == 150_000
