"""The console's providers' API keys (/admin/katalog/api): issue or rotate a provider's
signing key, shown once; see each provider's calls of the last 24 hours and one
provider's recent calls. Operators act; auditors read."""

from dataclasses import dataclass

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.marketplace import api_credentials
from prakerja_app.services.views import api_console
from prakerja_app.services.views.api_console import CallRow, NewKey, ProviderRow
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import call, small_number

NO_KEY = NewKey("", "", "", "")
GRACE_HOURS = int(api_credentials.GRACE.total_seconds() // 3600)


@dataclass(frozen=True)
class Found:
    """What the page reads at once: a page of providers, and one provider's calls."""

    providers: api_console.Paged[ProviderRow]
    calls: api_console.CallsPage | None


def _found(db, *, now, page: int, provider_id: int, calls_page: int) -> Found:
    return Found(
        providers=api_console.providers(db, now=now, page=page),
        calls=(
            api_console.calls(db, provider_id=provider_id, page=calls_page) if provider_id else None
        ),
    )


def _page_number(page: object) -> int | None:
    if isinstance(page, int) and not isinstance(page, bool):
        return min(max(page, 1), api_console.MAX_PAGE)
    return None


class ApiKeysState(AdminPage, rx.State):
    """A page of providers, one provider's calls, and a key being issued or just issued."""

    providers: list[ProviderRow] = []
    page: int = 1
    pages: int = 1
    total: int = 0
    calls_id: int = 0  # the provider whose calls are shown
    calls_provider: str = ""
    calls_errors: str = ""
    calls: list[CallRow] = []
    calls_page: int = 1
    calls_pages: int = 1
    confirm_id: int = 0  # the provider whose key is about to be issued
    confirm_open: bool = False
    new_key: NewKey = NO_KEY  # shown once, cleared when its dialog closes

    async def _reload(self) -> None:
        found: Found = await call(
            _found,
            page=self.page,
            provider_id=self.calls_id,
            calls_page=self.calls_page,
        )
        self.providers = found.providers.rows
        self.page, self.pages, self.total = (
            found.providers.page,
            found.providers.pages,
            found.providers.total,
        )
        if found.calls is None:
            self.calls_id, self.calls_provider, self.calls_errors, self.calls = 0, "", "", []
            self.calls_page, self.calls_pages = 1, 1
        else:
            self.calls_provider, self.calls_errors = found.calls.provider, found.calls.errors
            self.calls = found.calls.calls.rows
            self.calls_page, self.calls_pages = found.calls.calls.page, found.calls.calls.pages

    def _chosen(self, provider_id: object) -> int:
        """The id of a provider listed on this page, or 0."""
        chosen = small_number(provider_id) if isinstance(provider_id, str) else None
        return next((p.id for p in self.providers if p.id == chosen), 0)

    @rx.event
    async def load(self):
        """Check the role, then list the first providers."""
        self.providers, self.page, self.calls_id, self.calls_page = [], 1, 0, 1
        self.confirm_id, self.confirm_open, self.new_key = 0, False, NO_KEY
        if await self._enter(Area.CATALOGUE) is None:
            return await self._away()
        await self._reload()
        return None

    @rx.var
    def confirm_name(self) -> str:
        """The provider whose key is about to be issued ("" when none)."""
        return next((p.name for p in self.providers if p.id == self.confirm_id), "")

    @rx.var
    def confirm_rotates(self) -> bool:
        """Whether that provider has a key already (issuing then rotates it)."""
        return any(p.has_key for p in self.providers if p.id == self.confirm_id)

    @rx.event
    async def go_page(self, page: int):
        """Show another page of the providers."""
        if await self._may_read(Area.CATALOGUE) is None:
            return
        if (number := _page_number(page)) is not None:
            self.page = number
            await self._reload()

    @rx.event
    async def show_calls(self, provider_id: str):
        """Show a listed provider's recent calls, from the newest."""
        if await self._may_read(Area.CATALOGUE) is None:
            return
        self.calls_id, self.calls_page = self._chosen(provider_id), 1
        await self._reload()

    @rx.event
    async def go_calls_page(self, page: int):
        """Show another page of the provider's calls."""
        if await self._may_read(Area.CATALOGUE) is None:
            return
        if self.calls_id and (number := _page_number(page)) is not None:
            self.calls_page = number
            await self._reload()

    @rx.event
    async def ask_key(self, provider_id: str):
        """Ask to confirm issuing a key for a listed provider (a read: issuing checks)."""
        self.confirm_id, self.confirm_open = 0, False
        if await self._may_read(Area.CATALOGUE) is None:
            return
        self.confirm_id = self._chosen(provider_id)
        self.confirm_open = self.confirm_id != 0

    @rx.event
    def show_confirm(self, shown: bool):
        """Open or close the confirmation (its buttons close it as they act)."""
        self.confirm_open = shown is True and self.confirm_id != 0

    @rx.event
    async def issue_key(self, keep_previous: bool):
        """Issue the key confirmed; on a rotation keep the old one for the grace period
        (``keep_previous``) or end it now."""
        provider_id, self.confirm_id, self.confirm_open = self.confirm_id, 0, False
        if not provider_id:
            return
        ok, issued = await self._act(
            Area.CATALOGUE,
            api_credentials.issue_key,
            provider_id=provider_id,
            keep_previous=keep_previous is True,
        )
        if ok:
            self.new_key = api_console.new_key(issued)
            await self._reload()

    @rx.event
    def close_key(self, shown: bool = False):
        """Forget the key shown (its dialog closed): it cannot be shown again."""
        if shown is not True:
            self.new_key = NO_KEY


# --- the page ----------------------------------------------------------------------------

S = ApiKeysState


def _pager(page, pages, go, label: str) -> rx.Component:
    return rx.flex(
        rx.button("Sebelumnya", variant="soft", disabled=page <= 1, on_click=go(page - 1)),
        rx.text("Halaman ", page, " dari ", pages, size="2"),
        rx.button("Berikutnya", variant="soft", disabled=page >= pages, on_click=go(page + 1)),
        gap="3",
        align="center",
        wrap="wrap",
        aria_label=label,
        role="group",
    )


def _provider_actions(p: rx.Var) -> rx.Component:
    return rx.flex(
        rx.button(
            "Lihat panggilan",
            size="1",
            variant="soft",
            color_scheme="gray",
            on_click=S.show_calls(p.id.to_string()),
            aria_label="Lihat panggilan " + p.name,
        ),
        rx.cond(
            S.can_act,
            rx.button(
                rx.cond(p.has_key, "Ganti kunci", "Terbitkan kunci"),
                size="1",
                variant="soft",
                on_click=S.ask_key(p.id.to_string()),
                aria_label=rx.cond(p.has_key, "Ganti kunci ", "Terbitkan kunci ") + p.name,
            ),
        ),
        gap="2",
        wrap="wrap",
    )


def _provider_table() -> rx.Component:
    # The client_code under the name: the table fits a tablet (768 px).
    titles = ("Lembaga dan client_code", "Kunci", "Panggilan 24 jam", "Ditolak", "Terakhir", "")
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(t) for t in titles])),
        rx.table.body(
            rx.foreach(
                S.providers,
                lambda p: rx.table.row(
                    rx.table.row_header_cell(
                        rx.vstack(rx.text(p.name), rx.code(p.client_code, size="1"), spacing="1")
                    ),
                    rx.table.cell(
                        rx.vstack(
                            rx.text(p.key_label, size="2"),
                            rx.text(p.previous_label, size="1", color="gray"),
                            spacing="1",
                        )
                    ),
                    rx.table.cell(p.calls),
                    rx.table.cell(
                        rx.cond(
                            p.errors > 0,
                            rx.badge(p.errors, color_scheme="red"),
                            rx.text(p.errors),
                        )
                    ),
                    rx.table.cell(p.last_call),
                    rx.table.cell(_provider_actions(p)),
                ),
            )
        ),
        width="100%",
        variant="surface",
    )


