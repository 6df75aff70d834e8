"""A mistyped address, and a training that does not exist: an Indonesian page inside the
site's frame, with the ways back (issue 12's dead ends)."""

import re

from playwright.sync_api import Page, expect


def test_a_mistyped_address_says_so_in_indonesian_and_leads_back(page: Page):
    page.goto("/pelatihn")  # a typo of /pelatihan
    expect(page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()
    expect(page.get_by_text("404: Page not found")).to_have_count(0)
    expect(page).to_have_title("Halaman tidak ditemukan - Kartu Prakerja")
    page.get_by_role("link", name="Cari pelatihan").click()
    expect(page).to_have_url(re.compile("/pelatihan/?$"))


def test_a_training_that_does_not_exist_offers_the_catalogue(page: Page):
    page.goto("/pelatihan/TIDAK-ADA-99")
    expect(page.get_by_role("status")).to_contain_text("Pelatihan tidak ditemukan")
    page.get_by_role("link", name="Kembali ke beranda").click()
    expect(page).to_have_url(re.compile(r"^[^?#]*://[^/]+/?$"))
