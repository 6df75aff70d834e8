"""The console's catalogue in the browser: an operator delists a platform, is told why a
missing reason is refused, sees what the delisting stops, confirms, and the public
catalogue no longer offers the platform's trainings."""

import re
import secrets

import pytest
from playwright.sync_api import Page, expect

from prakerja_app.services.core.vocab import AdminRole
from tests import factories
from tests.e2e.browser import sign_in_as_admin


@pytest.mark.parametrize("screen", ["desktop"])
def test_an_operator_delists_a_platform_and_the_catalogue_changes(
    page: Page, app_db, make_admin, screen
):
    tag = secrets.token_hex(3)
    platform = factories.platform(app_db, slug=f"uji-{tag}", name=f"Platform Uji {tag}")
    factories.listed_training(
        app_db, platform, factories.provider(app_db), title=f"Kelas Uji {tag}"
    )
    page.goto(f"/pelatihan?platform=uji-{tag}")
    expect(page.locator(".training-card")).to_have_count(1)

    sign_in_as_admin(page, make_admin(AdminRole.OPERATOR))
    page.get_by_role("navigation", name="Menu admin").get_by_role("link", name="Katalog").click()
    expect(page.get_by_role("heading", name="Katalog", exact=True)).to_be_visible()
    page.get_by_role("button", name=f"Keluarkan Platform Uji {tag}").click()
    page.get_by_role("button", name="Lihat dampaknya").click()
    expect(page.locator("#reason-error")).to_have_text("Tulis alasan minimal 10 karakter.")

    page.get_by_label("Alasan").fill("Mundur sebagai platform digital Kartu Prakerja.")
    page.get_by_role("button", name="Lihat dampaknya").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("1 pelatihan tidak dijual lagi.")
    expect(dialog).to_contain_text(f"Kelas Uji {tag}")
    expect(dialog).to_contain_text("0 voucher belum ditukarkan")
    dialog.get_by_role("button", name="Ya, keluarkan").click()
    expect(page.get_by_role("status")).to_contain_text(f"Platform Uji {tag} dikeluarkan")
    platform_row = page.get_by_role("row", name=re.compile(f"^Platform Uji {tag}"))
    expect(platform_row).to_contain_text("Keluar sejak")
    page.get_by_label("Cari judul atau kode").fill(tag)
    page.get_by_role("button", name="Cari", exact=True).click()
    training_row = page.get_by_role("row").filter(has_text=f"Kelas Uji {tag}")
    expect(training_row).to_contain_text("Tidak dijual: platform keluar")

    # A search no worker has answered before, so none holds an older answer (state.public).
    page.goto(f"/pelatihan?words=uji+{tag}")
    expect(page.get_by_role("status").filter(has_text="pelatihan ditemukan")).to_have_text(
        "0 pelatihan ditemukan"
    )