def _calls_table() -> rx.Component:
    titles = ("Waktu", "Endpoint", "HTTP", "Hasil", "Durasi")
    return rx.vstack(
        rx.heading("Panggilan API " + S.calls_provider, size="4", as_="h2"),
        rx.text(S.calls_errors, " (30 hari terakhir)", size="2"),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(t) for t in titles])),
                rx.table.body(
                    rx.foreach(
                        S.calls,
                        lambda c: rx.table.row(
                            rx.table.cell(c.when, white_space="nowrap"),
                            rx.table.cell(rx.code(c.endpoint)),
                            rx.table.cell(c.http_status),
                            rx.table.cell(
                                rx.text(c.outcome, color=rx.cond(c.failed, "red", "inherit"))
                            ),
                            rx.table.cell(c.duration, white_space="nowrap"),
                        ),
                    )
                ),
                width="100%",
                variant="surface",
            ),
            overflow_x="auto",
            width="100%",
        ),
        _pager(S.calls_page, S.calls_pages, S.go_calls_page, "Halaman panggilan"),
        spacing="3",
        width="100%",
    )


def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.cond(S.confirm_rotates, "Ganti kunci API ", "Terbitkan kunci API ")
                + S.confirm_name
                + "?"
            ),
            rx.alert_dialog.description(
                rx.cond(
                    S.confirm_rotates,
                    f"Kunci baru langsung berlaku. Pilih apakah kunci lama masih diterima"
                    f" {GRACE_HOURS} jam agar lembaga dapat beralih tanpa gangguan, atau"
                    " langsung ditolak bila kunci lama bocor.",
                    "Kunci ditampilkan sekali saja setelah diterbitkan.",
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Batal", variant="soft", color_scheme="gray")),
                rx.cond(
                    S.confirm_rotates,
                    rx.fragment(
                        rx.alert_dialog.action(
                            rx.button(
                                "Ganti, tolak kunci lama sekarang",
                                color_scheme="red",
                                variant="soft",
                                on_click=S.issue_key(False),
                            )
                        ),
                        rx.alert_dialog.action(
                            rx.button(
                                f"Ganti, kunci lama berlaku {GRACE_HOURS} jam",
                                on_click=S.issue_key(True),
                            )
                        ),
                    ),
                    rx.alert_dialog.action(
                        rx.button("Terbitkan", on_click=S.issue_key(True)),
                    ),
                ),
                gap="3",
                justify="end",
                wrap="wrap",
                margin_top="16px",
            ),
        ),
        open=S.confirm_open,
        on_open_change=S.show_confirm,
    )


