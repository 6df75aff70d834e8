"""The waves page (/admin/gelombang): create and edit waves, open and close them, run the
draw and publish its results. Operators act; auditors see the same page without the
buttons, and the server refuses their calls anyway (`state.admin.AdminPage`)."""

import asyncio
import logging

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.components.forms import (
    field_error,
    form_message,
    radio_group,
    text_field,
)
from prakerja_app.jobs import tasks
from prakerja_app.services.accounts import roles
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.errors import AccessDenied, CoreError, DomainError
from prakerja_app.services.registration.regions import PROVINCES
from prakerja_app.services.selection import draw, lifecycle, setup
from prakerja_app.services.selection.errors import SelectionError
from prakerja_app.services.views import messages, wave_console
from prakerja_app.services.views.wave_console import WaveCard
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import call, form_text, query

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database

# What each confirmed action asks before it runs, and says once done.
CONFIRMATIONS = {
    "open": (
        "Buka {title}? Hash benih undian diumumkan dan pengaturan gelombang tidak dapat"
        " diubah lagi.",
        "Ya, buka gelombang",
    ),
    "close": (
        "Tutup {title} sekarang? Pendaftar baru tidak dapat bergabung lagi.",
        "Ya, tutup gelombang",
    ),
    "draw": (
        "Jalankan undian {title}? Undian hanya dapat dijalankan satu kali.",
        "Ya, jalankan undian",
    ),
    "publish": (
        "Umumkan hasil seleksi {title}? Benih undian dibuka dan semua pendaftar diberi tahu"
        " hasilnya.",
        "Ya, umumkan hasil",
    ),
}
QUEUE_DOWN = (
    "Antrean tugas latar belakang tidak dapat dihubungi, sehingga undian belum dimulai."
    " Coba lagi dalam 10 menit."
)
DONE = {
    "open": "{title} dibuka. Hash benih undian sudah diumumkan.",
    "close": "{title} ditutup.",
    "draw": "Undian {title} dimulai.",
    "publish": "Hasil seleksi {title} diumumkan. Pesan hasil sedang disiapkan.",
}


def _is_province_field(name: str) -> bool:
    """Whether a form field belongs to the provinces' part of the form."""
    prefixes = (setup.province_field(""), setup.province_quota_field(""))
    return name == "provinces" or name.startswith(prefixes)


async def _pause() -> None:
    """The wait between two looks at a running draw."""
    await asyncio.sleep(POLL_SECONDS)


