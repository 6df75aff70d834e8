"""The verification queue (/admin/verifikasi): the open cases, a page at a time, each
with its flags and their evidence (the other applicants masked, linked to their page);
filter by kind of flag; approve, or reject with a reason the applicant reads.

Verifiers act; auditors see the same page without the buttons, and the server refuses
their calls anyway (`state.admin.AdminPage`). A decision names a case shown on this
tab's page (its ids are kept on the server), so a forged id decides nothing.
"""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, pager, refusal
from prakerja_app.components.forms import native_select, text_field
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.vocab import FlagKind
from prakerja_app.services.verification import decisions
from prakerja_app.services.views import verification_queue
from prakerja_app.services.views.verification_queue import (
    KIND_LABELS,
    CaseRow,
    FlagRow,
    Other,
)
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import form_text, query

KINDS = [(kind.value, label) for kind, label in KIND_LABELS.items()]
OPEN, DECIDED = "open", "decided"
SHOWN = [(DECIDED, "Sudah diputuskan")]  # none chosen: the open cases


class VerificationState(AdminPage, rx.State):
    """One page of open cases, the kind filtered on, and the case being rejected."""

    rows: list[CaseRow] = []
    page: int = 1
    has_next: bool = False
    total_label: str = ""
    kind: str = ""
    shown: str = OPEN  # the open cases, or the decided ones
    rejecting: int = 0  # the case whose reason form is open
    _shown: list[int] = []  # the ids of the cases on this page

    @rx.event
    async def load(self):
        """Check the role on the server, then show the first page of every open case."""
        self.kind, self.shown, self.page, self.rejecting = "", OPEN, 1, 0
        if await self._enter(Area.VERIFICATION) is None:
            self.rows, self._shown = [], []
            return await self._away()
        await self._read()
        return None

    async def _read(self) -> None:
        decided = self.shown == DECIDED
        found = await query(
            verification_queue.queue, kind=self.kind, page=self.page, decided=decided
        )
        self.rows, self.page, self.has_next = found.rows, found.page, found.has_next
        self.total_label = verification_queue.total_label(found, decided)
        self._shown = [row.id for row in found.rows if row.is_open]

    @rx.event
    async def choose_kind(self, form: dict):
        """Show only the cases with a flag of the chosen kind (none chosen: all), open or
        decided."""
        if await self._may_read(Area.VERIFICATION) is None:
            return
        fields = form_text(form, limit=20)
        kind = fields.get("kind", "")
        self.kind = kind if kind in FlagKind.__members__.values() else ""
        self.shown = DECIDED if fields.get("shown") == DECIDED else OPEN
        self.page, self.rejecting = 1, 0
        await self._read()

    @rx.event
    async def go_to_page(self, page: int):
        """Another page of the queue."""
        if await self._may_read(Area.VERIFICATION) is None:
            return
        if 1 <= page <= verification_queue.MAX_PAGE:
            self.page, self.rejecting = page, 0
            await self._read()

    @rx.event
    async def approve(self, case_id: int):
        """Approve a case shown on this page."""
        if case_id not in self._shown:
            return
        ok, _ = await self._act(Area.VERIFICATION, decisions.approve, case_id=case_id)
        if ok:
            self.rejecting = 0
            await self._read()
            self.notice = "Kasus disetujui. Pendaftar tetap ikut seleksi."

    @rx.event
    def ask_reject(self, case_id: int):
        """Open the reason form of a case shown on this page."""
        if case_id in self._shown:
            self.rejecting, self.errors, self.message, self.notice = case_id, {}, "", ""

    @rx.event
    def cancel_reject(self):
        """Close the reason form."""
        self.rejecting, self.errors = 0, {}

    @rx.event
    async def reject(self, form: dict):
        """Reject the case whose reason form is open; a too-short reason is shown next to
        the field."""
        case_id = self.rejecting
        if case_id not in self._shown:
            return
        reason = form_text(form).get("reason", "")
        ok, _ = await self._act(Area.VERIFICATION, decisions.reject, case_id=case_id, reason=reason)
        if ok:
            self.rejecting = 0
            await self._read()
            self.notice = (
                "Pendaftar ditolak. Alasannya tampil di dasbornya, dan ia tidak ikut undian."
            )


