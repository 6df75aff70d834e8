"""The lists page (/admin/daftar): upload the exclusion list or the ministry's priority
list as CSV, see the dry run's diff (added, removed, unchanged, invalid lines with their
numbers), then apply it or discard it. Verifiers act; auditors see the same page without
the buttons, and the server refuses their calls anyway (`state.admin.AdminPage`)."""

import asyncio
import json
import logging

import reflex as rx

from prakerja_app import routes
from prakerja_app.api.guards import UPLOAD_TICKET_HEADER
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.components.forms import field_error
from prakerja_app.jobs import tasks
from prakerja_app.pages.register.personal_step import UPLOAD_TICKET
from prakerja_app.services.accounts import roles
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.errors import AccessDenied, DomainError
from prakerja_app.services.core.vocab import ListKind
from prakerja_app.services.lists import lines, storage, uploads
from prakerja_app.services.lists.diff import Change
from prakerja_app.services.lists.errors import ListError
from prakerja_app.services.views import list_console, messages
from prakerja_app.services.views.list_console import DiffRow, ListSize, UploadCard
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import query

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
CHUNK = 1024 * 1024
UPLOAD_ID = "list_file"
MAX_PAGE = 100_000
QUEUE_DOWN = (
    "Antrean tugas latar belakang tidak dapat dihubungi. Coba lagi dalam 10 menit; unggahan"
    " ini tetap tersimpan."
)
CONFIRMATIONS = {
    "apply": ("Terapkan unggahan ini? Isi daftar diganti dengan isi berkas.", "Ya, terapkan"),
    "discard": ("Buang unggahan ini? Daftar tidak berubah.", "Ya, buang"),
}
FORMAT_HINTS = {
    ListKind.EXCLUSION: "Kolom: nik,reason. Alasan: " + ", ".join(lines.VALUES[ListKind.EXCLUSION]),
    ListKind.PRIORITY: "Kolom: nik,source. Sumber: " + ", ".join(lines.VALUES[ListKind.PRIORITY]),
}


async def _pause() -> None:
    """The wait between two looks at a running job."""
    await asyncio.sleep(POLL_SECONDS)


