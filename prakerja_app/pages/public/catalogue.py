"""The training catalogue (/pelatihan): search, filters, sorting and pages, on the server.

The filters live in the URL (?words=...&platform=...&page=2), so a search can be shared,
bookmarked and reloaded; the server reads them as untrusted text. The results are public:
each backend worker keeps them a few seconds for every visitor (`state.public`).
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import native_select, text_field
from prakerja_app.components.layout import page_frame
from prakerja_app.components.training_card import training_card
from prakerja_app.services.views import catalogue
from prakerja_app.services.views.catalogue import (
    CataloguePage,
    CatalogueQuery,
    TrainingCard,
    price_errors,
)
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import query as query_view
from prakerja_app.state.public import public

PARAMS = ("words", "platform", "category", "format", "min_price", "max_price", "sort")


def _url(params: dict[str, str], page: int) -> str:
    params = {**params, **({"page": str(page)} if page > 1 else {})}
    return routes.CATALOGUE + (f"?{urlencode(params)}" if params else "")


@dataclass(frozen=True)
class Results:
    """What the page shows for one search, the same for every visitor (`state.public`)."""

    found: CataloguePage
    filters: dict[str, str]  # the search without its page, for the form and the links
    prev_url: str
    next_url: str
    platforms: list[tuple[str, str]]


def _results(db, query: CatalogueQuery) -> Results:
    found = catalogue.search(db, query)
    filters = replace(query, page=1).to_params()
    return Results(
        found=found,
        filters=filters,
        prev_url=_url(filters, found.page - 1) if found.page > 1 else "",
        next_url=_url(filters, found.page + 1) if found.page < found.pages else "",
        platforms=catalogue.platform_choices(db),
    )


class CatalogueState(rx.State):
    """One page of search results and the filters that produced it."""

    items: list[TrainingCard] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    filters: dict[str, str] = {}
    platform_options: list[tuple[str, str]] = []
    prev_url: str = ""
    next_url: str = ""
    errors: dict[str, str] = {}  # a price limit that is not a price

    @rx.event
    async def load(self):
        """Search with the URL's filters."""
        query = CatalogueQuery.from_params(dict(self.router.url.query_parameters))
        results: Results = await public(query_view, _results, query)
        self.items, self.total = results.found.items, results.found.total
        self.page, self.pages = results.found.page, results.found.pages
        self.filters, self.platform_options = results.filters, results.platforms
        self.prev_url, self.next_url = results.prev_url, results.next_url

    @rx.event
    def apply(self, form: dict):
        """Search again with the submitted filters, cleaned, from page 1; a price that is
        not one is refused next to its field instead of dropped."""
        if not isinstance(form, dict):
            return None
        params = {k: form[k] for k in PARAMS if isinstance(form.get(k), str)}
        self.errors = price_errors(params)
        if self.errors:
            return None
        return rx.redirect(_url(CatalogueQuery.from_params(params).to_params(), 1))


def _filters() -> rx.Component:
    filters, no_errors = CatalogueState.filters, rx.Var.create({})
    return rx.form(
        rx.vstack(
            text_field(
                "Cari pelatihan",
                "words",
                no_errors,
                kind="search",
                default_value=filters.get("words", ""),
                placeholder="Misalnya: bahasa Inggris, pemasaran digital",
                key=filters.get("words", ""),
            ),
            rx.el.details(
                rx.el.summary("Filter dan urutan", cursor="pointer", font_weight="500"),
                rx.grid(
                    *[
                        native_select(
                            label,
                            name,
                            options,
                            no_errors,
                            placeholder=placeholder,
                            default_value=filters.get(name, ""),
                            key=filters.get(name, ""),
                        )
                        for label, name, options, placeholder in (
                            (
                                "Platform",
                                "platform",
                                CatalogueState.platform_options,
                                "Semua platform",
                            ),
                            ("Kategori", "category", catalogue.CATEGORY_CHOICES, "Semua kategori"),
                            ("Format", "format", catalogue.FORMAT_CHOICES, "Semua format"),
                            (
                                "Urutkan",
                                "sort",
                                catalogue.SORT_CHOICES,
                                catalogue.DEFAULT_SORT_LABEL,
                            ),
                        )
                    ],
                    *[
                        text_field(
                            label,
                            name,
                            CatalogueState.errors,
                            input_mode="numeric",
                            default_value=filters.get(name, ""),
                            key=filters.get(name, ""),
                        )
                        for label, name in (
                            ("Harga minimum (Rp)", "min_price"),
                            ("Harga maksimum (Rp)", "max_price"),
                        )
                    ],
                    columns=rx.breakpoints(initial="1", sm="2", md="3"),
                    spacing="3",
                    width="100%",
                ),
            ),
            rx.hstack(
                rx.button("Cari", type="submit", size="3"),
                rx.link(
                    rx.button("Hapus filter", variant="ghost", size="3"), href=routes.CATALOGUE
                ),
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=CatalogueState.apply,
        role="search",
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.cond(
            CatalogueState.prev_url != "",
            rx.link(
                rx.button("Sebelumnya", variant="outline", size="3"), href=CatalogueState.prev_url
            ),
        ),
        rx.text("Halaman ", CatalogueState.page, " dari ", CatalogueState.pages, size="2"),
        rx.cond(
            CatalogueState.next_url != "",
            rx.link(
                rx.button("Berikutnya", variant="outline", size="3"), href=CatalogueState.next_url
            ),
        ),
        justify="center",
        align="center",
        spacing="4",
        width="100%",
        as_="nav",
        aria_label="Halaman hasil",
    )


@rx.page(
    route=routes.CATALOGUE,
    title="Katalog pelatihan - Kartu Prakerja",
    on_load=[AuthState.refresh, CatalogueState.load],
)
def catalogue_page() -> rx.Component:
    """The catalogue of every training on the seven platforms."""
    return page_frame(
        rx.vstack(
            rx.heading("Katalog pelatihan", size="7", as_="h1"),
            rx.card(_filters(), width="100%"),
            rx.text(CatalogueState.total, " pelatihan ditemukan", role="status", weight="medium"),
            rx.grid(
                rx.foreach(CatalogueState.items, training_card),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="4",
                width="100%",
            ),
            _pager(),
            spacing="4",
            width="100%",
        )
    )
