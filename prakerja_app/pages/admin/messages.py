"""The outbox page (/admin/pesan): search messages by recipient and status, the latest
failures with their reasons, resend a failed one, and the delivery rates. Operators
resend; auditors read. Secrets never reach the page; recipients are masked unless
searched for."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, pager, refusal
from prakerja_app.components.forms import native_select, text_field
from prakerja_app.models import utc_now
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.labels import OUTBOX_STATUS_LABELS
from prakerja_app.services.messaging import console
from prakerja_app.services.views import outbox_console
from prakerja_app.services.views.outbox_console import MessageRow, RateRow
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import call, form_text, query

MAX_PAGE = 10_000
STATUS_CHOICES = [("", "Semua status")] + [
    (status, label) for status, label in OUTBOX_STATUS_LABELS.items()
]


class MessagesState(AdminPage, rx.State):
    """The last search's page, the latest failures and the rates; the search's criteria
    stay on the server."""

    rows: list[MessageRow] = []
    failures: list[MessageRow] = []
    rates: list[RateRow] = []
    searched: bool = False
    page: int = 1
    has_next: bool = False
    _recipient: str = ""
    _status: str = ""

    @rx.event
    async def load(self):
        """Check the role, then show the latest failures and the rates."""
        self.rows, self.failures, self.rates = [], [], []
        self.searched, self.page, self.has_next = False, 1, False
        self._recipient, self._status = "", ""
        if await self._enter(Area.MESSAGES) is None:
            return await self._away()
        await self._refresh()
        return None

    async def _refresh(self) -> None:
        self.failures = await call(outbox_console.recent_failures)
        self.rates = await query(outbox_console.delivery_rates, utc_now())

    @rx.event
    async def search(self, form: dict):
        """Search by recipient and status; a refusal shows next to its field."""
        if await self._may_read(Area.MESSAGES) is None:
            return
        fields = form_text(form, limit=260)
        await self._show(fields.get("recipient", ""), fields.get("status", ""), 1)

    @rx.event
    async def go_to_page(self, page: int):
        """Another page of the last search."""
        if await self._may_read(Area.MESSAGES) is None:
            return
        if self.searched and isinstance(page, int) and 1 <= page <= MAX_PAGE:
            await self._show(self._recipient, self._status, page)

    async def _show(self, recipient: str, status: str, page: int) -> None:
        try:
            found = await call(outbox_console.search, recipient=recipient, status=status, page=page)
        except DomainError as error:
            self._show_refusal(error)
            return
        self._recipient, self._status = recipient, status
        self.rows, self.page, self.has_next = found.rows, found.page, found.has_next
        self.searched = True

    @rx.event
    async def resend(self, message_id: int):
        """Queue a failed message for a new attempt (operators only)."""
        if type(message_id) is not int or not 0 < message_id < 2**31:
            message_id = 0  # a forged id: refused as unknown
        ok, _ = await self._act(Area.MESSAGES, console.resend, message_id=message_id)
        if ok:
            self.notice = "Pesan dimasukkan lagi ke antrean pengiriman."
            await self._refresh()
            if self.searched:
                await self._show(self._recipient, self._status, self.page)


def _form() -> rx.Component:
    state = MessagesState
    return rx.form(
        rx.flex(
            rx.box(
                text_field(
                    "Penerima",
                    "recipient",
                    state.errors,
                    hint="Email lengkap atau nomor HP; kosongkan untuk semua.",
                    auto_complete="off",
                ),
                flex_grow="1",
            ),
            rx.box(
                native_select(
                    "Status", "status", STATUS_CHOICES, state.errors, placeholder="Semua status"
                ),
                min_width="200px",
            ),
            rx.button("Cari", type="submit", size="3", align_self="end"),
            gap="3",
            wrap="wrap",
            width="100%",
            align="start",
        ),
        on_submit=state.search,
        no_validate=True,
        width="100%",
    )


def _resend(row: MessageRow) -> rx.Component:
    return rx.cond(
        row.resendable & MessagesState.can_act,
        rx.button(
            "Kirim ulang",
            size="1",
            variant="soft",
            on_click=MessagesState.resend(row.id),
            aria_label="Kirim ulang pesan " + row.id.to_string(),
        ),
        rx.text(row.blocked, size="1", color="gray"),
    )


def _message_table(rows, label: str) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in ("Dibuat", "Kanal", "Penerima", "Isi", "Status", "Alasan", "")
                    ]
                )
            ),
            rx.table.body(
                rx.foreach(
                    rows,
                    lambda row: rx.table.row(
                        rx.table.cell(row.created),
                        rx.table.cell(row.channel),
                        rx.table.cell(rx.code(row.recipient)),
                        rx.table.cell(
                            rx.text(row.subject, weight="medium", size="2"),
                            rx.text(row.body, size="1", color="gray"),
                            max_width="320px",
                        ),
                        rx.table.cell(row.status, " (", row.attempts.to_string(), "x)"),
                        rx.table.cell(rx.text(row.reason, size="1"), max_width="240px"),
                        rx.table.cell(_resend(row)),
                    ),
                )
            ),
            width="100%",
            variant="surface",
        ),
        role="region",
        aria_label=label,
        overflow_x="auto",
        width="100%",
    )


def _results() -> rx.Component:
    state = MessagesState
    return rx.cond(
        state.searched,
        rx.cond(
            state.rows.length() > 0,
            rx.vstack(
                rx.heading("Hasil pencarian", size="4", as_="h2"),
                _message_table(state.rows, "Hasil pencarian"),
                rx.cond(
                    (state.page > 1) | state.has_next,
                    pager(state.page, state.has_next, state.go_to_page),
                ),
                width="100%",
            ),
            rx.text("Tidak ada pesan yang cocok.", role="status"),
        ),
    )


def _rates() -> rx.Component:
    return rx.vstack(
        rx.heading("Tingkat pengiriman", size="4", as_="h2"),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(h)
                            for h in ("Periode", "Kanal", "Terkirim", "Sampai", "Gagal", "% gagal")
                        ]
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        MessagesState.rates,
                        lambda row: rx.table.row(
                            rx.table.cell(row.window),
                            rx.table.cell(row.channel),
                            rx.table.cell(row.sent),
                            rx.table.cell(row.delivered),
                            rx.table.cell(row.failed),
                            rx.table.cell(row.failure_share),
                        ),
                    )
                ),
                width="100%",
                variant="surface",
            ),
            role="region",
            aria_label="Tingkat pengiriman",
            overflow_x="auto",
            width="100%",
        ),
        width="100%",
    )


@rx.page(route=routes.ADMIN_MESSAGES, title="Pesan - Kartu Prakerja", on_load=MessagesState.load)
def messages_page() -> rx.Component:
    """The outbox page."""
    return admin_frame(
        MessagesState,
        "Pesan",
        refusal(MessagesState),
        _form(),
        _results(),
        rx.heading("Kegagalan terbaru", size="4", as_="h2"),
        rx.cond(
            MessagesState.failures.length() > 0,
            _message_table(MessagesState.failures, "Kegagalan terbaru"),
            rx.text("Tidak ada pesan yang gagal."),
        ),
        _rates(),
    )
