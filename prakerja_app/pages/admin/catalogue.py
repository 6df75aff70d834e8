"""The console's catalogue (/admin/katalog): delist a platform after seeing what it stops,
take trainings off sale or back, and change an unsold training's price. Operators act;
auditors read."""

from dataclasses import dataclass

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.components.forms import field_error, native_select, text_field
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import wib
from prakerja_app.services.marketplace import platform_listing, training_listing
from prakerja_app.services.views import catalogue_console
from prakerja_app.services.views.catalogue_console import (
    DelistingPreview,
    PlatformRow,
    TrainingRow,
    TrainingsPage,
)
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import call, form_text, small_number

NO_PREVIEW = DelistingPreview("", "", "", "", [], "")


@dataclass(frozen=True)
class Overview:
    """What the page reads at once: the platforms, a page of trainings, the time now."""

    platforms: list[PlatformRow]
    trainings: TrainingsPage
    now_local: str  # the program time in WIB, as a datetime-local input holds it


def _overview(db, *, now, words: str, platform_id: int, page: int) -> Overview:
    return Overview(
        platforms=catalogue_console.platform_rows(db, now=now),
        trainings=catalogue_console.trainings(
            db, now=now, words=words, platform_id=platform_id, page=page
        ),
        now_local=wib(now).strftime("%Y-%m-%dT%H:%M"),
    )


