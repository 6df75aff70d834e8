"""Small dead ends of the catalogue (issue 12): the sort list names each order once, a
price typed in words is refused next to its field, a card's rating stays on one line
beside the price, and a platform card on the landing page leads to its trainings."""

import re

from playwright.sync_api import Page, expect


def test_the_sort_list_names_each_order_once(page: Page):
    page.goto("/pelatihan")
    expect(page.locator(".training-card").first).to_be_visible()  # the form, filled in
    page.locator("summary", has_text="Filter dan urutan").click()
    sort = page.get_by_label("Urutkan")
    expect(sort.locator("option", has_text="Terbaru")).to_have_count(1)


def test_a_cards_rating_stays_on_one_line(page: Page):
    page.goto("/pelatihan")
    ratings = page.locator(".training-card .rating")
    expect(ratings.first).to_be_visible()
    line = ratings.first.locator("span, p").first.evaluate(
        "e => parseFloat(getComputedStyle(e).lineHeight)"
    )
    for index in range(ratings.count()):
        box = ratings.nth(index).bounding_box()
        assert box is not None and box["height"] < 1.5 * line, index


def test_a_platform_card_leads_to_its_trainings(page: Page):
    page.goto("/")
    card = page.locator(".platform-card").filter(has_text="Pintaria")
    card.click()
    expect(page).to_have_url(re.compile(r"/pelatihan/?\?platform=pintaria$"))
    expect(page.locator(".training-card").first).to_contain_text("Pintaria")


def test_a_price_in_words_is_refused_next_to_the_field(page: Page):
    page.goto("/pelatihan")
    expect(page.locator(".training-card").first).to_be_visible()  # the form, filled in
    page.locator("summary", has_text="Filter dan urutan").click()
    page.get_by_label("Harga minimum (Rp)").fill("seratus ribu")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.locator("#min_price-error")).to_have_text(
        "Tulis harga dengan angka, misalnya 150000 atau 150.000."
    )
    expect(page).to_have_url(re.compile(r"/pelatihan/?$"))  # no search without it