class ListsState(AdminPage, rx.State):
    """The lists' sizes, the latest upload, one page of its diff, and the pending action."""

    sizes: list[ListSize] = []
    upload: UploadCard = UploadCard()
    kind: str = ListKind.EXCLUSION.value
    change: str = Change.ADDED.value
    rows: list[DiffRow] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    uploading: bool = False
    confirm_action: str = ""
    _watching: bool = False

    @rx.event
    async def load(self):
        """Check the role on the server, then show the lists and the latest upload."""
        self.confirm_action, self.uploading, self.rows = "", False, []
        user = await self._enter(Area.APPLICANTS)
        if user is None:
            return await self._away()
        follow = await self._refresh()
        events = [follow] if follow else []
        if self.can_act:
            ticket = await (await self.get_state(AuthState))._upload_ticket(user.id)
            events.append(rx.call_script(f"window.{UPLOAD_TICKET} = {json.dumps(ticket)}"))
        return events

    async def _refresh(self):
        """Read the lists, the latest upload and its diff's page; follow a running job."""
        self.sizes = await query(list_console.sizes)
        self.upload = await query(list_console.latest)
        await self._read_rows()
        return ListsState.watch if self.upload.busy else None

    async def _read_rows(self) -> None:
        found = await query(list_console.diff_rows, self.upload.id, Change(self.change), self.page)
        self.rows, self.total, self.page, self.pages = (
            found.rows,
            found.total,
            found.page,
            found.pages,
        )

    async def _may_act(self) -> int | None:
        """The admin's id when they may change the lists; else None, with the refusal."""
        self.errors, self.message, self.notice = {}, "", ""
        try:
            return roles.require_actor(await self._user(), Area.APPLICANTS).id
        except AccessDenied as error:
            self.message = messages.text(error)
            return None

    @rx.event
    def choose_kind(self, kind: str):
        """Choose which list the next upload replaces."""
        if isinstance(kind, str) and kind in ListKind.__members__.values():
            self.kind = kind

    @rx.var
    def format_hint(self) -> str:
        """The columns and values a file of the chosen list holds."""
        return FORMAT_HINTS.get(ListKind(self.kind), "")

    @rx.event
    async def upload_file(self, files: list[rx.UploadFile]):
        """Store the chosen CSV file privately and start its dry run."""
        if await self._may_act() is None:
            return None
        if not isinstance(files, list) or len(files) != 1:
            self.errors = {"file": "Pilih satu berkas CSV."}
            return None
        name = files[0].filename or ""
        try:
            uploads.check_name(name)
        except DomainError as error:
            self._show_refusal(error)
            return None
        self.uploading = True
        key = storage.new_key()
        try:
            size = await _save(files[0], key)
        finally:
            self.uploading = False
        if size is None:
            storage.delete(key)
            self._show_refusal(
                DomainError(ListError.TOO_LARGE, "file", megabytes=storage.MAX_MEGABYTES)
            )
            return None
        ok, upload_id = await self._act(
            Area.APPLICANTS, uploads.receive, kind=self.kind, filename=name, key=key
        )
        if not ok:
            return None
        self.change, self.page = Change.ADDED.value, 1
        try:
            tasks.check_list(upload_id)
        except Exception:
            logger.exception("could not queue the dry run of list upload %s", upload_id)
            self.message = QUEUE_DOWN
        self.notice = "Berkas diterima. Perbedaannya sedang dihitung."
        return await self._refresh()

    @rx.event
    async def show_change(self, change: str):
        """Show the lines of one kind of change, from page 1."""
        if await self._may_read(Area.APPLICANTS) is None:
            return
        if isinstance(change, str) and change in Change.__members__.values():
            self.change, self.page = change, 1
            await self._read_rows()

    @rx.event
    async def go_page(self, page: int):
        """Show another page of the diff's lines."""
        if await self._may_read(Area.APPLICANTS) is None:
            return
        if isinstance(page, int) and not isinstance(page, bool):
            self.page = min(max(page, 1), MAX_PAGE)
            await self._read_rows()

    @rx.event
    def ask(self, action: str):
        """Ask to confirm applying or discarding the upload."""
        self.errors, self.message, self.notice = {}, "", ""
        self.confirm_action = action if action in CONFIRMATIONS else ""

    @rx.event
    def cancel(self):
        """Drop the action waiting for confirmation."""
        self.confirm_action = ""

    @rx.var
    def confirm_question(self) -> str:
        """What the pending action asks."""
        return CONFIRMATIONS.get(self.confirm_action, ("", ""))[0]

    @rx.var
    def confirm_label(self) -> str:
        """The pending action's button."""
        return CONFIRMATIONS.get(self.confirm_action, ("", ""))[1]

    @rx.event
    async def confirm(self):
        """Apply (in the job workers) or discard the upload shown, as confirmed."""
        action, upload_id = self.confirm_action, self.upload.id
        self.confirm_action = ""
        if action == "apply":
            await self._apply(upload_id)
        elif action == "discard":
            ok, _ = await self._act(Area.APPLICANTS, uploads.discard, upload_id=upload_id)
            if ok:
                self.notice = "Unggahan dibuang. Daftar tidak berubah."
        return await self._refresh()

    async def _apply(self, upload_id: int) -> None:
        actor_id = await self._may_act()
        if actor_id is None:
            return
        ok, _ = await self._act(Area.APPLICANTS, uploads.request_apply, upload_id=upload_id)
        if not ok:
            return
        try:
            tasks.apply_list(upload_id, actor_id)
        except Exception:
            logger.exception("could not queue applying list upload %s", upload_id)
            self.message = QUEUE_DOWN
            return
        self.notice = "Unggahan sedang diterapkan."

    @rx.event(background=True)
    async def watch(self):
        """Follow a running dry run or application until it ends (one watcher per tab)."""
        async with self:
            if self._watching:
                return
            self._watching = True
        try:
            busy = True
            while busy:
                await _pause()
                async with self:
                    try:
                        await self._reader(Area.APPLICANTS)
                    except AccessDenied:
                        return
                try:
                    card = await query(list_console.latest)
                except Exception:  # a busy database: look again at the next tick
                    logger.exception("could not read the list upload while a job runs")
                    continue
                busy = card.busy
                async with self:
                    self.upload = card
                    if not busy:  # the job's outcome now shows on the card
                        self.notice = ""
                        await self._refresh()
        finally:
            async with self:
                self._watching = False


async def _save(file: rx.UploadFile, key: str) -> int | None:
    """Copy an uploaded file to its private place; its size, or None when too large."""
    size = 0
    with storage.path_of(key).open("wb") as out:
        while chunk := await file.read(CHUNK):
            size += len(chunk)
            if size > storage.MAX_BYTES:
                return None
            await asyncio.to_thread(out.write, chunk)
    return size


def list_upload_handlers() -> dict[str, int]:
    """The list upload handler's full name, with the most an upload request may carry."""
    return {f"{ListsState.get_full_name()}.upload_file": storage.MAX_BYTES + 64 * 1024}


# --- the page ----------------------------------------------------------------------------

S = ListsState


