"""Logging in and out, and the admin page's server-side role check, in the browser."""

import re

from playwright.sync_api import Page, expect

from prakerja_app.services.core.formatting import number
from prakerja_app.services.views import reports
from tests.e2e.browser import log_in, log_out, sign_in_as_admin


def test_admin_logs_in_sees_the_admin_home_and_logs_out(page: Page, admin, screen, app_db):
    trainings = reports.program_counts(app_db).trainings  # other tests add some
    sign_in_as_admin(page, admin)
    expect(page).to_have_url(re.compile("/admin/?$"))
    expect(page.get_by_role("heading", name="Beranda Admin")).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Pelatihan", exact=True)).to_be_visible()
    expect(page.get_by_text(number(trainings), exact=True)).to_be_visible()
    log_out(page, screen)
    page.goto("/admin")
    expect(page).to_have_url(re.compile("/masuk/?$"))
    expect(page.get_by_role("heading", name="Beranda Admin")).to_have_count(0)


def test_wrong_password_gets_one_clear_message(page: Page, admin):
    log_in(page, admin.email, "bukan-sandinya")
    expect(page.get_by_role("alert")).to_have_text("Email atau kata sandi salah.")
    expect(page).to_have_url(re.compile("/masuk/?$"))


def test_an_applicant_cannot_open_the_admin_page(page: Page, applicant):
    log_in(page, applicant.email, applicant.password)
    expect(page).to_have_url(re.compile("/daftar/?$"))
    page.goto("/admin")
    expect(page.get_by_role("alert")).to_have_text("Anda tidak berhak membuka halaman ini.")
    expect(page.get_by_role("heading", name="Beranda Admin")).to_have_count(0)
