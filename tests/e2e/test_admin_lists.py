"""The lists page in the browser: a verifier uploads an exclusion list with an invalid
line, follows its dry run, finds the line by its number, applies the list and sees the
counts."""

from playwright.sync_api import Page, expect
from sqlmodel import select

from prakerja_app.models import ExclusionEntry
from prakerja_app.services.core.vocab import AdminRole
from tests.e2e.browser import sign_in_as_admin

NIKS = {"desktop": "3578015503901003", "phone": "3578015503902003"}


def test_a_verifier_uploads_an_exclusion_list_and_applies_it(
    page: Page, app_db, make_admin, screen
):
    nik = NIKS[screen]
    data = f"nik,reason\n{nik},polri\n12345,asn\n".encode()
    sign_in_as_admin(page, make_admin(AdminRole.VERIFIER))
    if screen == "phone":
        page.goto("/admin/daftar")
    else:
        menu = page.get_by_role("navigation", name="Menu admin")
        menu.get_by_role("link", name="Daftar pengecualian & prioritas").click()
    expect(page.get_by_role("heading", name="Daftar pengecualian & prioritas")).to_be_visible()
    expect(page.get_by_text("Kolom: nik,reason.", exact=False)).to_be_visible()

    page.locator("input[type=file]").set_input_files(
        files=[{"name": "daftar.csv", "mimeType": "text/csv", "buffer": data}]
    )
    expect(page.get_by_text("Siap diterapkan")).to_be_visible()
    expect(page.get_by_role("button", name="Ditambahkan: 1")).to_be_visible()
    page.get_by_role("button", name="Tidak valid: 1").click()
    invalid = page.get_by_role("row").filter(has_text="NIK tidak valid")
    expect(invalid.get_by_role("rowheader")).to_have_text("3")

    page.get_by_role("button", name="Terapkan").click()
    page.get_by_role("button", name="Ya, terapkan").click()
    expect(page.get_by_text("Sudah diterapkan")).to_be_visible()
    expect(page.get_by_role("button", name="Ditambahkan: 1")).to_be_visible()
    expect(page.get_by_role("button", name="Pilih berkas CSV")).to_be_visible()
    app_db.commit()
    assert app_db.exec(select(ExclusionEntry.reason).where(ExclusionEntry.nik == nik)).all() == [
        "polri"
    ]
