"""The applicants' pages in the browser: a verifier finds a participant by NIK, opens
their page (masked), is told that revealing the whole NIK needs a reason, then gives one
and sees it; an auditor then finds the disclosure, with its reason, in the audit log."""

import pytest
from playwright.sync_api import Page, expect

from prakerja_app.services.core import clock
from prakerja_app.services.core.masking import mask_nik
from prakerja_app.services.core.vocab import AdminRole
from tests import factories
from tests.e2e.browser import log_out, sign_in_as_admin

REASON = "Memeriksa pengaduan nomor 17 tentang NIK"


@pytest.mark.parametrize("screen", ["desktop", "tablet"])
def test_a_verifier_finds_an_applicant_and_reveals_the_nik_with_a_reason(
    page: Page, app_db, make_admin, screen
):
    participant = factories.buyer(app_db, clock.current(app_db), balance=0)
    nik = factories.profile_of(app_db, participant.user_id).nik
    verifier = make_admin(AdminRole.VERIFIER)
    sign_in_as_admin(page, verifier)
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

    log_out(page, screen)

    # The auditor finds the disclosure in the audit log: who, whose record, and why.
    sign_in_as_admin(page, make_admin(AdminRole.AUDITOR))
    page.get_by_role("navigation", name="Menu admin").get_by_role("link", name="Log audit").click()
    page.get_by_label("Email pelaku").fill(verifier.email)
    page.get_by_label("Entitas").fill("user")
    page.get_by_label("Tindakan (awalan)").fill("applicant.")
    page.get_by_role("button", name="Terapkan filter").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name="applicant.reveal_nik"))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell", name=str(participant.user_id), exact=True)).to_be_visible()
    expect(row).to_contain_text(REASON)
    expect(row).not_to_contain_text(nik)