class WavesState(AdminPage, rx.State):
    """The waves, the wave form, and the action waiting for confirmation."""

    waves: list[WaveCard] = []
    form_open: bool = False
    editing: int = 0  # the wave being edited; 0: a new wave
    draft: dict[str, str] = {}
    form_key: int = 0  # changes to remount the form with the draft's values
    provinces_open: bool = False  # the provinces' part of the form is unfolded
    confirm_wave: int = 0
    confirm_action: str = ""
    confirm_question: str = ""
    confirm_label: str = ""
    acted_wave: int = 0  # the wave the last action's refusal or notice belongs to
    _watching: bool = False

    @rx.event
    async def load(self):
        """Check the role on the server, then list the waves; watch a running draw."""
        self.waves, self.form_open, self.confirm_wave, self.acted_wave = [], False, 0, 0
        if await self._enter(Area.WAVES) is None:
            return await self._away()
        return await self._refresh()

    async def _refresh(self):
        self.waves, busy = await call(wave_console.cards)
        return WavesState.watch if busy else None

    def _title(self, wave_id: int) -> str:
        return next((w.title for w in self.waves if w.wave_id == wave_id), "Gelombang")

    @rx.event
    async def new_wave(self):
        """Show an empty wave form."""
        if not await self._may_act():
            return
        self.draft = await query(wave_console.blank_form)
        self._show_form(0)

    @rx.event
    async def edit(self, wave_id: int):
        """Show the form holding a wave's settings."""
        if not await self._may_act():
            return
        found = await query(wave_console.form_of, wave_id) if 0 < wave_id <= MAX_ID else None
        if found is None:
            self.message = messages.text(DomainError(SelectionError.WAVE_UNKNOWN))
            return
        self.draft = found
        self._show_form(wave_id)

    async def _may_act(self) -> bool:
        self.errors, self.message, self.notice, self.acted_wave = {}, "", "", 0
        try:
            roles.require_actor(await self._user(), Area.WAVES)
        except AccessDenied as error:
            self.message = messages.text(error)
            return False
        return True

    def _show_form(self, wave_id: int) -> None:
        self.editing, self.form_open, self.confirm_wave = wave_id, True, 0
        self.provinces_open = any(
            value for key, value in self.draft.items() if _is_province_field(key)
        )
        self.form_key += 1

    @rx.event
    def close_form(self):
        """Put the form away without saving."""
        self.form_open, self.errors, self.message = False, {}, ""

    @rx.event
    async def save(self, form: dict):
        """Create the wave, or save the edited one; refusals show next to their fields."""
        fields = form_text(form)
        self.acted_wave = 0
        if self.editing:
            ok, _ = await self._act(Area.WAVES, setup.edit_wave, wave_id=self.editing, form=fields)
        else:
            ok, _ = await self._act(Area.WAVES, setup.create_wave, form=fields)
        if not ok:
            self.provinces_open = any(_is_province_field(key) for key in self.errors)
            if not self.message and self.errors:
                self.message = messages.text(DomainError(CoreError.FORM_INVALID))
            return None
        self.form_open = False
        self.notice = f"Gelombang {fields.get('number', '').strip()} disimpan."
        return await self._refresh()

    @rx.event
    def ask(self, wave_id: int, action: str):
        """Ask the operator to confirm an action on a wave (open, close, draw, publish)."""
        if action not in CONFIRMATIONS or not 0 < wave_id <= MAX_ID:
            return
        question, label = CONFIRMATIONS[action]
        self.confirm_wave, self.confirm_action = wave_id, action
        self.confirm_question = question.format(title=self._title(wave_id))
        self.confirm_label = label
        self.errors, self.message, self.notice, self.acted_wave = {}, "", "", wave_id

    @rx.event
    def cancel(self):
        """Drop the action waiting for confirmation."""
        self.confirm_wave, self.confirm_action = 0, ""

    @rx.event
    async def confirm(self):
        """Run the confirmed action, as the server checks it; say what happened."""
        wave_id, action = self.confirm_wave, self.confirm_action
        self.confirm_wave, self.confirm_action = 0, ""
        if action not in CONFIRMATIONS:
            return None
        title = self._title(wave_id)
        self.acted_wave = wave_id
        if not await self._run(action, wave_id):
            return await self._refresh()
        self.notice = DONE[action].format(title=title)
        return await self._refresh()

    async def _run(self, action: str, wave_id: int) -> bool:
        services = {
            "open": lifecycle.open_wave,
            "close": lifecycle.close_wave,
            "draw": lifecycle.request_draw,
            "publish": draw.publish_results,
        }
        ok, result = await self._act(Area.WAVES, services[action], wave_id=wave_id)
        try:
            if ok and action == "draw":
                tasks.queue_draw(result.wave_number, result.request)
            elif ok and action == "publish":  # the minute job resumes it if this fails
                tasks.announce_results(result.wave_number)
        except Exception:
            logger.exception("could not queue the %s of wave %s", action, result.wave_number)
            if action == "draw":
                self.message = QUEUE_DOWN
                return False
        return ok

    @rx.event(background=True)
    async def watch(self):
        """Follow a running draw or result fan-out until it ends (one watcher per tab)."""
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
                        await self._reader(Area.WAVES)
                    except AccessDenied:
                        return
                try:
                    cards, busy = await call(wave_console.cards)
                except Exception:  # a busy database: look again at the next tick
                    logger.exception("could not read the waves while a draw runs")
                    continue
                async with self:
                    self.waves = cards
        finally:
            async with self:
                self._watching = False


def _detail(label: str, value) -> rx.Component:
    return rx.box(
        rx.text(label, size="1", color="gray"),
        rx.text(value, size="2", weight="medium"),
    )


def _count(label: str, value) -> rx.Component:
    return rx.box(
        rx.text(label, size="1", color="gray"),
        rx.text(value, size="4", weight="bold"),
    )


def _secret(label: str, value) -> rx.Component:
    return rx.box(
        rx.text(label, size="1", color="gray"),
        rx.code(value, size="1", word_break="break-all"),
        width="100%",
    )


def _action(label: str, wave: WaveCard, action: str, shown, **props) -> rx.Component:
    return rx.cond(
        shown,
        rx.button(
            label,
            on_click=WavesState.ask(wave.wave_id, action),
            size="2",
            **props,
        ),
    )


