"""What the waves page (/admin/gelombang) shows: each wave's card, in the operator's words,
and the wave form's values."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from prakerja_app.models import Wave
from prakerja_app.services.core.formatting import WIB, number, wib_datetime
from prakerja_app.services.core.vocab import DrawStage
from prakerja_app.services.registration.regions import PROVINCES
from prakerja_app.services.selection import overview
from prakerja_app.services.selection.overview import Phase, WaveFacts
from prakerja_app.services.selection.setup import (
    ALL_PROVINCES,
    SOME_PROVINCES,
    WaveSettings,
    current_settings,
    province_field,
    province_quota_field,
)

PHASE_LABELS: dict[Phase, tuple[str, str]] = {  # label, badge colour
    Phase.SCHEDULED: ("Terjadwal", "gray"),
    Phase.UPCOMING: ("Dibuka, menunggu waktu buka", "blue"),
    Phase.OPEN: ("Dibuka", "green"),
    Phase.CLOSED: ("Ditutup", "orange"),
    Phase.DRAWING: ("Undian berjalan", "amber"),
    Phase.DRAWN: ("Sudah diundi, hasil belum diumumkan", "purple"),
    Phase.ANNOUNCING: ("Hasil diumumkan, pesan sedang disiapkan", "teal"),
    Phase.ANNOUNCED: ("Hasil diumumkan", "teal"),
}

# A running draw's progress: (percent, what it is doing). None: no worker has started it.
DRAW_STAGES: dict[DrawStage | None, tuple[int, str]] = {
    None: (5, "Menunggu pekerja latar belakang memulai undian."),
    DrawStage.STARTED: (15, "Undian dimulai."),
    DrawStage.DECIDING: (35, "Memeriksa daftar pengecualian, kelompok prioritas, dan urutan acak."),
    DrawStage.PARTICIPANTS: (65, "Membuat peserta dan nomor Kartu Prakerja."),
    DrawStage.BALANCES: (85, "Memberikan saldo pelatihan kepada peserta."),
}


UNKNOWN = "\N{EN DASH}"  # a count not kept by this system


@dataclass
class WaveCard:
    """One wave on the page; the flags say which actions its phase allows."""

    wave_id: int
    title: str
    status_label: str
    status_color: str
    opens: str
    closes: str
    quota: str
    area: str
    kk_cap: str
    province_quotas: str
    applications: str
    drawn: bool
    selected: str
    not_selected: str
    excluded: str
    seed_hash: str
    seed: str
    busy: bool
    progress: int
    progress_label: str
    draw_failed: bool
    can_edit: bool
    can_open: bool
    can_close: bool
    can_draw: bool
    can_publish: bool


def _area(settings: WaveSettings) -> str:
    if settings.province_codes is None:
        return "Seluruh Indonesia"
    return ", ".join(PROVINCES.get(code, code) for code in settings.province_codes)


def _province_quotas(settings: WaveSettings) -> str:
    return "; ".join(
        f"{PROVINCES.get(code, code)} {number(quota)}"
        for code, quota in sorted(settings.province_quotas.items())
    )


def _progress(facts: WaveFacts) -> tuple[int, str]:
    if facts.phase == Phase.DRAWING:
        return DRAW_STAGES[facts.draw_stage]
    if facts.phase == Phase.ANNOUNCING:
        total = max(facts.applications, 1)
        return (
            min(100, facts.told * 100 // total),
            f"Pesan hasil seleksi disiapkan untuk {number(facts.told)} dari"
            f" {number(facts.applications)} pendaftar.",
        )
    return 0, ""


def _counts(facts: WaveFacts) -> tuple[str, str, str, str]:
    """Applications, selected, not selected and excluded; a wave from before this system
    (its applications not kept here) shows only its recorded selected count."""
    counts = facts.counts
    if counts is None:
        return number(facts.applications), "", "", ""
    if counts.applicants == 0 and facts.selected_count:
        return UNKNOWN, number(facts.selected_count), UNKNOWN, UNKNOWN
    return (
        number(counts.applicants),
        number(counts.selected),
        number(counts.not_selected),
        number(counts.excluded),
    )


def card(facts: WaveFacts) -> WaveCard:
    """A wave's card."""
    settings, counts, phase = facts.settings, facts.counts, facts.phase
    applications, selected, not_selected, excluded = _counts(facts)
    label, color = PHASE_LABELS[phase]
    if phase == Phase.UPCOMING:
        label = f"Dibuka, menerima pendaftaran mulai {wib_datetime(settings.opens_at)}"
    progress, progress_label = _progress(facts)
    return WaveCard(
        wave_id=facts.wave_id,
        title=f"Gelombang {settings.number}",
        status_label=label,
        status_color=color,
        opens=wib_datetime(settings.opens_at),
        closes=wib_datetime(settings.closes_at),
        quota=number(settings.quota),
        area=_area(settings),
        kk_cap=f"{settings.kk_cap} orang per KK" if settings.kk_cap else "Tanpa batas",
        province_quotas=_province_quotas(settings),
        applications=applications,
        drawn=counts is not None,
        selected=selected,
        not_selected=not_selected,
        excluded=excluded,
        seed_hash=facts.seed_hash or "",
        seed=facts.seed or "",
        busy=phase in (Phase.DRAWING, Phase.ANNOUNCING),
        progress=progress,
        progress_label=progress_label,
        draw_failed=facts.draw_failed,
        can_edit=phase == Phase.SCHEDULED,
        can_open=phase == Phase.SCHEDULED,
        can_close=phase in (Phase.UPCOMING, Phase.OPEN),
        can_draw=phase in (Phase.UPCOMING, Phase.OPEN, Phase.CLOSED),
        can_publish=phase == Phase.DRAWN,
    )


def cards(db: Session, now: datetime) -> tuple[list[WaveCard], bool]:
    """Every wave's card, the newest first, and whether a draw or fan-out is under way."""
    facts = overview.waves(db, now)
    return [card(f) for f in facts], overview.busy(facts)


def _local(moment: datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%dT%H:%M")


def blank_form(db: Session) -> dict[str, str]:
    """The form for a new wave: the next number, every other field empty."""
    last = db.exec(select(func.max(col(Wave.number)))).one() or 0
    values = {"number": str(last + 1), "opens_at": "", "closes_at": "", "quota": ""}
    values |= {"kk_cap": "", "scope": ALL_PROVINCES}
    for code in PROVINCES:
        values |= {province_field(code): "", province_quota_field(code): ""}
    return values


def form_of(db: Session, wave_id: int) -> dict[str, str] | None:
    """The form holding a wave's settings, to edit them; None for an unknown wave."""
    wave = db.get(Wave, wave_id)
    if wave is None:
        return None
    settings = current_settings(db, wave)
    chosen = settings.province_codes or ()
    values = {
        "number": str(settings.number),
        "opens_at": _local(settings.opens_at),
        "closes_at": _local(settings.closes_at),
        "quota": str(settings.quota),
        "kk_cap": str(settings.kk_cap or ""),
        "scope": ALL_PROVINCES if settings.province_codes is None else SOME_PROVINCES,
    }
    for code in PROVINCES:
        values[province_field(code)] = "on" if code in chosen else ""
        values[province_quota_field(code)] = str(settings.province_quotas.get(code, ""))
    return values
