from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from prakerja_app.models import Training
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.labels import CATEGORY_LABELS
from prakerja_app.services.core.vocab import PlatformStatus
from prakerja_app.services.demo import seed
from prakerja_app.services.marketplace.errors import MarketplaceError
from prakerja_app.services.views import catalogue
from prakerja_app.services.views.catalogue import CatalogueQuery, search
from prakerja_app.services.views.messages import MESSAGES
from tests import factories
from tests.factories import ACTIVE_PLATFORMS


@dataclass
class Market:
    """A small marketplace: two active platforms, Ruangguru withdrawn, four providers."""

    toko: object
    kelas: object
    ruangguru: object
    rendang: object
    english: object
    kue: object
    hidden: object
    gone: object


@pytest.fixture
def market(db) -> Market:
    toko = factories.platform(db, slug="tokoku", name="Tokoku")
    kelas = factories.platform(db, slug="kelasku", name="Kelasku")
    ruangguru = factories.platform(
        db,
        slug="ruangguru",
        name="Ruangguru",
        status=PlatformStatus.WITHDRAWN,
        withdrawn_at=wib_to_utc(2020, 9, 4),
        withdrawal_reason="Mundur sebagai platform digital.",
    )
    dapur = factories.provider(db, name="Dapur Nusantara Academy", city="Yogyakarta")
    corner = factories.provider(db, name="English Corner Parahyangan", city="Bandung")
    rg = factories.provider(db, name="Ruangguru", city="Jakarta")
    return Market(
        toko=toko,
        kelas=kelas,
        ruangguru=ruangguru,
        rendang=factories.listed_training(
            db,
            toko,
            dapur,
            code="K-RENDANG",
            title="Rendang untuk Usaha Katering",
            description="Resep rendang, hitungan modal, dan pengemasan.",
            category="kuliner",
            format="video",
            price=99_000,
            duration_minutes=90,
            published_on=date(2020, 8, 10),
        ),
        english=factories.listed_training(
            db,
            kelas,
            corner,
            code="B-INGGRIS",
            title="Percakapan Bahasa Inggris di Tempat Kerja",
            description="Wawancara kerja dan rapat dalam bahasa Inggris.",
            category="bahasa-asing",
            format="webinar",
            price=350_000,
            duration_minutes=900,
            published_on=date(2020, 8, 27),
        ),
        kue=factories.listed_training(
            db,
            kelas,
            dapur,
            code="K-KUE",
            title="Kue Kering untuk Dijual",
            description="Nastar dan kastengel; istilah resep dalam bahasa Inggris.",
            category="kuliner",
            format="webinar",
            price=175_000,
            duration_minutes=45,
            published_on=date(2020, 8, 27),
        ),
        hidden=factories.listed_training(
            db, toko, dapur, code="K-LAMA", title="Rendang Lama", active=False
        ),
        gone=factories.listed_training(
            db, ruangguru, rg, code="RG-1", title="Rendang di Ruangguru", price=50_000
        ),
    )


def _codes(page) -> list[str]:
    return [card.code for card in page.items]


def _find(db, **params) -> list[str]:
    return _codes(search(db, CatalogueQuery.from_params(params)))


# --- what is on sale ---------------------------------------------------------------------


def test_only_active_trainings_on_active_platforms_are_offered(db, market):
    page = search(db, CatalogueQuery())
    assert sorted(_codes(page)) == ["B-INGGRIS", "K-KUE", "K-RENDANG"]
    assert (page.total, page.page, page.pages) == (3, 1, 1)
    assert _find(db, words="rendang") == ["K-RENDANG"]  # not the inactive one, not Ruangguru's
    assert _find(db, platform="ruangguru") == []


def test_a_card_shows_what_a_buyer_compares(db, market):
    [card] = search(db, CatalogueQuery(words="rendang")).items
    assert card == catalogue.TrainingCard(
        code="K-RENDANG",
        title="Rendang untuk Usaha Katering",
        provider="Dapur Nusantara Academy",
        platform="Tokoku",
        platform_slug="tokoku",
        category_label="Kuliner",
        format_label="Video mandiri",
        price=99_000,
        price_label="Rp 99.000",
        duration_label="1 jam 30 menit",
        rating_label="Belum ada ulasan",
        reviews=0,
    )


# --- words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("RENDANG", ["K-RENDANG"]),  # case does not matter
        ("  rendang   katering ", ["K-RENDANG"]),  # every word, in any spacing
        ("katering rendang", ["K-RENDANG"]),  # in any order
        ("rendang inggris", []),  # every word must match the same training
        ("modal", ["K-RENDANG"]),  # the description counts
        ("parahyangan", ["B-INGGRIS"]),  # the provider's name counts
        ("bahasa inggris", ["B-INGGRIS", "K-KUE"]),  # title of one, description of the other
        ("dapur", ["K-KUE", "K-RENDANG"]),
        ("sushi", []),
        ("%", []),  # LIKE wildcards are plain characters
        ("_", []),
        ("ren%ng", []),
    ],
)
def test_words_are_matched_in_title_description_and_provider(db, market, words, found):
    assert sorted(_find(db, words=words)) == found


