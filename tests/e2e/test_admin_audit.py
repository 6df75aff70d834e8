"""The audit log in the browser: an auditor filters the log, sees a refused date range
explained next to its field, and checks the hash chain."""

import pytest
from playwright.sync_api import Page, expect

from prakerja_app.services.core.vocab import AdminRole
from tests.e2e.browser import sign_in_as_admin


@pytest.mark.parametrize("screen", ["desktop"])
def test_an_auditor_filters_the_log_and_checks_the_chain(page: Page, make_admin, screen):
    auditor = make_admin(AdminRole.AUDITOR)
    sign_in_as_admin(page, auditor)
    page.get_by_role("navigation", name="Menu admin").get_by_role("link", name="Log audit").click()
    expect(page.get_by_role("heading", name="Log audit")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("cell", name="auth.login").first).to_be_visible()

    page.get_by_label("Dari tanggal (WIB)").fill("2020-09-05")
    page.get_by_label("Sampai tanggal (WIB)").fill("2020-09-04")
    page.get_by_role("button", name="Terapkan filter").click()
    refused = page.get_by_text("Tanggal akhir tidak boleh sebelum tanggal awal.")
    expect(refused).to_be_visible()
    page.get_by_label("Dari tanggal (WIB)").fill("")
    page.get_by_label("Sampai tanggal (WIB)").fill("")

    page.get_by_label("Email pelaku").fill(auditor.email)
    page.get_by_label("Entitas").fill("user")
    page.get_by_role("button", name="Terapkan filter").click()
    expect(refused).to_have_count(0)
    expect(table.get_by_role("cell", name="auth.login")).to_have_count(1)
    expect(table.get_by_role("cell", name="wave.open")).to_have_count(0)

    page.get_by_role("button", name="Periksa rantai").click()
    expect(page.get_by_role("status").filter(has_text="Rantai utuh:")).to_be_visible()
