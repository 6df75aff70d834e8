"""Waves, their applicants, and participants."""

from datetime import datetime, timedelta

from sqlmodel import Session

from prakerja_app.models import (
    Participant,
    User,
    Wave,
)
from prakerja_app.services.core.vocab import WaveStatus
from prakerja_app.services.selection.cards import MAX_WAVE_NUMBER
from tests.factories.accounts import user
from tests.factories.numbers import serial


def _wave_number() -> int:
    """A number above the demo's waves that a card number can still hold (101-999),
    different for each wave a test makes (unless it makes hundreds)."""
    return 101 + next(serial) % (MAX_WAVE_NUMBER - 100)


def wave(db: Session, now: datetime, **changes) -> Wave:
    """A wave open around `now`."""
    made = Wave(
        number=changes.pop("number", _wave_number()),
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
    """A selected participant (with their own account and announced wave), no balance yet."""
    n = next(serial)
    owner = user(db, now)
    made = Participant(
        user_id=owner.id,
        nik=f"3174051203{n:06d}"[:16],
        wave_id=changes.pop("wave_id", None) or wave(db, now, status=WaveStatus.ANNOUNCED).id,
        card_number=f"5{n:015d}",
        selected_at=now,
        first_purchase_deadline=now + timedelta(days=30),
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def wave_applicants(
    db: Session, wave_id: int, now: datetime, how_many: int = 1, **profile
) -> list[int]:
    """`how_many` applicants who completed registration and joined wave `wave_id`.

    Written directly (no password hashing, no photos), so a test can draw from hundreds.
    Each has a fresh NIK, KK, phone and email; `profile` overrides ApplicantProfile fields
    for all of them (e.g. ``employment_status="bekerja"``, ``kk_number=...``). Returns the
    application ids.
    """
    from datetime import date

    from prakerja_app.models import ApplicantProfile, RegistrationStep, WaveApplication
    from prakerja_app.services.core.vocab import Employment
    from prakerja_app.services.registration.steps import Step

    applications = []
    for _ in range(how_many):
        n = next(serial)
        made = User(
            email=f"pelamar{n}@contoh.id",
            full_name=f"Pelamar Ke-{n}",
            password_hash="!",
            email_verified_at=now,
            created_at=now,
        )
        db.add(made)
        db.flush()
        values = {
            "nik": f"3174051503{n:06d}",
            "kk_number": f"3174050101{n:06d}",
            "birth_date": date(1990, 3, 15),
            "sex": "L",
            "full_name_ktp": made.full_name,
            "province_code": "31",
            "regency_code": "3174",
            "employment_status": Employment.LOOKING,
            "in_formal_education": False,
            "excluded_occupation": False,
            "data_submitted_at": now,
            "phone": f"+62811{n:08d}",
            "phone_verified_at": now,
            "test_finished_at": now,
            "test_score": 9,
            **profile,
        }
        db.add(ApplicantProfile(user_id=made.id, created_at=now, updated_at=now, **values))
        db.add_all(RegistrationStep(user_id=made.id, step=s, completed_at=now) for s in Step)
        application = WaveApplication(wave_id=wave_id, user_id=made.id, applied_at=now)
        db.add(application)
        db.flush()
        applications.append(application.id)
    db.commit()
    return applications


def announced(db: Session, wave: Wave, at: datetime | None = None):
    """Draw the wave and publish its results, at `at` (default: when it closes); returns
    the published `draw.SelectionReport`."""
    from prakerja_app.services.selection import draw

    when = at or wave.closes_at
    draw.run_selection(db, wave.number, when)
    return draw.publish_results(db, wave_id=wave.id, now=when, actor_id=None)