def test_a_word_search_is_counted_and_paged_like_any_other(db, now):
    shop, school = factories.platform(db), factories.provider(db, name="Sekolah Kopi")
    other = factories.provider(db)
    for n in range(14):
        factories.listed_training(db, shop, other, title=f"Kopi Susu {n}", price=30_000 + n)
    for n in range(3):
        factories.listed_training(
            db, shop, other, title=f"Minuman {n}", description="Meracik KOPI.", price=20_000 + n
        )
    for n in range(2):  # only the provider's name has the word
        factories.listed_training(db, shop, school, title=f"Teh Tarik {n}", price=10_000 + n)
    factories.listed_training(db, shop, other, title="Teh Manis")
    query = CatalogueQuery(words="kopi", sort="price_asc")
    first, second = (search(db, replace(query, page=n)) for n in (1, 2))
    assert (first.total, first.pages, len(first.items), len(second.items)) == (19, 2, 12, 7)
    titles = [card.title for card in first.items + second.items]
    assert titles == [
        "Teh Tarik 0",
        "Teh Tarik 1",
        *(f"Minuman {n}" for n in range(3)),
        *(f"Kopi Susu {n}" for n in range(14)),
    ]


def test_q_is_accepted_for_the_words(db, market):
    assert _find(db, q="rendang") == ["K-RENDANG"]


# --- filters -----------------------------------------------------------------------------


def test_filters_narrow_the_offer(db, market):
    assert sorted(_find(db, platform="kelasku")) == ["B-INGGRIS", "K-KUE"]
    assert sorted(_find(db, category="kuliner")) == ["K-KUE", "K-RENDANG"]
    assert sorted(_find(db, format="webinar")) == ["B-INGGRIS", "K-KUE"]
    assert _find(db, platform="kelasku", category="kuliner", format="webinar") == ["K-KUE"]
    assert _find(db, platform="tokoku", format="webinar") == []


def test_price_limits_include_their_ends(db, market):
    assert sorted(_find(db, min_price="99000", max_price="175000")) == ["K-KUE", "K-RENDANG"]
    assert _find(db, min_price="Rp 175.001") == ["B-INGGRIS"]
    assert _find(db, max_price="Rp98.999") == []
    assert _find(db, min_price="350000", max_price="350000") == ["B-INGGRIS"]


def test_swapped_price_limits_are_put_in_order(db, market):
    query = CatalogueQuery.from_params({"min_price": "200.000", "max_price": "100000"})
    assert (query.min_price, query.max_price) == (100_000, 200_000)
    assert _codes(search(db, query)) == ["K-KUE"]


# --- sorting -----------------------------------------------------------------------------


def test_newest_first_then_by_code(db, market):
    assert _find(db) == ["B-INGGRIS", "K-KUE", "K-RENDANG"]  # two published on 27 Aug


def test_sorted_by_price(db, market):
    assert _find(db, sort="price_asc") == ["K-RENDANG", "K-KUE", "B-INGGRIS"]
    assert _find(db, sort="price_desc") == ["B-INGGRIS", "K-KUE", "K-RENDANG"]


def test_sorted_by_rating_with_unreviewed_trainings_last(db, market, now):
    factories.review(db, market.rendang, now, stars=4)
    factories.review(db, market.rendang, now, stars=5)
    factories.review(db, market.kue, now, stars=5)
    assert _find(db, sort="rating") == ["K-KUE", "K-RENDANG", "B-INGGRIS"]
    cards = {c.code: c for c in search(db, CatalogueQuery(sort="rating")).items}
    assert (cards["K-RENDANG"].rating_label, cards["K-RENDANG"].reviews) == ("4,5", 2)
    assert (cards["K-KUE"].rating_label, cards["K-KUE"].reviews) == ("5,0", 1)
    assert cards["B-INGGRIS"].rating_label == "Belum ada ulasan"


# --- paging ------------------------------------------------------------------------------


