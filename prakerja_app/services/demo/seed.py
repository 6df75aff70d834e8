"""The demo: the program as it stood on 4 September 2020. Seeding twice changes nothing."""

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import TypeVar

from sqlmodel import Session, col, select

from prakerja_app.models import (
    ExclusionEntry,
    Platform,
    ProgramSetting,
    Survey,
    Training,
    TrainingProvider,
    User,
    Wave,
)
from prakerja_app.services.accounts import sessions
from prakerja_app.services.core import clock
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.vocab import ExclusionReason, PlatformStatus, Role, WaveStatus
from prakerja_app.services.demo import catalogue as demo_catalogue
from prakerja_app.services.selection import draw

T = TypeVar("T")

ADMIN_NAME = "Admin Manajemen Pelaksana"
DEMO_START = wib_to_utc(2020, 9, 4, 9, 0)
RUANGGURU_WITHDRAWN_AT = wib_to_utc(2020, 9, 4, 0, 0)
RUANGGURU_REASON = (
    "Ruangguru mengundurkan diri sebagai platform digital mulai 4 September 2020 dan tetap"
    " menjadi lembaga pelatihan."
)

# (number, opens (y, m, d, h), closes (y, m, d, h, min), quota, selected) in WIB.
WAVES = (
    (1, (2020, 4, 11, 16), (2020, 4, 16, 16, 0), 168_111, 168_111),
    (2, (2020, 4, 20, 12), (2020, 4, 23, 16, 0), 288_154, 288_154),
    (3, (2020, 4, 26, 12), (2020, 4, 30, 16, 0), 224_615, 224_615),
    (4, (2020, 8, 8, 12), (2020, 8, 12, 23, 59), 800_000, 800_000),
    (5, (2020, 8, 15, 12), (2020, 8, 19, 23, 59), 800_000, 800_000),
    (6, (2020, 8, 22, 12), (2020, 8, 26, 23, 59), 800_000, 800_000),
    (7, (2020, 9, 3, 12), (2020, 9, 6, 23, 59), 800_000, None),
)

MOTIVATION_TEST = {
    "duration_seconds": 60,
    "questions": [
        {
            "text": "Apa alasan utama Anda mengikuti Kartu Prakerja?",
            "options": [
                "Meningkatkan keterampilan agar mudah mendapat pekerjaan",
                "Mengembangkan usaha sendiri",
                "Beralih ke bidang pekerjaan baru",
                "Mendapatkan insentif saja",
            ],
            "scores": [3, 3, 3, 0],
        },
        {
            "text": "Berapa jam per minggu yang dapat Anda luangkan untuk pelatihan?",
            "options": ["Kurang dari 2 jam", "2 sampai 5 jam", "Lebih dari 5 jam"],
            "scores": [1, 2, 3],
        },
        {
            "text": "Setelah pelatihan selesai, apa yang akan Anda lakukan?",
            "options": [
                "Melamar pekerjaan dengan keterampilan baru",
                "Menerapkannya pada usaha saya",
                "Mengikuti pelatihan lanjutan",
                "Belum tahu",
            ],
            "scores": [3, 3, 2, 0],
        },
    ],
}

SURVEYS = (
    (1, "Survei evaluasi 1: pengalaman pendaftaran dan pelatihan"),
    (2, "Survei evaluasi 2: manfaat pelatihan bagi pekerjaan"),
    (3, "Survei evaluasi 3: kondisi kerja setelah program"),
)

# Sample entries of the exclusion lists the program office receives (fictional NIKs).
EXCLUSIONS = (
    ("3171010101800001", ExclusionReason.CIVIL_SERVANT, "Daftar ASN (BKN)"),
    ("3273011202850002", ExclusionReason.MILITARY, "Daftar anggota TNI"),
    ("3578015503900003", ExclusionReason.POLICE, "Daftar anggota Polri"),
)


@dataclass(frozen=True)
class SeedReport:
    """What a seed run added (all zero on a second run)."""

    platforms: int = 0
    providers: int = 0
    trainings: int = 0
    waves: int = 0
    settings: int = 0


def _wave(number, opens, closes, quota, selected) -> Wave:
    """A demo wave; an announced one with its (revealed) seed, an open one without: the
    seed of an open wave is committed by `draw.commit_seed`."""
    announced = selected is not None
    seed = secrets.token_hex(32) if announced else None
    return Wave(
        number=number,
        opens_at=wib_to_utc(*opens),
        closes_at=wib_to_utc(*closes),
        quota=quota,
        status=WaveStatus.ANNOUNCED if announced else WaveStatus.OPEN,
        selected_count=selected,
        seed=seed,
        seed_hash=hashlib.sha256(seed.encode()).hexdigest() if seed else None,
        announced_at=wib_to_utc(*closes) if announced else None,
    )


