"""An applicant's page in the console (/admin/pendaftar/<user_id>), masked by default.

Verifiers and auditors may open it and may reveal the whole NIK or the photos, each
with a reason that the audit log keeps (an audited read: the auditor reads everything).
The revealed values live only in this tab's state until the page is left or loaded
again; the photos come as data URIs from the private folder, never by a public URL.
"""

from dataclasses import dataclass

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.components.forms import text_field
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration import disclosure
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.views import applicant_record, messages
from prakerja_app.services.views.applicant_record import (
    ApplicantRecord,
    CaseRow,
    ComplaintRow,
    Fact,
    MessageRow,
    PurchaseRow,
    StepRow,
    WaveRow,
)
from prakerja_app.services.views.payments import PaymentRow
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import form_text, query, small_number

NIK, PHOTOS = "nik", "photos"
REVEALS = {NIK: disclosure.reveal_nik, PHOTOS: disclosure.reveal_photos}
PHOTO_LABELS = {"ktp_photo": "Foto KTP", "selfie_photo": "Foto selfie dengan KTP"}
NONE = ApplicantRecord(0, "", "", "", False, False, [], [], [], [], [], [], [], [])


@dataclass(frozen=True)
class ShownPhoto:
    """A revealed photo."""

    label: str
    src: str  # a data URI


class ApplicantState(AdminPage, rx.State):
    """The applicant shown (masked), the reveal being asked for, and what was revealed."""

    record: ApplicantRecord = NONE
    asking: str = ""  # NIK or PHOTOS while the reason form is open
    nik: str = ""  # the whole NIK, once revealed
    photos: list[ShownPhoto] = []
    _shown_id: int = 0

    def _forget(self) -> None:
        self.asking, self.nik, self.photos = "", "", []

    @rx.event
    async def load(self):
        """Check the role on the server, then show the applicant the URL names, masked."""
        self.record, self._shown_id = NONE, 0
        self._forget()
        if await self._enter(Area.APPLICANTS) is None:
            return await self._away()
        raw = self.router.page.params.get("user_id", "")
        user_id = small_number(raw) if isinstance(raw, str) else None
        found = await query(applicant_record.applicant_record, user_id) if user_id else None
        if found is None:
            self.message = messages.text(DomainError(RegistrationError.APPLICANT_UNKNOWN))
            return None
        self.record, self._shown_id = found, found.user_id
        return None

    @rx.event
    def leave(self):
        """Forget what was revealed when the page goes away."""
        self._forget()

    @rx.event
    def ask(self, what: str):
        """Open the reason form for revealing the NIK or the photos."""
        if what in REVEALS and self._shown_id:
            self.asking, self.errors, self.message, self.notice = what, {}, "", ""

    @rx.event
    def cancel(self):
        """Close the reason form."""
        self.asking, self.errors = "", {}

    @rx.event
    async def reveal(self, form: dict):
        """Record the disclosure with its reason, then show the NIK or the photos."""
        what, reason = self.asking, form_text(form).get("reason", "")
        if what not in REVEALS or not self._shown_id:
            return
        ok, shown = await self._disclose(
            Area.APPLICANTS, REVEALS[what], user_id=self._shown_id, reason=reason
        )
        if not ok:
            return
        if what == NIK:
            self.nik = shown
        else:
            self.photos = [ShownPhoto(PHOTO_LABELS[f], src) for f, src in shown.items()]
        self.asking = ""
        self.notice = "Ditampilkan. Alasan Anda dicatat di log audit."


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(rx.heading(title, size="4", as_="h2"), *children, width="100%")


def _table(headers: tuple[str, ...], rows, cells, empty: str) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(
                rx.foreach(rows, lambda r: rx.table.row(*[rx.table.cell(c) for c in cells(r)]))
            ),
            width="100%",
            size="1",
        ),
        rx.text(empty, color="gray", size="2"),
    )


def _fact(fact: Fact) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(fact.label), rx.data_list.value(fact.value))


def _reason_form(what: str, button: str) -> rx.Component:
    state = ApplicantState
    return rx.cond(
        state.asking == what,
        rx.form(
            rx.vstack(
                text_field(
                    "Alasan",
                    "reason",
                    state.errors,
                    hint=(
                        f"Wajib, {disclosure.REASON_MIN}-{disclosure.REASON_MAX} karakter;"
                        " dicatat di log audit."
                    ),
                    auto_complete="off",
                ),
                rx.hstack(
                    rx.button(button, type="submit"),
                    rx.button("Batal", type="button", variant="soft", on_click=state.cancel),
                ),
                width="100%",
            ),
            on_submit=state.reveal,
            no_validate=True,
            reset_on_submit=False,
            width="100%",
        ),
    )