def _confirmation(wave: WaveCard) -> rx.Component:
    return rx.cond(
        WavesState.confirm_wave == wave.wave_id,
        rx.callout.root(
            rx.vstack(
                rx.text(WavesState.confirm_question, weight="medium"),
                rx.hstack(
                    rx.button(
                        WavesState.confirm_label, on_click=WavesState.confirm, color_scheme="red"
                    ),
                    rx.button("Batal", on_click=WavesState.cancel, variant="soft"),
                    wrap="wrap",
                ),
                spacing="2",
            ),
            color_scheme="amber",
            role="alertdialog",
            aria_label=f"Konfirmasi {wave.title}",
        ),
    )


def _acted(wave: WaveCard) -> rx.Component:
    here = WavesState.acted_wave == wave.wave_id
    return rx.fragment(
        rx.cond(
            here & (WavesState.message != ""),
            rx.callout(WavesState.message, icon="triangle_alert", color_scheme="red", role="alert"),
        ),
        rx.cond(
            here & (WavesState.notice != ""),
            rx.callout(WavesState.notice, icon="circle_check", color_scheme="green", role="status"),
        ),
    )


def _progress(wave: WaveCard) -> rx.Component:
    return rx.cond(
        wave.busy,
        rx.vstack(
            rx.progress(
                value=wave.progress,
                max=100,
                aria_label=f"Kemajuan {wave.title}",
                width="100%",
            ),
            rx.text(wave.progress_label, size="2", aria_live="polite"),
            spacing="1",
            width="100%",
        ),
    )


