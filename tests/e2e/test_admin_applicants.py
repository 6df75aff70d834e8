"""The applicants' pages in the browser: a verifier finds a participant by NIK, opens
their page (masked), is told that revealing the whole NIK needs a reason, then gives one
and sees it; the disclosure is in the audit log."""

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from prakerja_app.models import AuditLog
from prakerja_app.services.core import clock
from prakerja_app.services.core.masking import mask_nik
from prakerja_app.services.core.vocab import AdminRole
from tests import factories
from tests.e2e.browser import sign_in_as_admin

REASON = "Memeriksa pengaduan nomor 17 tentang NIK"


@pytest.mark.parametrize("screen", ["desktop"])
def test_a_verifier_finds_an_applicant_and_reveals_the_nik_with_a_reason(
    page: Page, app_db, make_admin, screen
):
    participant = factories.buyer(app_db, clock.current(app_db), balance=0)
    nik = factories.profile_of(app_db, participant.user_id).nik
    sign_in_as_admin(page, make_admin(AdminRole.VERIFIER))
    page.goto("/admin/pendaftar")
    expect(page.get_by_role("heading", name="Pendaftar")).to_be_visible()

    page.get_by_label("Cari berdasarkan").select_option("NIK")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#query-error")).to_have_text("Isi kata pencarian.")
    page.get_by_label("Kata pencarian").fill(f"{nik[:6]} {nik[6:12]} {nik[12:]}")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_role("heading", name="Hasil pencarian")).to_be_visible()
    results = page.get_by_role("table")
    expect(results).to_contain_text(mask_nik(nik))
    expect(results).not_to_contain_text(nik)

    results.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Data diri")).to_be_visible()
    expect(page.get_by_text(mask_nik(nik))).to_be_visible()
    page.get_by_role("button", name="Tampilkan NIK lengkap").click()
    page.get_by_role("button", name="Tampilkan NIK", exact=True).click()
    expect(page.locator("#reason-error")).to_have_text(
        "Tulis alasan yang jelas, minimal 10 karakter."
    )
    expect(page.get_by_label("NIK lengkap")).to_have_count(0)
    page.get_by_label("Alasan").fill(REASON)
    page.get_by_role("button", name="Tampilkan NIK", exact=True).click()
    expect(page.get_by_label("NIK lengkap")).to_have_text(nik)
    expect(page.get_by_role("status")).to_contain_text("dicatat di log audit")

    app_db.commit()  # a fresh read: the app wrote the audit row
    entry = app_db.exec(
        select(AuditLog).where(
            AuditLog.action == "applicant.reveal_nik",
            AuditLog.entity_id == str(participant.user_id),
        )
    ).one()
    assert REASON in (entry.after_json or "")
