"""The payments page (/admin/pembayaran): the open payment run, its maker's and checker's
steps, the recent runs with their failed tries, the reconciliation's mismatches, the
cash ledger's check, and one participant's payments found by card number.

The finance maker gathers what is due and prepares the run, declaring the count and
total they see; a finance checker, another admin, approves it with the same figures,
and the job workers send it (`jobs.tasks.send_payment_run`); either may cancel it before
approval, with a reason. Auditors read. Every handler checks the role on the server
(`state.admin.AdminPage`), and acts only on the run this tab shows (kept server-side).
"""

import asyncio
import logging
import time

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.components.forms import text_field
from prakerja_app.jobs import tasks
from prakerja_app.models import utc_now
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.errors import AccessDenied, DomainError
from prakerja_app.services.core.vocab import AdminRole, RunStatus
from prakerja_app.services.money import runs
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.views import applicant_search, payment_runs
from prakerja_app.services.views.applicant_search import SearchKind
from prakerja_app.services.views.payment_runs import (
    FailureRow,
    HistoryView,
    LedgerView,
    MismatchRow,
    OpenRun,
    PaymentRow,
    RunRow,
    TryRow,
)
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import form_text, query

logger = logging.getLogger(__name__)

POLL_SECONDS = 2.0
WATCH_SECONDS = 600  # how long one look follows a run at the partner
SEARCH_FIELD = applicant_search.FIELD
QUEUE_DOWN = (
    "Putaran disetujui, tetapi antrean tugas tidak dapat dihubungi. Pekerja tugas"
    " mengirimnya sendiri dalam beberapa menit."
)


async def _pause() -> None:
    """The wait between two looks at a run on its way."""
    await asyncio.sleep(POLL_SECONDS)