class CatalogueConsoleState(AdminPage, rx.State):
    """The platforms, one page of trainings, and the delisting being prepared."""

    platforms: list[PlatformRow] = []
    rows: list[TrainingRow] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    words: str = ""
    platform_filter: str = ""  # a platform's id, or "" for all
    searches: int = 0  # the search form is drawn again after each search
    delist_id: int = 0
    now_local: str = ""
    preview: DelistingPreview = NO_PREVIEW
    preview_open: bool = False
    _pending: dict[str, str] = {}  # the previewed reason and time, confirmed as shown
    price_id: int = 0  # the training whose price is being changed

    async def _reload(self) -> None:
        platform_id = small_number(self.platform_filter) or 0
        found: Overview = await call(
            _overview, words=self.words, platform_id=platform_id, page=self.page
        )
        self.platforms, self.now_local = found.platforms, found.now_local
        self.rows, self.total = found.trainings.rows, found.trainings.total
        self.page, self.pages = found.trainings.page, found.trainings.pages

    def _close_delisting(self) -> None:
        self.delist_id, self.preview, self.preview_open, self._pending = 0, NO_PREVIEW, False, {}

    @rx.event
    async def load(self):
        """Check the role, then list the platforms and the first trainings."""
        self.platforms, self.rows, self.words, self.platform_filter, self.page = [], [], "", "", 1
        self._close_delisting()
        self.price_id = 0
        if await self._enter(Area.CATALOGUE) is None:
            return await self._away()
        await self._reload()
        return None

    @rx.var
    def delist_name(self) -> str:
        """The name of the platform being delisted ("" when none)."""
        return next((p.name for p in self.platforms if p.id == self.delist_id), "")

    @rx.var
    def price_training(self) -> str:
        """The training whose price is being changed, "code · title (price)" ("" when none)."""
        return next(
            (f"{r.code} · {r.title} ({r.price_label})" for r in self.rows if r.id == self.price_id),
            "",
        )

    @rx.var
    def platform_options(self) -> list[tuple[str, str]]:
        """The search's platform choices, as (id, name) pairs."""
        return [(str(p.id), p.name) for p in self.platforms]

    @rx.event
    async def search(self, form: dict):
        """Search the trainings by title or code, and platform, from page 1."""
        if await self._may_read(Area.CATALOGUE) is None:
            return
        fields = form_text(form, limit=80)
        self.words = " ".join(fields.get("words", "").split())
        chosen = small_number(fields.get("platform", ""))
        self.platform_filter = str(chosen) if chosen else ""
        self.page, self.searches = 1, self.searches + 1
        await self._reload()

    @rx.event
    async def go_page(self, page: int):
        """Show another page of the trainings found."""
        if await self._may_read(Area.CATALOGUE) is None:
            return
        if isinstance(page, int) and not isinstance(page, bool):
            self.page = min(max(page, 1), catalogue_console.MAX_PAGE)
            await self._reload()

    @rx.event
    async def choose_delisting(self, platform_id: str):
        """Open the delisting form of one platform (a read: confirming checks again)."""
        self._close_delisting()
        if await self._may_read(Area.CATALOGUE) is None:
            return
        chosen = small_number(platform_id) if isinstance(platform_id, str) else None
        self.delist_id = next((p.id for p in self.platforms if p.id == chosen), 0)

    @rx.event
    def cancel_delisting(self):
        """Close the delisting form."""
        self._close_delisting()
        self.errors = {}

    @rx.event
    async def preview_delisting(self, form: dict):
        """Check the reason and the time, and show what the delisting would stop."""
        self.preview, self.preview_open, self._pending = NO_PREVIEW, False, {}
        if await self._may_read(Area.CATALOGUE) is None:
            return
        fields = form_text(form, limit=platform_listing.REASON_MAX + 100)
        pending = {k: fields.get(k, "") for k in ("reason", "effective_at")}
        try:
            done = await call(
                platform_listing.preview_delisting, platform_id=self.delist_id, **pending
            )
        except DomainError as error:
            self._show_refusal(error)
            return
        self.preview, self.preview_open, self._pending = (
            catalogue_console.delisting_preview(done),
            True,
            pending,
        )

    @rx.event
    def show_preview(self, shown: bool):
        """Open or close the confirmation (closing goes back to the form)."""
        self.preview_open = shown is True and bool(self._pending)

    @rx.event
    async def confirm_delisting(self):
        """Delist the platform with the reason and time that were previewed."""
        if not self._pending:
            return
        name = self.delist_name
        ok, done = await self._act(
            Area.CATALOGUE,
            platform_listing.delist,
            platform_id=self.delist_id,
            reason=self._pending.get("reason", ""),
            effective_at=self._pending.get("effective_at", ""),
        )
        self.preview_open = False
        if ok:
            self._close_delisting()
            when = catalogue_console.delisting_preview(done).effective
            self.notice = f"{name} dikeluarkan dari katalog mulai {when}."
            await self._reload()

    @rx.event
    async def set_training_active(self, training_id: str, active: bool):
        """Put a training on sale (``active``) or take it off sale."""
        chosen = small_number(training_id) if isinstance(training_id, str) else None
        active = active is True
        ok, code = await self._act(
            Area.CATALOGUE, training_listing.set_active, training_id=chosen or 0, active=active
        )
        if ok:
            self.notice = f"Pelatihan {code} " + ("diaktifkan." if active else "dinonaktifkan.")
            await self._reload()

    @rx.event
    async def choose_price(self, training_id: str):
        """Open the price form of one training shown (a read: saving checks again)."""
        self.price_id = 0
        if await self._may_read(Area.CATALOGUE) is None:
            return
        chosen = small_number(training_id) if isinstance(training_id, str) else None
        self.price_id = next((r.id for r in self.rows if r.id == chosen), 0)

    @rx.event
    def cancel_price(self):
        """Close the price form."""
        self.price_id, self.errors = 0, {}

    @rx.event
    async def save_price(self, form: dict):
        """Change the chosen training's price to the one typed."""
        if not self.price_id:
            return
        price = form_text(form, limit=40).get("price", "")
        ok, done = await self._act(
            Area.CATALOGUE, training_listing.set_price, training_id=self.price_id, price=price
        )
        if ok:
            self.price_id = 0
            self.notice = catalogue_console.price_notice(done)
            await self._reload()


# --- the page ----------------------------------------------------------------------------

S = CatalogueConsoleState


