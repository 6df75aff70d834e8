"""Small builders for test data, with sensible defaults and keyword overrides."""

from datetime import datetime, timedelta
from itertools import count

from sqlmodel import Session

from prakerja_app.models import (
    Participant,
    Platform,
    Training,
    TrainingProvider,
    User,
    Wave,
)
from prakerja_app.services import auth
from prakerja_app.services.vocab import Role, WaveStatus

# The seven digital platforms of September 2020, as the pages list them (by name).
ACTIVE_PLATFORMS = (
    "Bukalapak",
    "MauBelajarApa",
    "Pijar Mahir",
    "Pintaria",
    "Sekolah.mu",
    "Sisnaker",
    "Tokopedia",
)

_serial = count(1)
PASSWORD = "kopi-tubruk-pagi-hari"


def user(db: Session, now: datetime, role: Role = Role.APPLICANT, **changes) -> User:
    """An account with the password PASSWORD and a confirmed email."""
    n = next(_serial)
    made = auth.create_user(
        db,
        email=changes.pop("email", f"orang{n}@contoh.id"),
        full_name=changes.pop("full_name", f"Orang Ke-{n}"),
        password=changes.pop("password", PASSWORD),
        role=role,
        now=now,
    )
    made.email_verified_at = changes.pop("email_verified_at", now)
    for key, value in changes.items():
        setattr(made, key, value)
    db.commit()
    return made


def wave(db: Session, now: datetime, **changes) -> Wave:
    """A wave open around `now`."""
    made = Wave(
        number=changes.pop("number", next(_serial) + 100),
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=2),
        quota=800_000,
        status=WaveStatus.OPEN,
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def participant(db: Session, now: datetime, **changes) -> Participant:
    """A selected participant (with their own account and wave), no balance yet."""
    n = next(_serial)
    owner = user(db, now)
    made = Participant(
        user_id=owner.id,
        nik=f"3174051203{n:06d}"[:16],
        wave_id=changes.pop("wave_id", None) or wave(db, now).id,
        card_number=f"5{n:015d}",
        selected_at=now,
        first_purchase_deadline=now + timedelta(days=30),
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def training(db: Session, **changes) -> Training:
    """An active training on a new platform by a new provider."""
    n = next(_serial)
    platform = Platform(slug=f"p{n}", name=f"Platform {n}", website="https://x.id", description="")
    provider = TrainingProvider(slug=f"lp{n}", name=f"LP {n}", city="Jakarta", description="")
    db.add_all([platform, provider])
    db.flush()
    made = Training(
        code=f"T-{n}",
        title=f"Pelatihan {n}",
        provider_id=provider.id,
        platform_id=platform.id,
        category="kuliner",
        format="video",
        price=changes.pop("price", 150_000),
        duration_minutes=120,
        description="",
        published_on=datetime(2020, 8, 1).date(),
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made