class PaymentsState(AdminPage, rx.State):
    """The figures shown, which steps this admin may take, and the participant found."""

    open_run: OpenRun = OpenRun()
    runs: list[RunRow] = []
    failures: list[FailureRow] = []
    mismatches: list[MismatchRow] = []
    ledger: LedgerView = LedgerView()
    is_maker: bool = False
    is_checker: bool = False
    history: HistoryView = HistoryView()
    _run_id: int = 0  # the open run this tab shows: the only one its steps act on
    _typed_count: int = -1  # the count the admin typed, to place a "changed" refusal
    _watching: bool = False

    @rx.event
    async def load(self):
        """Check the role on the server, then show the runs."""
        self.history, self._run_id = HistoryView(), 0
        user = await self._enter(Area.PAYMENTS)
        if user is None:
            self.open_run, self.runs, self.failures, self.mismatches = OpenRun(), [], [], []
            self.is_maker = self.is_checker = False
            return await self._away()
        self.is_maker = self.can_act and AdminRole.FINANCE_MAKER in user.roles
        self.is_checker = self.can_act and AdminRole.FINANCE_CHECKER in user.roles
        return await self._refresh()

    async def _refresh(self):
        """Read the page's figures; follow a run on its way."""
        found = await query(payment_runs.console)
        self._show(found)
        return PaymentsState.watch if found.busy else None

    def _show(self, found: payment_runs.Console) -> None:
        """Keep what the page shows, and the open run its steps act on."""
        self.open_run, self.runs, self.failures = found.open_run, found.runs, found.failures
        self.mismatches, self.ledger = found.mismatches, found.ledger
        self._run_id = found.open_run.id

    def _show_refusal(self, error: DomainError) -> None:
        """Show a refusal; a run that holds other figures than typed, next to the field
        that differs."""
        if error.code == MoneyError.RUN_CHANGED and not error.field:
            error.field = payment_runs.changed_field(error, self._typed_count)
        super()._show_refusal(error)

    @rx.event
    async def gather(self):
        """Gather what is due now into the open run (the maker's; the daily job does it
        at 06:00 WIB too)."""
        ok, _ = await self._act_as(AdminRole.FINANCE_MAKER, Area.PAYMENTS, runs.gather, "actor_id")
        if ok:
            follow = await self._refresh()
            self.notice = payment_runs.gathered_notice(self.open_run)
            return follow
        return None

    async def _declare(
        self, form: dict, role: AdminRole, service, actor: str, **more: object
    ) -> bool:
        """Read the typed count and total, then take the maker's or checker's step on
        the run shown (with `more` of the service's arguments); a refusal is shown next
        to its field."""
        run_id = self._run_id
        if not run_id:
            return False
        fields = form_text(form, limit=40)
        try:
            count, total = payment_runs.declared(fields.get("count", ""), fields.get("total", ""))
        except DomainError as error:
            self.message, self.notice = "", ""
            self._show_refusal(error)
            return False
        self._typed_count = count
        ok, _ = await self._act_as(
            role, Area.PAYMENTS, service, actor, run_id=run_id, count=count, total=total, **more
        )
        return ok

    @rx.event
    async def prepare(self, form: dict):
        """The maker prepares the run shown, with the count and total they typed."""
        if await self._declare(form, AdminRole.FINANCE_MAKER, runs.prepare, "maker_id"):
            follow = await self._refresh()
            self.notice = "Putaran disiapkan. Pemeriksa keuangan lain perlu menyetujuinya."
            return follow
        return None

    @rx.event
    async def approve(self, form: dict):
        """The checker approves the run shown with the same figures; the job workers
        then send it."""
        run_id = self._run_id
        approved = await self._declare(
            form, AdminRole.FINANCE_CHECKER, runs.approve, "checker_id", real_now=utc_now()
        )
        if not approved:
            return None
        try:
            tasks.send_payment_run(run_id)
        except Exception:  # the minute job resumes an approved run that has not moved
            logger.exception("could not queue sending payment run %s", run_id)
            notice = QUEUE_DOWN
        else:
            notice = "Putaran disetujui dan sedang dikirim ke mitra pembayaran."
        follow = await self._refresh()
        self.notice = notice
        return follow

    @rx.event
    async def cancel_run(self, form: dict):
        """Cancel the run shown before its approval, with a reason (maker or checker)."""
        run_id = self._run_id
        if not run_id:
            return None
        reason = form_text(form).get("reason", "")
        ok, _ = await self._act_as(
            None, Area.PAYMENTS, runs.cancel, "admin_id", run_id=run_id, reason=reason
        )
        if ok:
            follow = await self._refresh()
            self.notice = "Putaran dibatalkan. Pembayarannya masuk putaran berikutnya."
            return follow
        return None

    @rx.event
    async def find_card(self, form: dict):
        """Show the payments of the participant holding the typed card number."""
        if await self._may_read(Area.PAYMENTS) is None:
            return
        self.history = HistoryView()
        try:
            _, card = applicant_search.normalise(
                SearchKind.CARD, form_text(form, limit=40).get(SEARCH_FIELD, "")
            )
        except DomainError as error:
            self._show_refusal(error)
            return
        found = await query(payment_runs.history, card)
        if found is None:
            self.errors = {SEARCH_FIELD: payment_runs.NO_PARTICIPANT}
        else:
            self.history = found

    @rx.event(background=True)
    async def watch(self):
        """Follow the runs at the partner until their outcome is known (one watcher per
        tab, for `WATCH_SECONDS` at most)."""
        async with self:
            if self._watching:
                return
            self._watching = True
        try:
            busy, until = True, time.monotonic() + WATCH_SECONDS
            while busy and time.monotonic() < until:
                await _pause()
                async with self:
                    try:
                        await self._reader(Area.PAYMENTS)
                    except AccessDenied:
                        return
                try:
                    found = await query(payment_runs.console)
                except Exception:  # a busy database: look again at the next tick
                    logger.exception("could not read the payment runs while one is sent")
                    continue
                busy = found.busy
                async with self:
                    self._show(found)
        finally:
            async with self:
                self._watching = False


# --- the page ----------------------------------------------------------------------------

S = PaymentsState


def _figure(label: str, value) -> rx.Component:
    return rx.box(
        rx.text(label, size="1", color="gray"),
        rx.text(value, size="5", weight="bold"),
        min_width="140px",
        flex="1",
    )