def _platform_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[
                    rx.table.column_header_cell(title)
                    for title in ("Platform", "Status", "Pelatihan aktif", "Alasan keluar", "")
                ]
            )
        ),
        rx.table.body(
            rx.foreach(
                S.platforms,
                lambda p: rx.table.row(
                    rx.table.row_header_cell(p.name),
                    rx.table.cell(p.status_label),
                    rx.table.cell(p.trainings),
                    rx.table.cell(p.reason),
                    rx.table.cell(
                        rx.cond(
                            S.can_act & p.delistable,
                            rx.button(
                                "Keluarkan",
                                size="1",
                                variant="soft",
                                color_scheme="red",
                                on_click=S.choose_delisting(p.id.to_string()),
                                aria_label="Keluarkan " + p.name,
                            ),
                        )
                    ),
                ),
            )
        ),
        width="100%",
        variant="surface",
    )


def _preview_dialog() -> rx.Component:
    preview = S.preview
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Keluarkan " + preview.platform + "?"),
            rx.alert_dialog.description("Berlaku mulai " + preview.effective + "."),
            rx.vstack(
                rx.text("Alasan: ", preview.reason, size="2"),
                rx.text(preview.trainings, weight="medium"),
                rx.el.ul(
                    rx.foreach(preview.sample, lambda line: rx.el.li(line)), padding_left="20px"
                ),
                rx.text(preview.vouchers),
                spacing="2",
                margin_top="12px",
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Batal", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button("Ya, keluarkan", color_scheme="red", on_click=S.confirm_delisting)
                ),
                gap="3",
                justify="end",
                margin_top="16px",
            ),
        ),
        open=S.preview_open,
        on_open_change=S.show_preview,
    )


def _delisting_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Keluarkan " + S.delist_name + " dari katalog", size="4", as_="h2"),
                rx.text(
                    "Pelatihannya tidak dijual lagi mulai waktu berlaku. Voucher yang sudah"
                    " dibeli tetap dapat ditukarkan.",
                    size="2",
                    color="gray",
                ),
                field_error("platform", S.errors),
                rx.vstack(
                    rx.el.label("Alasan", html_for="reason", font_weight="500"),
                    rx.text_area(
                        id="reason",
                        name="reason",
                        rows="3",
                        width="100%",
                        aria_invalid=rx.cond(S.errors.contains("reason"), "true", "false"),
                        aria_describedby=rx.cond(S.errors.contains("reason"), "reason-error", ""),
                    ),
                    field_error("reason", S.errors),
                    spacing="1",
                    width="100%",
                ),
                text_field(
                    "Waktu berlaku (WIB)",
                    "effective_at",
                    S.errors,
                    kind="datetime-local",
                    default_value=S.now_local,
                ),
                rx.flex(
                    rx.button("Lihat dampaknya", type="submit"),
                    rx.button(
                        "Batal",
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.cancel_delisting,
                    ),
                    gap="3",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.preview_delisting,
            no_validate=True,
            key=S.delist_id.to_string(),
        ),
        width="100%",
        max_width="640px",
    )


def _search_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.box(
                text_field("Cari judul atau kode", "words", S.errors, default_value=S.words),
                flex="2",
                min_width="220px",
            ),
            rx.box(
                native_select(
                    "Platform",
                    "platform",
                    S.platform_options,
                    S.errors,
                    placeholder="Semua platform",
                    default_value=S.platform_filter,
                ),
                flex="1",
                min_width="180px",
            ),
            rx.button("Cari", type="submit"),
            gap="3",
            align="end",
            wrap="wrap",
            width="100%",
        ),
        on_submit=S.search,
        key=S.searches.to_string(),
        width="100%",
    )


def _price_action(row: rx.Var) -> rx.Component:
    return rx.cond(
        row.price_locked,
        rx.text("Harga terkunci: sudah terjual", size="1", color="gray"),
        rx.cond(
            S.can_act,
            rx.button(
                "Ubah harga",
                size="1",
                variant="soft",
                on_click=S.choose_price(row.id.to_string()),
                aria_label="Ubah harga " + row.code,
            ),
        ),
    )


