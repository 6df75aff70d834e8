"""Setting a wave up (the program office): create it, and edit it until it opens.

A wave's settings: its number, opening and closing time (typed in WIB, stored in UTC),
the quota, the provinces it is open for (or all of Indonesia), the cap per family card
(KK) and, optionally, a quota per province of domicile (`WaveProvinceQuota`). The form
arrives as the browser sent it (strings); every field is checked here, and every refusal
names its field.
"""

import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from prakerja_app.models import Wave, WaveProvinceQuota, id_of
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.formatting import WIB
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import WaveStatus
from prakerja_app.services.registration.regions import PROVINCES
from prakerja_app.services.selection.cards import MAX_WAVE_NUMBER
from prakerja_app.services.selection.draw import province_quotas
from prakerja_app.services.selection.errors import SelectionError

MAX_QUOTA = 10_000_000
MAX_KK_CAP = 20
ALL_PROVINCES = "all"  # the form's ``scope`` for a wave open to all of Indonesia
SOME_PROVINCES = "some"
_WHOLE = re.compile(r"[0-9]{1,9}|[0-9]{1,3}(\.[0-9]{3}){1,2}")  # 800000 or 800.000
_LOCAL_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")


def province_field(code: str) -> str:
    """The form's checkbox for a province: ``prov_31``."""
    return f"prov_{code}"


def province_quota_field(code: str) -> str:
    """The form's quota input for a province: ``pq_31``."""
    return f"pq_{code}"


@dataclass(frozen=True)
class WaveSettings:
    """A wave's settings, checked."""

    number: int
    opens_at: datetime
    closes_at: datetime
    quota: int
    province_codes: tuple[str, ...] | None  # None: all of Indonesia
    kk_cap: int | None
    province_quotas: dict[str, int]


def _whole(raw: str) -> int | None:
    text = raw.strip()
    return int(text.replace(".", "")) if _WHOLE.fullmatch(text) else None


def _time(raw: str) -> datetime:
    text = raw.strip()[:16]
    try:
        if not _LOCAL_TIME.fullmatch(text):
            raise ValueError(text)
        return datetime.fromisoformat(text).replace(tzinfo=WIB).astimezone(UTC)
    except ValueError:
        raise DomainError(SelectionError.TIME_INVALID) from None


def _number(raw: str) -> int:
    value = _whole(raw)
    if value is None or not 1 <= value <= MAX_WAVE_NUMBER:
        raise DomainError(SelectionError.NUMBER_INVALID, maximum=MAX_WAVE_NUMBER)
    return value


def _quota(raw: str) -> int:
    value = _whole(raw)
    if value is None or not 1 <= value <= MAX_QUOTA:
        raise DomainError(SelectionError.QUOTA_INVALID, maximum=MAX_QUOTA)
    return value


def _kk_cap(raw: str) -> int | None:
    if not raw.strip():
        return None
    value = _whole(raw)
    if value is None or not 1 <= value <= MAX_KK_CAP:
        raise DomainError(SelectionError.KK_CAP_INVALID, maximum=MAX_KK_CAP)
    return value


def _provinces(form: dict[str, str]) -> tuple[str, ...] | None:
    if form.get("scope") != SOME_PROVINCES:
        return None
    chosen = tuple(code for code in PROVINCES if form.get(province_field(code)) == "on")
    if not chosen:
        raise DomainError(SelectionError.PROVINCES_REQUIRED)
    return chosen


def _province_quotas(
    form: dict[str, str],
    quota: int | None,
    provinces: tuple[str, ...] | None,
    errors: dict[str, DomainError],
) -> dict[str, int]:
    quotas = {}
    for code, name in PROVINCES.items():
        raw = form.get(province_quota_field(code), "").strip()
        if not raw:
            continue
        value = _whole(raw)
        field = province_quota_field(code)
        if value is None or value < 1 or (quota is not None and value > quota):
            errors[field] = DomainError(
                SelectionError.PROVINCE_QUOTA_INVALID, province=name, quota=quota or MAX_QUOTA
            )
        elif provinces is not None and code not in provinces:
            errors[field] = DomainError(SelectionError.PROVINCE_QUOTA_OUTSIDE, province=name)
        else:
            quotas[code] = value
    return quotas