def test_results_come_in_pages_of_twelve(db, now):
    shop, maker = factories.platform(db), factories.provider(db)
    for n in range(30):
        factories.listed_training(db, shop, maker, code=f"P-{n:02d}", price=24_000 + n * 1_000)
    pages = [search(db, CatalogueQuery(sort="price_asc", page=n)) for n in (1, 2, 3)]
    assert [len(p.items) for p in pages] == [12, 12, 6]
    assert {(p.total, p.pages) for p in pages} == {(30, 3)}
    assert [p.page for p in pages] == [1, 2, 3]
    everything = [code for p in pages for code in _codes(p)]
    assert everything == [f"P-{n:02d}" for n in range(30)]  # no gaps, no repeats
    last = search(db, CatalogueQuery(sort="price_asc", page=99))
    assert (last.page, _codes(last)) == (3, _codes(pages[2]))  # past the end: the last page


def test_no_results_is_one_empty_page(db, market):
    page = search(db, CatalogueQuery(words="tidak-ada", page=5))
    assert (page.items, page.total, page.page, page.pages) == ([], 0, 1, 1)


# --- untrusted parameters ----------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "DROP TABLE training", "page": "-3", "category": "judi", "format": "pdf"},
        {"page": "abc", "min_price": "murah", "max_price": "-5", "platform": "../../etc"},
        {"page": "9" * 400, "min_price": "1" * 5000, "platform": "Tokoku Baru!"},
        {
            "page": "\u0661\u0662",  # Arabic-Indic digits are not numbers here
            "min_price": "\u0665\u0660\u0660\u0660",
            "sort": ["rating", "price_asc"],
        },
        {"page": None, "words": None, "sort": 3, "category": ["kuliner"], "format": []},
        {"page": "1.5", "min_price": "1,5", "max_price": "1e6"},
    ],
)
def test_junk_parameters_are_ignored_never_raised(db, market, params):
    query = CatalogueQuery.from_params(params)
    assert query.page >= 1
    assert query.sort in catalogue.SORTS
    assert query.category in ("", *CATEGORY_LABELS)
    assert query.format in ("", "video", "webinar")
    search(db, query)  # runs


def test_junk_is_dropped_and_good_values_kept(db, market):
    query = CatalogueQuery.from_params(
        {
            "words": "  Rendang ",
            "platform": "TOKOKU",
            "category": "judi",
            "format": "pdf",
            "min_price": "-5",
            "max_price": "Rp 5.000.000",
            "sort": "harga",
            "page": "0",
            "extra": "ignored",
        }
    )
    assert query == CatalogueQuery(
        words="Rendang", platform="tokoku", max_price=1_000_000, sort="newest", page=1
    )
    assert _codes(search(db, query)) == ["K-RENDANG"]
    assert query.to_params() == {"words": "Rendang", "platform": "tokoku", "max_price": "1000000"}


def test_overlong_words_are_cut_not_refused(db, market):
    repeated = CatalogueQuery.from_params({"words": " ".join(["Rendang", "rendang"] * 50)})
    assert repeated.words == "Rendang"  # duplicates go, whatever their case
    assert _codes(search(db, repeated)) == ["K-RENDANG"]
    long_word = CatalogueQuery.from_params({"words": "x" * 500 + " rendang"})
    assert long_word.words == "x" * catalogue.MAX_WORD_LENGTH  # only the first 200 characters
    many = CatalogueQuery.from_params({"words": " ".join(f"w{n}" for n in range(30))})
    assert len(many.words.split()) == catalogue.MAX_WORDS


def test_a_query_built_by_hand_is_clamped_too(db, market):
    page = search(db, CatalogueQuery(page=-4, sort="nope", category="judi", min_price=-1))
    assert (page.page, page.total) == (1, 3)


def test_not_a_mapping_is_the_default_query():
    assert CatalogueQuery.from_params("page=2") == CatalogueQuery()  # type: ignore[arg-type]


# --- the training page ---------------------------------------------------------------------


def test_training_detail_with_masked_reviewers(db, market, now):
    factories.review(
        db, market.rendang, now - timedelta(days=2), stars=4, text="Jelas.", reviewer="Budi Santoso"
    )
    factories.review(db, market.rendang, now, stars=5, text="Langsung praktik.", reviewer="siti")
    detail = catalogue.training_detail(db, " K-RENDANG ")
    assert (detail.title, detail.provider, detail.provider_city) == (
        "Rendang untuk Usaha Katering",
        "Dapur Nusantara Academy",
        "Yogyakarta",
    )
    assert (detail.platform, detail.price_label) == ("Tokoku", "Rp 99.000")
    assert detail.description == "Resep rendang, hitungan modal, dan pengemasan."
    assert (detail.buyable, detail.not_buyable_reason) == (True, None)
    assert (detail.average_rating, detail.rating_label, detail.reviews) == (4.5, "4,5", 2)
    assert [(r.stars, r.text, r.reviewer) for r in detail.latest_reviews] == [
        (5, "Langsung praktik.", "Si***"),
        (4, "Jelas.", "Bu*** S."),
    ]
    newest = detail.latest_reviews[0]
    assert (newest.stars_label, newest.stars_text) == ("★★★★★", "5 dari 5 bintang")
    assert newest.date_label == "4 September 2020"
    assert detail.latest_reviews[1].stars_label == "★★★★☆"
    assert "Budi Santoso" not in repr(detail)
    assert "@" not in repr(detail)  # no email address either