def _wave_card(wave: WaveCard) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(wave.title, size="4", as_="h2"),
                rx.badge(wave.status_label, color_scheme=wave.status_color, size="2"),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.grid(
                _detail("Waktu buka", wave.opens),
                _detail("Waktu tutup", wave.closes),
                _detail("Kuota", wave.quota),
                _detail("Wilayah", wave.area),
                _detail("Batas per KK", wave.kk_cap),
                rx.cond(
                    wave.province_quotas != "", _detail("Kuota per provinsi", wave.province_quotas)
                ),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="3",
                width="100%",
            ),
            rx.flex(
                _count("Pendaftar", wave.applications),
                rx.cond(
                    wave.drawn,
                    rx.fragment(
                        _count("Terpilih", wave.selected),
                        _count("Tidak terpilih", wave.not_selected),
                        _count("Dikecualikan", wave.excluded),
                    ),
                ),
                spacing="5",
                wrap="wrap",
            ),
            _progress(wave),
            rx.cond(
                wave.draw_failed,
                rx.callout(
                    "Undian terakhir gagal dan tidak mengubah data apa pun. Jalankan lagi; bila"
                    " gagal lagi, lihat halaman Tugas terjadwal.",
                    icon="triangle_alert",
                    color_scheme="red",
                ),
            ),
            rx.cond(
                wave.seed_hash != "",
                _secret("Hash benih undian (diumumkan saat dibuka)", wave.seed_hash),
            ),
            rx.cond(wave.seed != "", _secret("Benih undian (dibuka bersama hasil)", wave.seed)),
            _acted(wave),
            _confirmation(wave),
            rx.cond(
                WavesState.can_act,
                rx.flex(
                    rx.cond(
                        wave.can_edit,
                        rx.button(
                            "Ubah", on_click=WavesState.edit(wave.wave_id), variant="soft", size="2"
                        ),
                    ),
                    _action("Buka gelombang", wave, "open", wave.can_open),
                    _action("Tutup gelombang", wave, "close", wave.can_close, variant="outline"),
                    _action("Jalankan undian", wave, "draw", wave.can_draw),
                    _action("Umumkan hasil", wave, "publish", wave.can_publish),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        role="region",
        aria_label=wave.title,
        width="100%",
    )


def _province(code: str, name: str) -> rx.Component:
    checkbox = setup.province_field(code)
    quota = setup.province_quota_field(code)
    return rx.vstack(
        rx.el.label(
            rx.el.input(
                type="checkbox",
                name=checkbox,
                id=checkbox,
                default_checked=WavesState.draft[checkbox] == "on",
                class_name="choice-input",
            ),
            rx.text(name, size="2"),
            class_name="choice",
        ),
        rx.input(
            name=quota,
            id=quota,
            default_value=WavesState.draft[quota],
            placeholder="Kuota (opsional)",
            aria_label=f"Kuota {name}",
            aria_invalid=rx.cond(WavesState.errors.contains(quota), "true", "false"),
            aria_describedby=rx.cond(WavesState.errors.contains(quota), f"{quota}-error", ""),
            input_mode="numeric",
            size="2",
            width="100%",
        ),
        field_error(quota, WavesState.errors),
        spacing="1",
        width="100%",
    )


def _wave_form() -> rx.Component:
    errors = WavesState.errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(
                    rx.cond(WavesState.editing != 0, "Ubah gelombang", "Gelombang baru"),
                    size="5",
                    as_="h2",
                ),
                form_message(WavesState.message),
                rx.grid(
                    text_field(
                        "Nomor gelombang",
                        "number",
                        errors,
                        default_value=WavesState.draft["number"],
                        input_mode="numeric",
                    ),
                    text_field(
                        "Kuota peserta",
                        "quota",
                        errors,
                        hint="Jumlah peserta yang dipilih, misalnya 800.000.",
                        default_value=WavesState.draft["quota"],
                        input_mode="numeric",
                    ),
                    text_field(
                        "Waktu buka (WIB)",
                        "opens_at",
                        errors,
                        kind="datetime-local",
                        default_value=WavesState.draft["opens_at"],
                    ),
                    text_field(
                        "Waktu tutup (WIB)",
                        "closes_at",
                        errors,
                        kind="datetime-local",
                        default_value=WavesState.draft["closes_at"],
                    ),
                    text_field(
                        "Batas penerima per Kartu Keluarga (KK)",
                        "kk_cap",
                        errors,
                        hint="Kosongkan bila tanpa batas.",
                        default_value=WavesState.draft["kk_cap"],
                        input_mode="numeric",
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                radio_group(
                    "Wilayah gelombang",
                    "scope",
                    [
                        (setup.ALL_PROVINCES, "Seluruh Indonesia"),
                        (setup.SOME_PROVINCES, "Hanya provinsi yang dicentang"),
                    ],
                    errors,
                    default_value=WavesState.draft["scope"],
                ),
                field_error("provinces", errors),
                rx.el.details(
                    rx.el.summary(
                        "Provinsi dan kuota per provinsi (opsional)",
                        font_weight="500",
                        cursor="pointer",
                    ),
                    rx.text(
                        "Centang provinsi bila gelombang hanya untuk provinsi tertentu. Kuota"
                        " provinsi membatasi peserta terpilih dari provinsi domisili itu; boleh"
                        " dikosongkan.",
                        size="2",
                        color="gray",
                    ),
                    rx.grid(
                        *[_province(code, name) for code, name in PROVINCES.items()],
                        columns=rx.breakpoints(initial="2", md="3", lg="4"),
                        spacing="3",
                        width="100%",
                        margin_top="8px",
                    ),
                    id="provinces",
                    open=WavesState.provinces_open,
                    width="100%",
                ),
                rx.flex(
                    rx.button("Simpan gelombang", type="submit", size="3"),
                    rx.button(
                        "Batal",
                        type="button",
                        variant="soft",
                        size="3",
                        on_click=WavesState.close_form,
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="4",
                width="100%",
            ),
            key=WavesState.form_key,
            on_submit=WavesState.save,
            no_validate=True,
            width="100%",
        ),
        width="100%",
    )


def _waves() -> rx.Component:
    return rx.vstack(
        rx.text(
            "Buat gelombang, buka dan tutup pendaftarannya, jalankan undian setelah ditutup, lalu"
            " umumkan hasilnya. Waktu ditampilkan dalam WIB.",
        ),
        rx.cond((WavesState.acted_wave == 0) & ~WavesState.form_open, refusal(WavesState)),
        rx.cond(
            WavesState.can_act & ~WavesState.form_open,
            rx.button("Buat gelombang", on_click=WavesState.new_wave, size="3"),
        ),
        rx.cond(WavesState.form_open, _wave_form()),
        rx.cond(
            WavesState.waves.length() == 0,
            rx.text("Belum ada gelombang."),
            rx.foreach(WavesState.waves, _wave_card),
        ),
        spacing="4",
        width="100%",
    )


@rx.page(
    route=routes.ADMIN_WAVES, title="Gelombang - Admin Kartu Prakerja", on_load=WavesState.load
)
def admin_waves() -> rx.Component:
    """The waves page."""
    return admin_frame(WavesState, "Gelombang", _waves())
