"""The audit log page (/admin/audit): the hash-chained log, newest first, with filters
and "Periksa rantai". Auditors and super admins read it; nobody changes anything here."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.components.forms import text_field
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.audit_queries import AuditFilters, parse_filters
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.views.audit_log import AuditRow, audit_page, check_chain
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import form_text, query


class AuditState(AdminPage, rx.State):
    """One page of the log under the filters, and the last chain check's result."""

    rows: list[AuditRow] = []
    older_than: int = 0  # where the next, older page starts; 0: no older page
    paged: bool = False  # showing an older page (offer "Terbaru")
    chain_result: str = ""
    chain_intact: bool = True
    checking: bool = False
    _filters: AuditFilters = AuditFilters()

    async def _show(self, older_than: int | None = None) -> None:
        page = await query(audit_page, self._filters, older_than)
        self.rows, self.older_than = page.rows, page.older_than or 0
        self.paged = older_than is not None

    @rx.event
    async def load(self):
        """Check the role, then show the newest entries, unfiltered."""
        self.rows, self.older_than, self.chain_result = [], 0, ""
        self._filters = AuditFilters()
        if await self._enter(Area.AUDIT) is None:
            return await self._away()
        await self._show()
        return None

    @rx.event
    async def apply(self, form: dict):
        """Filter by actor email, entity, action and WIB dates, checked on the server."""
        if await self._may_read(Area.AUDIT) is None:
            self.rows = []
            return
        try:
            self._filters = parse_filters(form_text(form, limit=254))
        except DomainError as error:
            self._show_refusal(error)
            return
        await self._show()

    @rx.event
    async def older(self):
        """The next page of older entries."""
        if await self._may_read(Area.AUDIT) is None:
            self.rows = []
            return
        if self.older_than:
            await self._show(self.older_than)

    @rx.event
    async def newest(self):
        """Back to the newest entries under the same filters."""
        if await self._may_read(Area.AUDIT) is None:
            self.rows = []
            return
        await self._show()

    @rx.event(background=True)
    async def verify(self):
        """Recompute the whole chain off the event loop, with the button busy meanwhile."""
        async with self:
            if self.checking or await self._may_read(Area.AUDIT) is None:
                return
            self.checking, self.chain_result = True, ""
        try:
            intact, sentence = await query(check_chain)
        finally:
            async with self:
                self.checking = False
        async with self:
            self.chain_intact, self.chain_result = intact, sentence


def _filters() -> rx.Component:
    errors = AuditState.errors
    return rx.form(
        rx.grid(
            text_field("Email pelaku", "actor", errors, kind="email"),
            text_field("Entitas", "entity", errors, placeholder="wave, user, purchase"),
            text_field("Tindakan (awalan)", "action", errors, placeholder="wave. atau admin."),
            text_field("Dari tanggal (WIB)", "since", errors, kind="date"),
            text_field("Sampai tanggal (WIB)", "until", errors, kind="date"),
            columns=rx.breakpoints(initial="1", md="3", lg="5"),
            spacing="3",
            width="100%",
        ),
        rx.button("Terapkan filter", type="submit", margin_top="12px"),
        on_submit=AuditState.apply,
        aria_label="Filter log audit",
        width="100%",
    )


def _chain() -> rx.Component:
    return rx.flex(
        rx.button(
            "Periksa rantai",
            on_click=AuditState.verify,
            loading=AuditState.checking,
            variant="outline",
        ),
        rx.cond(
            AuditState.chain_result != "",
            rx.callout(
                AuditState.chain_result,
                icon=rx.cond(AuditState.chain_intact, "circle_check", "triangle_alert"),
                color_scheme=rx.cond(AuditState.chain_intact, "green", "red"),
                role="status",
            ),
        ),
        gap="3",
        align="center",
        wrap="wrap",
    )


def _json(text: rx.Var) -> rx.Component:
    return rx.cond(
        text != "", rx.code(text, size="1", white_space="pre-wrap", word_break="break-all")
    )


def _table() -> rx.Component:
    titles = ("No.", "Waktu", "Pelaku", "Tindakan", "Entitas", "ID", "Sebelum", "Sesudah")
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(t) for t in titles])),
        rx.table.body(
            rx.foreach(
                AuditState.rows,
                lambda row: rx.table.row(
                    rx.table.row_header_cell(row.seq),
                    rx.table.cell(row.at),
                    rx.table.cell(row.actor),
                    rx.table.cell(row.action),
                    rx.table.cell(row.entity),
                    rx.table.cell(row.entity_id),
                    rx.table.cell(_json(row.before), max_width="260px"),
                    rx.table.cell(_json(row.after), max_width="320px"),
                ),
            )
        ),
        width="100%",
        variant="surface",
        size="1",
    )


def _pager() -> rx.Component:
    return rx.flex(
        rx.cond(AuditState.paged, rx.button("Terbaru", variant="soft", on_click=AuditState.newest)),
        rx.cond(
            AuditState.older_than != 0,
            rx.button("Lebih lama", variant="soft", on_click=AuditState.older),
        ),
        gap="3",
    )


@rx.page(route=routes.ADMIN_AUDIT, title="Log audit - Kartu Prakerja", on_load=AuditState.load)
def audit_log() -> rx.Component:
    """The audit log page."""
    return admin_frame(
        AuditState,
        "Log audit",
        refusal(AuditState),
        _chain(),
        _filters(),
        rx.cond(
            AuditState.rows.length() == 0,
            rx.text("Tidak ada entri yang cocok."),
            rx.box(_table(), overflow_x="auto", width="100%"),
        ),
        _pager(),
    )
