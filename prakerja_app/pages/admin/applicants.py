"""The applicant search (/admin/pendaftar): by email, phone, NIK or card number.

Verifiers and auditors may search (`Area.APPLICANTS` readers). The results show masked
NIKs and phones only; each links to the applicant's page.
"""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, pager, refusal
from prakerja_app.components.forms import native_select, text_field
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.views import applicant_search
from prakerja_app.services.views.applicant_search import ApplicantRow, SearchKind
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import form_text, query

KINDS = [
    (SearchKind.EMAIL.value, "Email"),
    (SearchKind.PHONE.value, "Nomor HP"),
    (SearchKind.NIK.value, "NIK"),
    (SearchKind.CARD.value, "Nomor kartu Prakerja"),
]
MAX_PAGE = 10_000


class ApplicantSearchState(AdminPage, rx.State):
    """The last search's page of results; what was searched stays on the server."""

    rows: list[ApplicantRow] = []
    searched: bool = False
    page: int = 1
    has_next: bool = False
    _kind: str = ""
    _text: str = ""

    @rx.event
    async def load(self):
        """Check the role on the server; start with an empty search."""
        self.rows, self.searched, self.page, self.has_next = [], False, 1, False
        self._kind, self._text = "", ""
        if await self._enter(Area.APPLICANTS) is None:
            return await self._away()
        return None

    @rx.event
    async def search(self, form: dict):
        """Search by the chosen kind; a refusal shows next to its field and keeps the
        results shown before."""
        fields = form_text(form, limit=80)
        await self._show(fields.get("kind", ""), fields.get("query", ""), 1)

    @rx.event
    async def go_to_page(self, page: int):
        """Another page of the last search."""
        if self.searched and 1 <= page <= MAX_PAGE:
            await self._show(self._kind, self._text, page)

    async def _show(self, kind: str, text: str, page: int) -> None:
        self.errors, self.message = {}, ""
        try:
            await self._reader(Area.APPLICANTS)
            found = await query(applicant_search.search, kind=kind, text=text, page=page)
        except DomainError as error:
            self._show_refusal(error)
            return
        self._kind, self._text = kind, text
        self.rows, self.page, self.has_next = found.rows, found.page, found.has_next
        self.searched = True


def _form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.box(
                native_select(
                    "Cari berdasarkan",
                    "kind",
                    KINDS,
                    ApplicantSearchState.errors,
                    placeholder="Pilih",
                    default_value=SearchKind.EMAIL.value,
                ),
                min_width="200px",
            ),
            rx.box(
                text_field(
                    "Kata pencarian",
                    "query",
                    ApplicantSearchState.errors,
                    hint="Email, nomor HP, NIK (16 angka) atau nomor kartu (16 angka), lengkap.",
                    auto_complete="off",
                ),
                flex_grow="1",
            ),
            rx.button("Cari", type="submit", size="3", align_self="end"),
            gap="3",
            wrap="wrap",
            width="100%",
            align="start",
        ),
        on_submit=ApplicantSearchState.search,
        no_validate=True,
        width="100%",
    )


def _row(row: ApplicantRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(row.name, href=row.href)),
        rx.table.cell(row.email),
        rx.table.cell(rx.code(row.nik)),
        rx.table.cell(row.phone),
        rx.table.cell(rx.cond(row.is_participant, "Peserta", "Pendaftar")),
    )


def _results() -> rx.Component:
    state = ApplicantSearchState
    return rx.cond(
        state.searched,
        rx.cond(
            state.rows.length() > 0,
            rx.vstack(
                rx.heading("Hasil pencarian", size="4", as_="h2"),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Nama", "Email", "NIK", "Nomor HP", "Status")
                            ]
                        )
                    ),
                    rx.table.body(rx.foreach(state.rows, _row)),
                    width="100%",
                ),
                rx.cond(
                    (state.page > 1) | state.has_next,
                    pager(state.page, state.has_next, state.go_to_page),
                ),
                width="100%",
            ),
            rx.text("Tidak ada pendaftar yang cocok.", role="status"),
        ),
    )


@rx.page(
    route=routes.ADMIN_APPLICANTS,
    title="Pendaftar - Admin Kartu Prakerja",
    on_load=ApplicantSearchState.load,
)
def admin_applicants() -> rx.Component:
    """The applicant search page."""
    return admin_frame(
        ApplicantSearchState,
        "Pendaftar",
        refusal(ApplicantSearchState),
        _form(),
        _results(),
    )
