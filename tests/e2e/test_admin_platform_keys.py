"""Providers' API keys and a training's price in the browser: an operator issues a key,
sees it once, rotates it keeping the old one for 24 hours; then changes an unsold
training's price (after being told why a price above the balance is refused) and sees
that a sold training's price is locked."""

import secrets
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import delete, select

from prakerja_app.models import ApiCall, Platform, Training, TrainingProvider, utc_now
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.marketplace import api_credentials
from tests import factories
from tests.e2e.browser import sign_in_as_admin


def _key_shown(page: Page, provider: str) -> str:
    """The key in the dialog that shows it once; the dialog is closed after."""
    dialog = page.get_by_role("dialog", name=f"Kunci API baru {provider}")
    expect(dialog).to_be_visible()
    key = page.locator("#new-sign-key").inner_text()
    dialog.get_by_role("button", name="Sudah disalin, tutup").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text(key)).to_have_count(0)
    return key


def _stored_key(app_db, slug: str) -> str | None:
    app_db.rollback()
    provider = app_db.exec(select(TrainingProvider).where(TrainingProvider.slug == slug)).one()
    app_db.refresh(provider)
    return api_credentials.current_key(provider)


@pytest.fixture
def tag(app_db, screen) -> Iterator[str]:
    """A tag for this test's provider and platform, removed with their trainings after it:
    the landing and catalogue tests count the seeded seven platforms and their trainings."""
    tag = f"{secrets.token_hex(3)}{screen}"
    yield tag
    app_db.rollback()
    platform = app_db.exec(select(Platform).where(Platform.slug == f"harga-{tag}")).one()
    provider = app_db.exec(
        select(TrainingProvider).where(TrainingProvider.slug == f"kunci-{tag}")
    ).one()
    app_db.exec(delete(Training).where(Training.platform_id == platform.id))
    app_db.exec(delete(ApiCall).where(ApiCall.provider_id == provider.id))
    app_db.delete(platform)
    app_db.delete(provider)
    app_db.commit()


def test_an_operator_issues_and_rotates_a_key_and_prices_trainings(
    page: Page, app_db, make_admin, tag
):
    name = f"0 Lembaga Kunci {tag}"  # sorts before the seeded providers: on the first page
    provider = factories.provider(app_db, name=name, slug=f"kunci-{tag}")
    platform = factories.platform(app_db, slug=f"harga-{tag}", name=f"Platform Harga {tag}")
    unsold = factories.listed_training(app_db, platform, provider, title=f"Kelas Harga {tag}")
    sold = factories.listed_training(
        app_db, platform, provider, title=f"Kelas Terjual {tag}", price_locked_at=utc_now()
    )
    menu = page.get_by_role("navigation", name="Menu admin")

    sign_in_as_admin(page, make_admin(AdminRole.OPERATOR))
    menu.get_by_role("link", name="Kunci API lembaga").click()
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("Belum ada kunci")
    page.get_by_role("button", name=f"Terbitkan kunci {name}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Terbitkan").click()
    first = _key_shown(page, name)
    assert _stored_key(app_db, provider.slug) == first
    expect(row).to_contain_text(f"lp-kunci-{tag}")
    expect(row).to_contain_text("Diterbitkan")

    page.get_by_role("button", name=f"Ganti kunci {name}").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Kunci baru langsung berlaku")
    confirm.get_by_role("button", name="Ganti, kunci lama berlaku 24 jam").click()
    second = _key_shown(page, name)
    assert second != first and _stored_key(app_db, provider.slug) == second
    expect(row).to_contain_text("Kunci lama masih berlaku sampai")

    menu.get_by_role("link", name="Katalog").click()
    page.get_by_label("Cari judul atau kode").fill(tag)
    page.get_by_role("button", name="Cari", exact=True).click()
    sold_row = page.get_by_role("row").filter(has_text=sold.title)
    expect(sold_row).to_contain_text("Harga terkunci: sudah terjual")
    expect(sold_row.get_by_role("button", name=f"Ubah harga {sold.code}")).to_have_count(0)

    page.get_by_role("button", name=f"Ubah harga {unsold.code}").click()
    page.get_by_label("Harga baru (Rp)").fill("2.000.000")
    page.get_by_role("button", name="Simpan harga").click()
    expect(page.locator("#price-error")).to_have_text(
        "Harga tidak boleh lebih dari saldo pelatihan (Rp 1.000.000)."
    )
    page.get_by_label("Harga baru (Rp)").fill("175.000")
    page.get_by_role("button", name="Simpan harga").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Harga {unsold.code} diubah dari Rp 150.000 menjadi Rp 175.000."
    )
    expect(page.get_by_role("row").filter(has_text=unsold.title)).to_contain_text("Rp 175.000")