def _data() -> rx.Component:
    state = ApplicantState
    return _section(
        "Data diri",
        rx.data_list.root(rx.foreach(state.record.facts, _fact)),
        rx.cond(
            state.nik != "",
            rx.callout(
                rx.text("NIK lengkap: ", rx.code(state.nik, aria_label="NIK lengkap")),
                icon="eye",
                color_scheme="amber",
            ),
            rx.cond(
                state.record.has_nik & (state.asking != NIK),
                rx.button("Tampilkan NIK lengkap", variant="outline", on_click=state.ask(NIK)),
            ),
        ),
        _reason_form(NIK, "Tampilkan NIK"),
        rx.cond(
            state.photos.length() > 0,
            rx.flex(
                rx.foreach(
                    state.photos,
                    lambda p: rx.vstack(
                        rx.text(p.label, weight="medium"),
                        rx.image(src=p.src, alt=p.label, max_width="360px", width="100%"),
                    ),
                ),
                gap="4",
                wrap="wrap",
            ),
            rx.cond(
                state.record.has_photos & (state.asking != PHOTOS),
                rx.button("Tampilkan foto", variant="outline", on_click=state.ask(PHOTOS)),
            ),
        ),
        _reason_form(PHOTOS, "Tampilkan foto"),
    )


def _step(row: StepRow) -> list:
    return [row.label, rx.cond(row.done, row.at, "Belum")]


def _wave(row: WaveRow) -> list:
    return [row.title, row.applied_at, row.result_label, row.reason]


def _purchase(row: PurchaseRow) -> list:
    return [row.title, row.platform, row.price, row.status_label, row.bought_at]


def _payment(row: PaymentRow) -> list:
    return [row.kind_label, row.amount_label, row.due_label, row.status_label]


def _message(row: MessageRow) -> list:
    return [row.at, row.channel, row.recipient, row.text, row.status_label]


def _complaint(row: ComplaintRow) -> list:
    return [row.at, row.subject, row.status_label]


def _case(row: CaseRow) -> list:
    return [row.opened_at, row.flags, row.status_label, row.reason]


def _record() -> rx.Component:
    record = ApplicantState.record
    return rx.vstack(
        rx.heading(record.name, size="5", as_="h2"),
        rx.text(record.status),
        _data(),
        _section(
            "Langkah pendaftaran",
            _table(("Langkah", "Selesai"), record.steps, _step, "-"),
        ),
        _section(
            "Gelombang",
            _table(
                ("Gelombang", "Bergabung", "Hasil", "Alasan"),
                record.waves,
                _wave,
                "Belum bergabung dengan gelombang.",
            ),
        ),
        _section(
            "Pembelian pelatihan",
            _table(
                ("Pelatihan", "Platform", "Harga", "Status", "Dibeli"),
                record.purchases,
                _purchase,
                "Belum ada pembelian.",
            ),
        ),
        _section(
            "Pembayaran",
            _table(
                ("Pembayaran", "Jumlah", "Jadwal", "Status"),
                record.payments,
                _payment,
                "Belum ada pembayaran.",
            ),
        ),
        _section(
            "Pesan terkirim",
            _table(
                ("Waktu", "Kanal", "Penerima", "Isi", "Status"),
                record.messages,
                _message,
                "Belum ada pesan.",
            ),
        ),
        _section(
            "Verifikasi",
            _table(
                ("Masuk antrean", "Tanda", "Keputusan", "Alasan penolakan"),
                record.cases,
                _case,
                "Tidak pernah masuk antrean verifikasi.",
            ),
        ),
        _section(
            "Pengaduan",
            _table(
                ("Waktu", "Perihal", "Status"),
                record.complaints,
                _complaint,
                "Belum ada pengaduan.",
            ),
        ),
        spacing="5",
        width="100%",
    )


@rx.page(
    route=routes.ADMIN_APPLICANT,
    title="Pendaftar - Admin Kartu Prakerja",
    on_load=ApplicantState.load,
)
def admin_applicant() -> rx.Component:
    """An applicant's page."""
    return admin_frame(
        ApplicantState,
        "Data pendaftar",
        rx.box(
            rx.link("Kembali ke pencarian", href=routes.ADMIN_APPLICANTS),
            on_unmount=ApplicantState.leave,
        ),
        refusal(ApplicantState),
        rx.cond(ApplicantState.record.user_id != 0, _record()),
    )