def _filter() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.box(
                native_select(
                    "Jenis tanda",
                    "kind",
                    KINDS,
                    VerificationState.errors,
                    placeholder="Semua jenis",
                ),
                min_width="260px",
            ),
            rx.box(
                native_select(
                    "Kasus",
                    "shown",
                    SHOWN,
                    VerificationState.errors,
                    placeholder="Menunggu keputusan",
                ),
                min_width="200px",
            ),
            rx.button("Tampilkan", type="submit", size="3", align_self="end"),
            gap="3",
            wrap="wrap",
            align="start",
        ),
        on_submit=VerificationState.choose_kind,
        no_validate=True,
        reset_on_submit=False,
    )


def _other(other: Other) -> rx.Component:
    return rx.el.li(rx.link(other.name, href=other.href), " (", rx.code(other.nik), ")")


def _flag(flag: FlagRow) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.badge(flag.label, color_scheme="amber", size="2"),
            rx.text(flag.fact, size="2"),
            rx.cond(
                flag.others.length() > 0,
                rx.el.ul(rx.foreach(flag.others, _other), padding_left="1.2em"),
            ),
            spacing="1",
        ),
    )


def _reject_form(row: CaseRow) -> rx.Component:
    state = VerificationState
    return rx.form(
        rx.vstack(
            text_field(
                "Alasan penolakan",
                "reason",
                state.errors,
                hint=(
                    f"Wajib, {decisions.REASON_MIN}-{decisions.REASON_MAX} karakter. Pendaftar"
                    " membaca alasan ini di dasbornya."
                ),
                auto_complete="off",
            ),
            rx.hstack(
                rx.button("Tolak pendaftar", type="submit", color_scheme="red"),
                rx.button("Batal", type="button", variant="soft", on_click=state.cancel_reject),
                wrap="wrap",
            ),
            width="100%",
        ),
        on_submit=state.reject,
        no_validate=True,
        reset_on_submit=False,
        width="100%",
    )


def _case(row: CaseRow) -> rx.Component:
    state = VerificationState
    return rx.el.article(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(rx.link(row.name, href=row.href), size="4", as_="h2"),
                    rx.code(row.nik),
                    rx.text("Masuk antrean ", row.opened, size="2", color="gray"),
                    spacing="3",
                    wrap="wrap",
                    align="baseline",
                ),
                rx.el.ul(rx.foreach(row.flags, _flag), list_style="none", padding="0"),
                rx.cond(
                    ~row.is_open,
                    rx.text(
                        rx.text.strong(row.status_label),
                        " ",
                        row.decided,
                        rx.cond(row.reason != "", rx.text.span(". Alasan: ", row.reason)),
                        size="2",
                    ),
                ),
                rx.cond(
                    state.can_act & row.is_open,
                    rx.cond(
                        state.rejecting == row.id,
                        _reject_form(row),
                        rx.hstack(
                            rx.button("Setujui", on_click=state.approve(row.id)),
                            rx.button(
                                "Tolak",
                                variant="outline",
                                color_scheme="red",
                                on_click=state.ask_reject(row.id),
                            ),
                            wrap="wrap",
                        ),
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        aria_label=row.name,
        width="100%",
    )


def _queue() -> rx.Component:
    state = VerificationState
    return rx.vstack(
        rx.text(state.total_label, role="status", weight="medium"),
        rx.cond(
            state.rows.length() > 0,
            rx.vstack(rx.foreach(state.rows, _case), spacing="3", width="100%"),
            rx.text("Tidak ada kasus di sini.", color="gray"),
        ),
        rx.cond(
            (state.page > 1) | state.has_next,
            pager(state.page, state.has_next, state.go_to_page),
        ),
        spacing="3",
        width="100%",
    )


@rx.page(
    route=routes.ADMIN_VERIFICATION,
    title="Verifikasi - Admin Kartu Prakerja",
    on_load=VerificationState.load,
)
def admin_verification() -> rx.Component:
    """The verification queue."""
    return admin_frame(
        VerificationState,
        "Verifikasi pendaftar",
        rx.text(
            "Pendaftar yang datanya menimbulkan tanda. Tanda yang belum diputuskan tidak"
            " menghalangi undian; penolakan mengeluarkan pendaftar dari undian.",
            size="2",
        ),
        refusal(VerificationState),
        _filter(),
        _queue(),
    )