def _sizes() -> rx.Component:
    return rx.flex(
        rx.foreach(
            S.sizes,
            lambda size: rx.card(
                rx.text(size.label, size="1", color="gray"),
                rx.text(size.count, size="5", weight="bold"),
                min_width="180px",
                flex="1",
            ),
        ),
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def _upload_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Unggah daftar baru", size="4", as_="h2"),
            rx.text(
                "Isi daftar yang dipilih diganti seluruhnya dengan isi berkas, setelah Anda"
                " melihat perbedaannya dan menerapkannya.",
                size="2",
                color="gray",
            ),
            rx.radio_group.root(
                rx.flex(
                    *[
                        rx.el.label(
                            rx.radio_group.item(value=kind.value), label, display="flex", gap="8px"
                        )
                        for kind, label in list_console.KIND_LABELS.items()
                    ],
                    spacing="4",
                    wrap="wrap",
                ),
                value=S.kind,
                on_change=S.choose_kind,
                aria_label="Daftar yang diunggah",
            ),
            rx.text(S.format_hint, size="2", id="list-format"),
            rx.upload.root(
                rx.button(
                    rx.icon("upload"),
                    "Pilih berkas CSV",
                    type="button",
                    variant="outline",
                    aria_describedby="list-format",
                ),
                id=UPLOAD_ID,
                accept={"text/csv": [".csv"]},
                max_files=1,
                multiple=False,
                no_drag=True,
                on_drop=S.upload_file(
                    rx.upload_files(
                        upload_id=UPLOAD_ID,
                        extra_headers={
                            UPLOAD_TICKET_HEADER: rx.Var(f"(window.{UPLOAD_TICKET} ?? '')")
                        },
                    )
                ),
            ),
            rx.cond(S.uploading, rx.text("Mengunggah...", size="2", role="status")),
            field_error("file", S.errors),
            spacing="3",
            width="100%",
        ),
        width="100%",
        max_width="720px",
    )


def _count(label: str, value, change: Change) -> rx.Component:
    return rx.button(
        rx.vstack(
            rx.text(label, size="1"),
            rx.text(value, size="5", weight="bold"),
            spacing="0",
            align="start",
        ),
        variant=rx.cond(S.change == change.value, "solid", "soft"),
        on_click=S.show_change(change.value),
        height="auto",
        padding="8px 14px",
        aria_label=f"{label}: " + value.to_string(),
    )


def _diff_table() -> rx.Component:
    titles = ("Baris", "NIK", "Alasan / sumber", "Masalah")
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t) for t in titles])),
            rx.table.body(
                rx.foreach(
                    S.rows,
                    lambda row: rx.table.row(
                        rx.table.row_header_cell(row.line),
                        rx.table.cell(row.nik, white_space="nowrap"),
                        rx.table.cell(row.value),
                        rx.table.cell(row.problem),
                    ),
                )
            ),
            width="100%",
            variant="surface",
        ),
        overflow_x="auto",
        width="100%",
    )


def _pager() -> rx.Component:
    return rx.flex(
        rx.button(
            "Sebelumnya", variant="soft", disabled=S.page <= 1, on_click=S.go_page(S.page - 1)
        ),
        rx.text("Halaman ", S.page, " dari ", S.pages, " · ", S.total, " baris", size="2"),
        rx.button(
            "Berikutnya",
            variant="soft",
            disabled=S.page >= S.pages,
            on_click=S.go_page(S.page + 1),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def _confirmation() -> rx.Component:
    return rx.cond(
        S.confirm_action != "",
        rx.callout.root(
            rx.vstack(
                rx.text(S.confirm_question, weight="medium"),
                rx.hstack(
                    rx.button(S.confirm_label, on_click=S.confirm, color_scheme="red"),
                    rx.button("Batal", on_click=S.cancel, variant="soft"),
                    wrap="wrap",
                ),
                spacing="2",
            ),
            color_scheme="amber",
            role="alertdialog",
            aria_label="Konfirmasi",
        ),
    )


def _upload_card() -> rx.Component:
    card = S.upload
    return rx.card(
        rx.vstack(
            rx.heading("Unggahan terakhir: " + card.kind_label, size="4", as_="h2"),
            rx.text(card.filename, " · ", card.when, size="2", color="gray"),
            rx.badge(card.status_label, size="2"),
            rx.cond(
                card.busy,
                rx.hstack(
                    rx.spinner(),
                    rx.text(card.progress, size="2"),
                    aria_live="polite",
                    role="status",
                ),
            ),
            rx.cond(
                card.error != "",
                rx.callout(card.error, icon="triangle_alert", color_scheme="red"),
            ),
            rx.cond(
                card.counted,
                rx.flex(
                    _count("Ditambahkan", card.added, Change.ADDED),
                    _count("Dihapus", card.removed, Change.REMOVED),
                    _count("Tetap", card.unchanged, Change.UNCHANGED),
                    _count("Tidak valid", card.invalid, Change.INVALID),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            rx.cond(card.ready, rx.fragment(_diff_table(), _pager())),
            rx.cond(
                S.can_act,
                rx.flex(
                    rx.cond(
                        card.ready,
                        rx.button("Terapkan", on_click=S.ask("apply"), color_scheme="green"),
                    ),
                    rx.cond(
                        card.discardable,
                        rx.button(
                            "Buang", on_click=S.ask("discard"), variant="soft", color_scheme="red"
                        ),
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
            ),
            _confirmation(),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@rx.page(
    route=routes.ADMIN_LISTS,
    title="Daftar pengecualian & prioritas - Kartu Prakerja",
    on_load=ListsState.load,
)
def lists() -> rx.Component:
    """The console's lists page."""
    return admin_frame(
        S,
        "Daftar pengecualian & prioritas",
        refusal(S),
        _sizes(),
        rx.cond(S.upload.id != 0, _upload_card()),
        rx.cond(S.can_act & S.upload.finished, _upload_form()),
    )
