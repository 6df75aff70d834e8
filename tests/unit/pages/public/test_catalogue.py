"""The catalogue page's handler: the URL's search, one page of cards and the links to the
others, from the answers each worker keeps for a few seconds (`state.public`)."""

import pytest

from prakerja_app.pages.public.catalogue import CatalogueState
from prakerja_app.state import public
from tests import factories
from tests.tabs import Clock

pytestmark = pytest.mark.anyio


async def _open(states, url: str) -> CatalogueState:
    """Load the catalogue at `url`, as the browser's on_load does."""
    catalogue = states(CatalogueState)
    path = url.partition("?")[0]
    catalogue.parent_state._update_router_vars(
        {"asPath": url, "pathname": path, "headers": {"origin": "http://localhost:3000"}}, {}
    )
    await CatalogueState.load.fn(catalogue)
    return catalogue


@pytest.fixture
def rendang(db):
    """Thirty cakes and a rendang on sale at Tokoku; the rendang."""
    shop, maker = factories.platform(db, slug="tokoku", name="Tokoku"), factories.provider(db)
    for n in range(30):
        factories.listed_training(db, shop, maker, title=f"Kue {n}", price=50_000 + n)
    return factories.listed_training(db, shop, maker, title="Rendang")


async def test_the_urls_search_is_shown_with_the_links_to_its_other_pages(states, rendang):
    catalogue = await _open(states, "/pelatihan?words=kue&sort=price_asc&page=2")
    assert (catalogue.total, catalogue.page, catalogue.pages) == (30, 2, 3)
    assert [card.title for card in catalogue.items][:2] == ["Kue 12", "Kue 13"]
    assert catalogue.filters == {"words": "kue", "sort": "price_asc"}
    assert catalogue.prev_url == "/pelatihan?words=kue&sort=price_asc"
    assert catalogue.next_url == "/pelatihan?words=kue&sort=price_asc&page=3"
    assert catalogue.platform_options == [("tokoku", "Tokoku")]


async def test_a_review_shows_on_its_card_within_the_freshness(
    states, db, now, rendang, monkeypatch
):
    clock = Clock()
    monkeypatch.setattr(public.PUBLIC, "clock", clock)

    async def card():
        [shown] = (await _open(states, "/pelatihan?words=rendang")).items
        return shown.rating_label, shown.reviews

    assert await card() == ("Belum ada ulasan", 0)
    factories.review(db, rendang, now, stars=4)
    clock.now = public.FRESH_FOR - 0.1
    assert await card() == ("Belum ada ulasan", 0)
    clock.now = public.FRESH_FOR
    assert await card() == ("4,0", 1)