def _platform(p: dict) -> Platform:
    withdrawn = p["withdrawn"]
    return Platform(
        slug=p["slug"],
        name=p["name"],
        website=p["website"],
        description=p["description"],
        status=PlatformStatus.WITHDRAWN if withdrawn else PlatformStatus.ACTIVE,
        withdrawn_at=RUANGGURU_WITHDRAWN_AT if withdrawn else None,
        withdrawal_reason=RUANGGURU_REASON if withdrawn else None,
    )


def _provider(p: dict) -> TrainingProvider:
    return TrainingProvider(
        slug=p["slug"],
        name=p["name"],
        city=p["city"],
        description=p["description"],
        client_code=f"lp-{p['slug']}",
        sign_key=secrets.token_hex(32),
    )


def _training(t: dict, platform_ids: dict[str, int], provider_ids: dict[str, int]) -> Training:
    return Training(
        code=t["code"],
        title=t["title"],
        provider_id=provider_ids[t["provider"]],
        platform_id=platform_ids[t["platform"]],
        category=t["category"],
        format=t["format"],
        price=t["price"],
        duration_minutes=t["duration_minutes"],
        description=t["description"],
        published_on=date.fromisoformat(t["published_on"]),
    )


def _add_missing(
    db: Session, key_column, items: Iterable[T], key: Callable[[T], object], build
) -> int:
    """Add `build(item)` for every item whose key is not in `key_column` yet; count them."""
    have = set(db.exec(select(key_column)))
    rows = [build(item) for item in items if key(item) not in have]
    db.add_all(rows)
    db.flush()
    return len(rows)


def _add_setting(db: Session, key: str, value: object) -> int:
    if db.get(ProgramSetting, key) is not None:
        return 0
    db.add(ProgramSetting(key=key, value_json=json.dumps(value)))
    return 1


def seed_demo(db: Session, real_now: datetime) -> SeedReport:
    """Add whatever part of the demo data is missing, then commit.

    Args:
        db: the session to write with.
        real_now: the real time; the program clock is set to 4 Sep 2020 09:00 WIB
            the first time only.
    """
    by_slug = itemgetter("slug")
    platforms = _add_missing(db, Platform.slug, demo_catalogue.PLATFORMS, by_slug, _platform)
    providers = _add_missing(
        db, TrainingProvider.slug, demo_catalogue.PROVIDERS, by_slug, _provider
    )
    platform_ids = dict(db.exec(select(Platform.slug, Platform.id)).all())
    provider_ids = dict(db.exec(select(TrainingProvider.slug, TrainingProvider.id)).all())
    trainings = _add_missing(
        db,
        Training.code,
        demo_catalogue.TRAININGS,
        itemgetter("code"),
        lambda t: _training(t, platform_ids, provider_ids),
    )
    waves = _add_missing(db, Wave.number, WAVES, itemgetter(0), lambda w: _wave(*w))
    _add_missing(
        db,
        Survey.sequence,
        SURVEYS,
        itemgetter(0),
        lambda s: Survey(sequence=s[0], title=s[1], questions_json="[]"),
    )
    _add_missing(
        db,
        ExclusionEntry.nik,
        EXCLUSIONS,
        itemgetter(0),
        lambda e: ExclusionEntry(nik=e[0], reason=e[1], source=e[2]),
    )
    settings = _add_setting(db, "motivation_test", MOTIVATION_TEST)
    if db.get(ProgramSetting, clock.CLOCK_KEY) is None:
        clock.set_program_time(db, DEMO_START, real_now)
        settings += 1
    program_time = clock.program_now(db, real_now)
    unsealed = select(Wave.id).where(
        col(Wave.number).in_([w[0] for w in WAVES]),
        Wave.status == WaveStatus.OPEN,
        col(Wave.seed_hash).is_(None),
    )
    for wave_id in db.exec(unsealed).all():
        draw.commit_seed(db, wave_id, program_time)
    db.commit()
    return SeedReport(platforms, providers, trainings, waves, settings)


def ensure_admin(db: Session, email: str, now: datetime) -> str | None:
    """Create the first admin with a generated password, returned once; None if one exists."""
    if db.exec(select(User.id).where(User.role == Role.ADMIN)).first() is not None:
        return None
    return sessions.create_admin(db, email=email, full_name=ADMIN_NAME, now=now)