def parse_settings(form: dict[str, str], now: datetime) -> WaveSettings:
    """The wave's settings from its form (as `state.forms.form_text` reads it).

    Raises:
        FormErrors: each wrong field with its refusal.
    """
    errors: dict[str, DomainError] = {}
    number = collect(errors, "number", lambda: _number(form.get("number", "")))
    opens_at = collect(errors, "opens_at", lambda: _time(form.get("opens_at", "")))
    closes_at = collect(errors, "closes_at", lambda: _time(form.get("closes_at", "")))
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = DomainError(SelectionError.CLOSES_BEFORE_OPENS)
    elif closes_at and closes_at <= now:
        errors["closes_at"] = DomainError(SelectionError.CLOSES_IN_PAST)
    quota = collect(errors, "quota", lambda: _quota(form.get("quota", "")))
    kk_cap = collect(errors, "kk_cap", lambda: _kk_cap(form.get("kk_cap", "")))
    provinces = collect(errors, "provinces", lambda: _provinces(form))
    province_quotas = _province_quotas(form, quota, provinces, errors)
    if errors:
        raise FormErrors(errors)
    assert number and opens_at and closes_at and quota  # no errors: each was parsed
    return WaveSettings(number, opens_at, closes_at, quota, provinces, kk_cap, province_quotas)


def _check_number_free(db: Session, number: int, wave_id: int | None = None) -> None:
    taken = db.exec(select(Wave.id).where(Wave.number == number, col(Wave.id) != wave_id)).first()
    if taken is not None:
        raise FormErrors({"number": DomainError(SelectionError.NUMBER_TAKEN, number=number)})


def _columns(settings: WaveSettings) -> dict:
    return {
        "number": settings.number,
        "opens_at": settings.opens_at,
        "closes_at": settings.closes_at,
        "quota": settings.quota,
        "kk_cap": settings.kk_cap,
        "province_codes": (
            None if settings.province_codes is None else ",".join(settings.province_codes)
        ),
    }


def _save_province_quotas(db: Session, wave_id: int, quotas: dict[str, int]) -> None:
    db.exec(sa.delete(WaveProvinceQuota).where(col(WaveProvinceQuota.wave_id) == wave_id))
    db.add_all(
        WaveProvinceQuota(wave_id=wave_id, province_code=code, quota=quota)
        for code, quota in quotas.items()
    )


def create_wave(db: Session, *, now: datetime, actor_id: int, form: dict[str, str]) -> int:
    """Schedule a new wave from its form; commit. Returns its id.

    Raises:
        FormErrors: a wrong field, or a number another wave has.
    """
    settings = parse_settings(form, now)
    _check_number_free(db, settings.number)
    try:
        with committing(db):
            wave = Wave(**_columns(settings), status=WaveStatus.SCHEDULED)
            db.add(wave)
            db.flush()
            _save_province_quotas(db, id_of(wave), settings.province_quotas)
            audit.record(
                db,
                actor_id=actor_id,
                action="wave.create",
                entity="wave",
                entity_id=wave.id,
                after=asdict(settings),
            )
    except IntegrityError:  # the same number, saved meanwhile
        raise FormErrors(
            {"number": DomainError(SelectionError.NUMBER_TAKEN, number=settings.number)}
        ) from None
    return id_of(wave)


def current_settings(db: Session, wave: Wave) -> WaveSettings:
    """The wave's settings as stored."""
    provinces = wave.province_codes
    return WaveSettings(
        number=wave.number,
        opens_at=wave.opens_at,
        closes_at=wave.closes_at,
        quota=wave.quota,
        province_codes=None if provinces is None else tuple(provinces.split(",")),
        kk_cap=wave.kk_cap,
        province_quotas=province_quotas(db, id_of(wave)),
    )


def edit_wave(
    db: Session, *, now: datetime, actor_id: int, wave_id: int, form: dict[str, str]
) -> None:
    """Change a scheduled wave's settings; commit. Once open they are fixed, since its
    seed's hash is public and applicants join on these terms.

    Raises:
        DomainError: ``wave_unknown``; ``not_editable`` once the wave has opened.
        FormErrors: a wrong field, or a number another wave has.
    """
    wave = db.get(Wave, wave_id, populate_existing=True)
    if wave is None:
        raise DomainError(SelectionError.WAVE_UNKNOWN)
    if wave.status != WaveStatus.SCHEDULED:
        raise DomainError(SelectionError.NOT_EDITABLE, number=wave.number)
    settings = parse_settings(form, now)
    _check_number_free(db, settings.number, wave_id)
    before = current_settings(db, wave)
    try:
        with committing(db):
            changed = db.exec(
                sa.update(Wave)
                .where(col(Wave.id) == wave_id, col(Wave.status) == WaveStatus.SCHEDULED)
                .values(**_columns(settings))
                .execution_options(synchronize_session=False)
            ).rowcount
            if changed != 1:  # opened meanwhile
                raise DomainError(SelectionError.NOT_EDITABLE, number=wave.number)
            _save_province_quotas(db, wave_id, settings.province_quotas)
            audit.record(
                db,
                actor_id=actor_id,
                action="wave.edit",
                entity="wave",
                entity_id=wave_id,
                before=asdict(before),
                after=asdict(settings),
            )
    except IntegrityError:
        raise FormErrors(
            {"number": DomainError(SelectionError.NUMBER_TAKEN, number=settings.number)}
        ) from None
