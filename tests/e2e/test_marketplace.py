"""The marketplace as anyone sees it: the platforms, and searching the catalogue."""

import re

from playwright.sync_api import Page, expect

from tests.factories import ACTIVE_PLATFORMS


def test_the_platform_page_lists_the_seven_platforms_and_ruangguru_notice(page: Page):
    page.goto("/platform")
    shelves = page.locator(".platform-shelf")
    expect(shelves).to_have_count(7)
    for name in ACTIVE_PLATFORMS:
        expect(shelves.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Ruangguru")).to_contain_text(
        "tidak lagi menjadi platform digital Kartu Prakerja sejak 4 September 2020"
    )


def test_searching_filtering_and_paging_the_catalogue(page: Page):
    page.goto("/pelatihan")
    expect(page.get_by_role("status").filter(has_text="pelatihan ditemukan")).to_have_text(
        "72 pelatihan ditemukan"
    )
    expect(page.locator(".training-card")).to_have_count(12)
    page.get_by_role("link", name="Berikutnya").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.get_by_text("Halaman 2 dari 6")).to_be_visible()

    page.get_by_label("Cari pelatihan").fill("bahasa inggris")
    page.get_by_text("Filter dan urutan").click()
    page.get_by_label("Urutkan").select_option(label="Harga terendah")
    page.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(re.compile(r"words=bahasa"))
    expect(page.get_by_text(re.compile(r"^Halaman 1 dari"))).to_be_visible()  # new results
    cards = page.locator(".training-card")
    expect(cards.first).to_contain_text(re.compile("Inggris", re.IGNORECASE))
    prices = [
        int(re.sub(r"\D", "", text))
        for text in cards.get_by_text(re.compile(r"^Rp ")).all_inner_texts()
    ]
    assert prices == sorted(prices) and prices

    page.get_by_label("Harga minimum (Rp)").fill("Rp 500.000")
    page.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(re.compile(r"min_price=500000"))
    under_500_000 = re.compile(r"^Rp ([1-9]\d?|[1-4]\d\d)\.\d{3}$")
    expect(cards.get_by_text(under_500_000)).to_have_count(0)  # waits for the new results
    expect(cards.first).to_be_visible()
    prices = [
        int(re.sub(r"\D", "", text))
        for text in cards.get_by_text(re.compile(r"^Rp ")).all_inner_texts()
    ]
    assert prices and min(prices) >= 500_000