def _declaration(title: str, hint: str, button: str, on_submit) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(title, size="3", as_="h3"),
            rx.text(hint, size="2"),
            rx.flex(
                rx.box(
                    text_field("Jumlah pembayaran", "count", S.errors, input_mode="numeric"),
                    flex="1",
                    min_width="180px",
                ),
                rx.box(
                    text_field("Total (rupiah)", "total", S.errors, input_mode="numeric"),
                    flex="1",
                    min_width="180px",
                ),
                gap="3",
                wrap="wrap",
                width="100%",
            ),
            rx.button(button, type="submit", size="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        no_validate=True,
        reset_on_submit=False,
        width="100%",
    )


def _cancel_form() -> rx.Component:
    return rx.el.details(
        rx.el.summary("Batalkan putaran", cursor="pointer", font_weight="500"),
        rx.form(
            rx.vstack(
                text_field(
                    "Alasan pembatalan",
                    "reason",
                    S.errors,
                    hint=f"Wajib, paling sedikit {runs.CANCEL_REASON_MIN} karakter. Pembayarannya"
                    " masuk putaran berikutnya.",
                    auto_complete="off",
                ),
                rx.button("Batalkan putaran", type="submit", color_scheme="red", variant="soft"),
                spacing="3",
                width="100%",
                padding_top="8px",
            ),
            on_submit=S.cancel_run,
            no_validate=True,
            reset_on_submit=False,
            width="100%",
        ),
        width="100%",
    )


def _steps() -> rx.Component:
    run = S.open_run
    gathered = run.status == RunStatus.GATHERED.value
    prepared = run.status == RunStatus.PREPARED.value
    return rx.fragment(
        rx.cond(
            gathered & S.is_maker,
            _declaration(
                "Siapkan putaran",
                "Ketik jumlah pembayaran dan totalnya seperti yang Anda lihat di atas.",
                "Siapkan putaran",
                S.prepare,
            ),
        ),
        rx.cond(
            prepared & S.is_checker,
            _declaration(
                "Setujui putaran",
                "Periksa angka yang dinyatakan pembuat, lalu ketik jumlah dan totalnya.",
                "Setujui dan kirim",
                S.approve,
            ),
        ),
        rx.cond(prepared & ~S.is_checker, rx.text("Menunggu persetujuan pemeriksa.", size="2")),
        rx.cond((gathered | prepared) & S.can_act, _cancel_form()),
    )


def _open_run() -> rx.Component:
    run = S.open_run
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading("Putaran terbuka", size="4", as_="h2"),
                rx.cond(run.id != 0, rx.badge(run.status_label, size="2")),
                rx.cond(
                    S.is_maker & ((run.id == 0) | (run.status == RunStatus.GATHERED.value)),
                    rx.button(
                        "Kumpulkan pembayaran yang jatuh tempo",
                        on_click=S.gather,
                        variant="soft",
                    ),
                ),
                gap="3",
                wrap="wrap",
                align="center",
                justify="between",
                width="100%",
            ),
            rx.cond(
                run.id == 0,
                rx.text(
                    "Tidak ada putaran terbuka. Pembayaran yang jatuh tempo dikumpulkan setiap"
                    " hari pukul 06.00 WIB.",
                    size="2",
                ),
                rx.vstack(
                    rx.text(
                        "Putaran #",
                        run.id,
                        " · hari ",
                        run.day,
                        " · dikumpulkan ",
                        run.gathered_at,
                        size="2",
                        color="gray",
                    ),
                    rx.flex(
                        _figure("Jumlah pembayaran", run.count),
                        _figure("Total", run.total),
                        gap="3",
                        wrap="wrap",
                        width="100%",
                    ),
                    rx.cond(
                        run.status != RunStatus.GATHERED.value,
                        rx.text(
                            "Dinyatakan oleh ",
                            rx.text.strong(run.prepared_by),
                            " (",
                            run.prepared_at,
                            "): ",
                            run.declared_count,
                            " pembayaran, total ",
                            run.declared_total,
                            ".",
                            size="2",
                        ),
                    ),
                    rx.flex(
                        rx.foreach(
                            run.by_status,
                            lambda s: rx.badge(s.label, ": ", s.count, variant="soft"),
                        ),
                        gap="2",
                        wrap="wrap",
                    ),
                    spacing="3",
                    width="100%",
                ),
            ),
            refusal(S),
            _steps(),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _table(titles: tuple[str, ...], rows, row) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t) for t in titles])),
            rx.table.body(rx.foreach(rows, row)),
            width="100%",
            variant="surface",
            size="1",
        ),
        overflow_x="auto",
        width="100%",
    )


