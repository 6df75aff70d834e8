"""The demo: the program as it stood on 4 September 2020. Seeding twice changes nothing."""

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any, TypeVar, cast

from sqlalchemy.orm import Mapped
from sqlmodel import Session, SQLModel, col, select

from prakerja_app.models import (
    ExclusionEntry,
    Platform,
    ProgramSetting,
    Training,
    TrainingProvider,
    User,
    Wave,
)
from prakerja_app.services.accounts import users
from prakerja_app.services.core import clock, secret_box
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.vocab import AdminRole, PlatformStatus, Role, WaveStatus
from prakerja_app.services.demo import dataset
from prakerja_app.services.demo.dataset import DemoPlatform, DemoProvider, DemoTraining, DemoWave
from prakerja_app.services.marketplace import api_credentials
from prakerja_app.services.selection import draw
from prakerja_app.services.surveys import questions

T = TypeVar("T")

ADMIN_NAME = "Admin Manajemen Pelaksana"
DEMO_START = wib_to_utc(2020, 9, 4, 9, 0)


@dataclass(frozen=True)
class SeedReport:
    """What a seed run added (all zero on a second run)."""

    platforms: int = 0
    providers: int = 0
    trainings: int = 0
    waves: int = 0
    settings: int = 0


def _wave(w: DemoWave) -> Wave:
    """A demo wave; an announced one with its (revealed) seed, an open one without: the
    seed of an open wave is committed by `draw.commit_seed`."""
    announced = w.selected_count is not None
    seed = secrets.token_hex(32) if announced else None
    return Wave(
        number=w.number,
        opens_at=w.opens_at,
        closes_at=w.closes_at,
        quota=w.quota,
        status=WaveStatus.ANNOUNCED if announced else WaveStatus.OPEN,
        selected_count=w.selected_count,
        seed=seed,
        seed_hash=hashlib.sha256(seed.encode()).hexdigest() if seed else None,
        drawn_at=w.closes_at if announced else None,
        announced_at=w.closes_at if announced else None,
        results_queued_at=w.closes_at if announced else None,  # history: no one to tell
    )


def _platform(p: DemoPlatform) -> Platform:
    return Platform(
        slug=p.slug,
        name=p.name,
        website=p.website,
        description=p.description,
        status=PlatformStatus.WITHDRAWN if p.withdrawn_at else PlatformStatus.ACTIVE,
        withdrawn_at=p.withdrawn_at,
        withdrawal_reason=p.withdrawal_reason,
    )


def _provider(p: DemoProvider) -> TrainingProvider:
    return TrainingProvider(
        slug=p.slug,
        name=p.name,
        city=p.city,
        description=p.description,
        client_code=f"lp-{p.slug}",
        sign_key_sealed=secret_box.seal(secrets.token_urlsafe(api_credentials.KEY_BYTES)),
    )


def _training(
    t: DemoTraining, platform_ids: dict[str, int], provider_ids: dict[str, int]
) -> Training:
    return Training(
        code=t.code,
        title=t.title,
        provider_id=provider_ids[t.provider],
        platform_id=platform_ids[t.platform],
        category=t.category,
        format=t.format,
        price=t.price,
        duration_minutes=t.duration_minutes,
        description=t.description,
        published_on=t.published_on,
    )


def _add_missing(
    db: Session,
    key_column: Mapped[Any],
    items: Iterable[T],
    key: Callable[[T], object],
    build: Callable[[T], SQLModel],
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
    by_slug = attrgetter("slug")
    platforms = _add_missing(db, col(Platform.slug), dataset.platforms(), by_slug, _platform)
    providers = _add_missing(
        db, col(TrainingProvider.slug), dataset.providers(), by_slug, _provider
    )
    # Ids read back are never None (the models' `id` is None only before the insert).
    platform_ids = cast(dict[str, int], dict(db.exec(select(Platform.slug, Platform.id)).all()))
    provider_ids = cast(
        dict[str, int], dict(db.exec(select(TrainingProvider.slug, TrainingProvider.id)).all())
    )
    trainings = _add_missing(
        db,
        col(Training.code),
        dataset.trainings(),
        attrgetter("code"),
        lambda t: _training(t, platform_ids, provider_ids),
    )
    demo_waves = dataset.waves()
    waves = _add_missing(db, col(Wave.number), demo_waves, attrgetter("number"), _wave)
    questions.install(db)
    _add_missing(
        db,
        col(ExclusionEntry.nik),
        dataset.exclusions(),
        attrgetter("nik"),
        lambda e: ExclusionEntry(nik=e.nik, reason=e.reason, source=e.source),
    )
    settings = _add_setting(db, "motivation_test", dataset.motivation_test())
    if db.get(ProgramSetting, clock.CLOCK_KEY) is None:
        clock.set_program_time(db, DEMO_START, real_now)
        settings += 1
    program_time = clock.program_now(db, real_now)
    unsealed = select(Wave.id).where(
        col(Wave.number).in_([w.number for w in demo_waves]),
        Wave.status == WaveStatus.OPEN,
        col(Wave.seed_hash).is_(None),
    )
    for wave_id in cast(Sequence[int], db.exec(unsealed).all()):  # ids read back: never None
        draw.commit_seed(db, wave_id, program_time)
    db.commit()
    return SeedReport(platforms, providers, trainings, waves, settings)


def ensure_admin(db: Session, email: str, now: datetime) -> str | None:
    """Create the first admin with a generated password, returned once; None if one exists.

    The demo's admin holds every role, so a new user can try every page of the console.
    """
    if db.exec(select(User.id).where(User.role == Role.ADMIN)).first() is not None:
        return None
    return users.create_admin(
        db, email=email, full_name=ADMIN_NAME, now=now, roles=tuple(AdminRole)
    )
