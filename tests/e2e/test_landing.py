"""The landing page, as an applicant on a phone or a desktop sees it."""

import re

from playwright.sync_api import Page, expect

from tests.factories import ACTIVE_PLATFORMS


def test_shows_the_open_wave_and_how_to_join(page: Page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Gelombang 7 sedang dibuka")).to_be_visible()
    expect(page.get_by_text("Kuota 800.000 peserta")).to_be_visible()
    expect(page.get_by_text("Ditutup Minggu, 6 September 2020 23.59 WIB")).to_be_visible()
    expect(page.get_by_role("link", name="Daftar sekarang")).to_have_attribute("href", "/daftar")
    expect(page.get_by_role("heading", name="Manfaat senilai Rp 3.550.000")).to_be_visible()
    for amount in ("Rp 1.000.000", "Rp 600.000 x 4", "Rp 50.000 x 3"):
        expect(page.get_by_text(amount, exact=True)).to_be_visible()


def test_lists_the_seven_platforms_and_the_ruangguru_notice(page: Page):
    page.goto("/")
    cards = page.locator(".platform-card")
    expect(cards).to_have_count(7)
    for name in ACTIVE_PLATFORMS:
        expect(cards.filter(has_text=name)).to_have_count(1)
    expect(cards.filter(has_text="Ruangguru")).to_have_count(0)
    notice = page.get_by_role("status").filter(has_text="Ruangguru")
    expect(notice).to_contain_text(
        "tidak lagi menjadi platform digital Kartu Prakerja sejak 4 September 2020"
    )


def test_navigation_fits_the_screen(page: Page, screen: str):
    page.goto("/")
    # The platform list arrives after the page loads and pushes the later sections
    # down; jump only once it is there, as a reader would.
    expect(page.locator(".platform-card")).to_have_count(7)
    menu = page.get_by_role("button", name="Menu")
    nav_link = page.get_by_role("link", name="Cara Daftar")
    if screen == "phone":
        expect(nav_link).to_be_hidden()
        menu.click()
        page.get_by_role("menuitem", name="Cara Daftar").click()
    else:
        expect(menu).to_be_hidden()
        nav_link.click()
    expect(page).to_have_url(re.compile("#langkah$"))
    expect(page.get_by_role("heading", name="Cara mendaftar")).to_be_in_viewport()
    no_sideways_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_sideways_scroll


def test_the_page_is_declared_indonesian_for_screen_readers(page: Page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