def _run_card(r: RunRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text.strong("#", r.id),
                rx.badge(r.status_label),
                rx.text(r.day, size="2", color="gray"),
                gap="2",
                wrap="wrap",
                align="center",
            ),
            rx.text(r.count, " pembayaran · ", r.total, size="2"),
            rx.text(
                "Dibayar ",
                rx.text.span(r.paid, class_name="run-paid"),
                " · gagal ",
                r.failed,
                size="2",
            ),
            rx.text(r.people, size="1", color="gray"),
            spacing="1",
        ),
        class_name="payment-run",
        width="100%",
    )


def _recent() -> rx.Component:
    """The recent runs: a table from a tablet's width, cards on a phone."""
    return rx.vstack(
        rx.heading("Putaran terakhir", size="4", as_="h2"),
        rx.cond(
            S.runs.length() > 0,
            rx.fragment(
                rx.box(
                    _table(
                        (
                            "Putaran",
                            "Status",
                            "Hari",
                            "Jumlah",
                            "Total",
                            "Dibayar",
                            "Gagal",
                            "Oleh",
                        ),
                        S.runs,
                        lambda r: rx.table.row(
                            rx.table.row_header_cell("#", r.id),
                            rx.table.cell(r.status_label),
                            rx.table.cell(r.day),
                            rx.table.cell(r.count),
                            rx.table.cell(r.total, white_space="nowrap"),
                            rx.table.cell(r.paid, white_space="nowrap", class_name="run-paid"),
                            rx.table.cell(r.failed),
                            rx.table.cell(r.people),
                            class_name="payment-run",
                        ),
                    ),
                    display=rx.breakpoints(initial="none", sm="block"),
                    width="100%",
                ),
                rx.vstack(
                    rx.foreach(S.runs, _run_card),
                    display=rx.breakpoints(initial="flex", sm="none"),
                    spacing="2",
                    width="100%",
                ),
            ),
            rx.text("Belum ada putaran pembayaran.", size="2", color="gray"),
        ),
        spacing="2",
        width="100%",
    )


def _failure(row: FailureRow) -> rx.Component:
    return rx.el.article(
        rx.card(
            rx.vstack(
                rx.flex(
                    rx.text.strong(row.reason),
                    rx.text(row.amount, size="2"),
                    gap="3",
                    wrap="wrap",
                    justify="between",
                    width="100%",
                ),
                rx.text("Kartu ", rx.code(row.card), " · ", row.account, size="2"),
                rx.text(
                    "Putaran ",
                    row.run,
                    " · referensi ",
                    row.reference,
                    " · ",
                    row.when,
                    size="1",
                    color="gray",
                ),
                spacing="1",
                width="100%",
            ),
            width="100%",
        ),
        aria_label="Pembayaran gagal " + row.card,
    )


def _failures() -> rx.Component:
    return rx.vstack(
        rx.heading("Pembayaran gagal", size="4", as_="h2"),
        rx.cond(
            S.failures.length() > 0,
            rx.grid(
                rx.foreach(S.failures, _failure),
                columns=rx.breakpoints(initial="1", md="2"),
                gap="3",
                width="100%",
            ),
            rx.text("Tidak ada pembayaran gagal di putaran terakhir.", size="2", color="gray"),
        ),
        spacing="2",
        width="100%",
    )