def _price_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Ubah harga " + S.price_training, size="4", as_="h2"),
                rx.text(
                    "Harga dapat diubah sampai pelatihan terjual pertama kali; setelah itu"
                    " harganya tetap. Paling tinggi sebesar saldo pelatihan, Rp 1.000.000.",
                    size="2",
                    color="gray",
                ),
                text_field("Harga baru (Rp)", "price", S.errors, input_mode="numeric"),
                rx.flex(
                    rx.button("Simpan harga", type="submit"),
                    rx.button(
                        "Batal",
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.cancel_price,
                    ),
                    gap="3",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save_price,
            no_validate=True,
            key=S.price_id.to_string(),
        ),
        width="100%",
        max_width="640px",
    )


def _training_action(row: rx.Var) -> rx.Component:
    return rx.cond(
        S.can_act,
        rx.cond(
            row.active,
            rx.button(
                "Nonaktifkan",
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=S.set_training_active(row.id.to_string(), False),
                aria_label="Nonaktifkan " + row.code,
            ),
            rx.button(
                "Aktifkan",
                size="1",
                variant="soft",
                color_scheme="green",
                on_click=S.set_training_active(row.id.to_string(), True),
                aria_label="Aktifkan " + row.code,
            ),
        ),
    )


def _training_table() -> rx.Component:
    # Six columns, two of them stacked, so that the table fits a tablet (768 px).
    titles = ("Kode", "Judul", "Platform dan lembaga", "Harga", "Terjual", "Status")
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(t) for t in titles])),
        rx.table.body(
            rx.foreach(
                S.rows,
                lambda row: rx.table.row(
                    rx.table.cell(row.code),
                    rx.table.row_header_cell(row.title),
                    rx.table.cell(
                        rx.vstack(
                            rx.text(row.platform),
                            rx.text(row.provider, size="1", color_scheme="gray"),
                            spacing="1",
                        )
                    ),
                    rx.table.cell(
                        rx.vstack(
                            rx.text(row.price_label, white_space="nowrap"),
                            _price_action(row),
                            spacing="1",
                        )
                    ),
                    rx.table.cell(row.purchases),
                    rx.table.cell(
                        rx.vstack(rx.text(row.status_label), _training_action(row), spacing="1")
                    ),
                ),
            )
        ),
        width="100%",
        variant="surface",
    )


def _pager() -> rx.Component:
    return rx.flex(
        rx.button(
            "Sebelumnya",
            variant="soft",
            disabled=S.page <= 1,
            on_click=S.go_page(S.page - 1),
        ),
        rx.text("Halaman ", S.page, " dari ", S.pages, " · ", S.total, " pelatihan", size="2"),
        rx.button(
            "Berikutnya",
            variant="soft",
            disabled=S.page >= S.pages,
            on_click=S.go_page(S.page + 1),
        ),
        gap="3",
        align="center",
        wrap="wrap",
    )


@rx.page(
    route=routes.ADMIN_CATALOGUE,
    title="Katalog - Kartu Prakerja",
    on_load=CatalogueConsoleState.load,
)
def catalogue() -> rx.Component:
    """The console's catalogue page."""
    return admin_frame(
        S,
        "Katalog",
        refusal(S),
        rx.heading("Platform digital", size="5", as_="h2"),
        rx.box(_platform_table(), overflow_x="auto", width="100%"),
        rx.cond(S.can_act & (S.delist_id != 0), _delisting_form()),
        _preview_dialog(),
        rx.heading("Pelatihan", size="5", as_="h2"),
        _search_form(),
        rx.cond(S.can_act & (S.price_id != 0), _price_form()),
        rx.box(_training_table(), overflow_x="auto", width="100%"),
        _pager(),
    )