def test_only_the_latest_reviews_are_shown(db, market, now):
    for n in range(7):
        factories.review(db, market.kue, now + timedelta(minutes=n), text=f"Ulasan {n}")
    detail = catalogue.training_detail(db, "K-KUE")
    assert detail.reviews == 7
    assert [r.text for r in detail.latest_reviews] == [f"Ulasan {n}" for n in (6, 5, 4, 3, 2)]


def test_a_training_on_a_withdrawn_platform_is_shown_but_not_buyable(db, market):
    detail = catalogue.training_detail(db, "RG-1")
    assert detail.buyable is False
    assert detail.not_buyable_reason.startswith(
        "Ruangguru tidak lagi menjadi platform digital Kartu Prakerja sejak 4 September 2020."
    )


def test_an_inactive_training_is_shown_but_not_buyable(db, market):
    detail = catalogue.training_detail(db, "K-LAMA")
    assert (detail.buyable, detail.not_buyable_reason) == (
        False,
        MESSAGES[MarketplaceError.TRAINING_INACTIVE],
    )


@pytest.mark.parametrize("code", ["TIDAK-ADA", "", "   ", "k-rendang", "K-RENDANG" * 10, None, 7])
def test_unknown_codes_have_no_detail(db, market, code):
    assert catalogue.training_detail(db, code) is None


# --- shelves and the filter form -----------------------------------------------------------


def test_each_active_platform_has_a_shelf_of_its_newest_trainings(db, market):
    shelves = catalogue.platform_shelves(db, per_platform=1)
    assert [(s.name, s.trainings) for s in shelves] == [("Kelasku", 2), ("Tokoku", 1)]
    assert [[c.code for c in s.newest] for s in shelves] == [["B-INGGRIS"], ["K-RENDANG"]]
    assert [len(s.newest) for s in catalogue.platform_shelves(db)] == [2, 1]


def test_withdrawn_platforms_carry_their_notice(db, market):
    [gone] = catalogue.withdrawn_platforms(db)
    assert (gone.slug, gone.name) == ("ruangguru", "Ruangguru")
    assert gone.notice == (
        "Ruangguru tidak lagi menjadi platform digital Kartu Prakerja sejak 4 September 2020."
    )
    assert gone.reason == "Mundur sebagai platform digital."


def test_the_search_form_offers_only_active_platforms(db, market):
    assert catalogue.platform_choices(db) == [("kelasku", "Kelasku"), ("tokoku", "Tokoku")]
    assert ("kuliner", "Kuliner") in catalogue.CATEGORY_CHOICES
    assert catalogue.FORMAT_CHOICES == [("video", "Video mandiri"), ("webinar", "Webinar")]
    assert ("rating", "Rating tertinggi") in catalogue.SORT_CHOICES


# --- the demo catalogue --------------------------------------------------------------------


def test_the_demo_catalogue_is_searchable(db, now):
    seed.seed_demo(db, now)
    on_sale = db.exec(select(func.count()).select_from(Training)).one()
    first = search(db, CatalogueQuery())
    assert first.total == on_sale
    assert len(first.items) == catalogue.PAGE_SIZE
    shelves = catalogue.platform_shelves(db)
    assert [s.name for s in shelves] == list(ACTIVE_PLATFORMS)
    assert all(len(s.newest) == 4 for s in shelves)
    assert sum(s.trainings for s in shelves) == on_sale
    cheapest = search(db, CatalogueQuery(sort="price_asc")).items[0]
    assert cheapest.price_label == "Rp 24.000"
    assert [w.name for w in catalogue.withdrawn_platforms(db)] == ["Ruangguru"]
    english = search(db, CatalogueQuery.from_params({"q": "bahasa inggris", "format": "webinar"}))
    assert english.total >= 1


def test_the_sort_list_names_each_order_once():
    labels = [catalogue.DEFAULT_SORT_LABEL] + [label for _, label in catalogue.SORT_CHOICES]
    assert labels == ["Terbaru", "Harga terendah", "Harga tertinggi", "Rating tertinggi"]


@pytest.mark.parametrize(
    ("typed", "refused"),
    [("seratus ribu", True), ("150.000", False), ("Rp 150.000", False), ("", False)],
)
def test_a_price_in_words_is_refused_not_dropped(typed, refused):
    errors = catalogue.price_errors({"min_price": typed, "max_price": ""})
    assert errors == ({"min_price": catalogue.PRICE_UNREADABLE} if refused else {})