def _reconciliation() -> rx.Component:
    ledger = S.ledger
    return rx.vstack(
        rx.heading("Rekonsiliasi", size="4", as_="h2"),
        rx.callout.root(
            rx.callout.icon(rx.cond(ledger.sound, rx.icon("circle_check"), rx.icon("ban"))),
            rx.vstack(rx.foreach(ledger.lines, lambda line: rx.text(line)), spacing="1"),
            color_scheme=rx.cond(ledger.sound, "green", "red"),
            role="status",
            aria_label="Pemeriksaan buku kas",
            width="100%",
        ),
        rx.cond(
            S.mismatches.length() > 0,
            _table(
                ("Hari", "Referensi", "Selisih", "Catatan kita", "Laporan mitra"),
                S.mismatches,
                lambda m: rx.table.row(
                    rx.table.cell(m.day, white_space="nowrap"),
                    rx.table.cell(rx.code(m.reference)),
                    rx.table.cell(m.label),
                    rx.table.cell(m.ours, white_space="nowrap"),
                    rx.table.cell(m.theirs, white_space="nowrap"),
                ),
            ),
            rx.text(
                "Tidak ada selisih dengan laporan harian mitra pembayaran.",
                size="2",
                color="gray",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _try(row: TryRow) -> rx.Component:
    return rx.el.li(
        rx.text(
            rx.text.strong(row.status_label),
            " · ",
            row.run,
            " · ",
            row.account,
            rx.cond(row.reason != "", rx.text.span(" · ", row.reason)),
            size="2",
        ),
        rx.text(
            "Referensi ",
            row.reference,
            " · dibuat ",
            row.created,
            " · selesai ",
            row.finished,
            size="1",
            color="gray",
        ),
    )


def _payment(row: PaymentRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text.strong(row.label),
                rx.badge(row.status_label),
                gap="3",
                wrap="wrap",
                align="center",
            ),
            rx.text(
                row.amount,
                " · jatuh tempo ",
                row.due,
                rx.cond(row.paid != "", rx.text.span(" · dibayar ", row.paid)),
                size="2",
            ),
            rx.cond(
                row.tries.length() > 0,
                rx.el.ul(rx.foreach(row.tries, _try), padding_left="1.2em", margin="0"),
                rx.text("Belum pernah dikirim.", size="1", color="gray"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _participant() -> rx.Component:
    found = S.history
    return rx.vstack(
        rx.heading("Pembayaran peserta", size="4", as_="h2"),
        rx.form(
            rx.flex(
                rx.box(
                    text_field(
                        "Nomor kartu Prakerja",
                        SEARCH_FIELD,
                        S.errors,
                        input_mode="numeric",
                        auto_complete="off",
                    ),
                    flex="1",
                    min_width="220px",
                    max_width="420px",
                ),
                rx.button("Cari", type="submit", size="3", align_self="end"),
                gap="3",
                wrap="wrap",
                align="start",
                width="100%",
            ),
            on_submit=S.find_card,
            no_validate=True,
            reset_on_submit=False,
            width="100%",
        ),
        rx.cond(
            found.card != "",
            rx.el.section(
                rx.vstack(
                    rx.text(
                        "Kartu ",
                        rx.code(found.card),
                        " · ",
                        found.name,
                        rx.cond(found.revoked, rx.text.span(" · kartu dicabut")),
                        size="2",
                    ),
                    rx.cond(
                        found.payments.length() > 0,
                        rx.vstack(rx.foreach(found.payments, _payment), spacing="3", width="100%"),
                        rx.text("Belum ada pembayaran terjadwal.", size="2", color="gray"),
                    ),
                    spacing="3",
                    width="100%",
                ),
                aria_label="Pembayaran peserta " + found.card,
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


@rx.page(
    route=routes.ADMIN_PAYMENTS,
    title="Pembayaran - Admin Kartu Prakerja",
    on_load=PaymentsState.load,
)
def admin_payments() -> rx.Component:
    """The payments page."""
    return admin_frame(
        S,
        "Pembayaran insentif",
        _open_run(),
        _recent(),
        _failures(),
        _reconciliation(),
        _participant(),
    )