def _key_dialog() -> rx.Component:
    key = S.new_key
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Kunci API baru " + key.provider),
            rx.dialog.description(
                "Salin kunci ini sekarang dan kirimkan ke lembaga lewat saluran yang aman."
                " Setelah jendela ini ditutup, kunci tidak dapat ditampilkan lagi."
            ),
            rx.vstack(
                rx.text("client_code", weight="medium", size="2"),
                rx.code(key.client_code),
                rx.text("sign_key", weight="medium", size="2"),
                rx.code(key.sign_key, id="new-sign-key", word_break="break_all"),
                rx.button(
                    "Salin kunci",
                    variant="soft",
                    on_click=rx.set_clipboard(key.sign_key),
                ),
                rx.text(key.previous, size="2"),
                spacing="2",
                margin_top="12px",
            ),
            rx.flex(
                rx.dialog.close(rx.button("Sudah disalin, tutup")),
                justify="end",
                margin_top="16px",
            ),
        ),
        open=key.sign_key != "",
        on_open_change=S.close_key,
    )


@rx.page(
    route=routes.ADMIN_API_KEYS,
    title="Kunci API lembaga - Kartu Prakerja",
    on_load=ApiKeysState.load,
)
def api_keys() -> rx.Component:
    """The console's page of providers' API keys and calls."""
    return admin_frame(
        S,
        "Kunci API lembaga pelatihan",
        refusal(S),
        rx.text(
            "Lembaga pelatihan memanggil API kode redeem dengan client_code dan sign_key."
            " Kunci disimpan terenkripsi dan hanya ditampilkan sekali saat diterbitkan.",
            size="2",
            color="gray",
        ),
        rx.box(_provider_table(), overflow_x="auto", width="100%"),
        _pager(S.page, S.pages, S.go_page, "Halaman lembaga"),
        rx.cond(S.calls_id != 0, _calls_table()),
        _confirm_dialog(),
        _key_dialog(),
    )
