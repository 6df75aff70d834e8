"""Applicants part-way through registration, made through the services (fast set-up)."""

import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from itertools import count
from pathlib import Path

from PIL import Image
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from prakerja_app.models import ApplicantProfile, OutboxMessage, User, Wave, utc_now
from prakerja_app.services.accounts import users
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.core import clock
from prakerja_app.services.core.phone_numbers import normalize_phone
from prakerja_app.services.core.vocab import Role, WaveStatus
from prakerja_app.services.messaging.outbox import body_of
from prakerja_app.services.registration import identity, personal_data
from prakerja_app.services.registration.personal_data import PersonalAnswers
from prakerja_app.services.registration.steps import Step, complete_step
from prakerja_app.services.selection import draw, waves

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "kopi-tubruk-pagi-hari"
_serial = count(1)

PERSONAL_FORM = PersonalAnswers(
    full_name_ktp="SITI RAHAYU",
    sex="P",
    ktp_address="Jl. Kebon Jeruk Raya No. 5, RT 02/RW 03, Kebon Jeruk",
    domicile_same=True,
    province_code="31",
    regency_code="3174",
    district="Kebayoran Baru",
    marital_status="kawin",
    education="sma",
    employment_status="korban_phk",
    training_interest="bahasa-asing",
    in_formal_education=False,
    not_excluded_occupation=True,
)


@dataclass(frozen=True)
class Registrant:
    """A test applicant: how to log in, and their NIK."""

    email: str
    password: str
    nik: str


def new_nik() -> str:
    """A fresh, well-formed NIK of a woman born 15 May 1990 in Jakarta Selatan."""
    return f"317405550590{next(_serial):04d}"


def new_phone() -> str:
    """A fresh Indonesian mobile number, as people type it."""
    return f"0812 5555 {next(_serial):04d}"


def jpeg(width: int = 800, height: int = 500) -> bytes:
    """A plain JPEG photo."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (70, 130, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def applicant_at(
    db: Session, step: Step, *, form_saved: bool = False, ktp_photo: bytes | None = None
) -> Registrant:
    """An applicant who has finished every step before `step` (and can log in), at the
    program clock's time, as the app records it; `ktp_photo` replaces the plain one."""
    now = clock.current(db)
    n = next(_serial)
    email, nik = f"calon{n}@contoh.id", new_nik()
    user = users.create_user(
        db,
        email=email,
        full_name="Siti Rahayu",
        password_hash=hash_password(PASSWORD),
        role=Role.APPLICANT,
        now=now,
    )
    user.email_verified_at = now
    for done in (Step.ACCOUNT, Step.EMAIL, Step.LOGIN):
        complete_step(db, user.id, done, now)
    db.commit()
    order = list(Step)
    if order.index(step) > order.index(Step.IDENTITY):
        identity.submit_identity(
            db, user_id=user.id, nik=nik, kk="3174050101090003", birth_date="1990-05-15", now=now
        )
    if form_saved or order.index(step) > order.index(Step.PERSONAL):
        personal_data.save_form(db, user_id=user.id, answers=PERSONAL_FORM, now=now)
    if order.index(step) > order.index(Step.PERSONAL):
        for field in personal_data.PHOTO_FIELDS:
            data = ktp_photo if ktp_photo and field == "ktp_photo" else jpeg()
            personal_data.save_photo(db, user_id=user.id, field=field, data=data, now=now)
        personal_data.submit(db, user_id=user.id, honesty=True, now=now)
    if order.index(step) > order.index(Step.PHONE):
        profile = db.exec(select(ApplicantProfile).where(ApplicantProfile.user_id == user.id)).one()
        profile.phone, profile.phone_verified_at = normalize_phone(new_phone()), now
        complete_step(db, user.id, Step.PHONE, now)
    if order.index(step) > order.index(Step.TEST):
        profile.test_started_at = profile.test_finished_at = now
        profile.test_score = 7
        complete_step(db, user.id, Step.TEST, now)
    db.commit()
    return Registrant(email, PASSWORD, nik)


def ready_to_join(db: Session, tries: int = 3) -> Registrant:
    """`applicant_at(db, Step.WAVE)`, again after SQLite's "database is locked".

    `applicant_at` reads the program clock and then writes, in one transaction; in WAL
    mode a write after a read fails at once when another connection committed in between
    (the app's job workers do at the session's start), whatever the busy timeout. The
    rows of a failed try are rolled back.
    """
    for attempt in range(tries):
        try:
            return applicant_at(db, Step.WAVE)
        except OperationalError:
            db.rollback()
            if attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


def selected_participant(db: Session, app_db_url: str, wave_number: int) -> tuple[Registrant, User]:
    """An applicant who joined a small wave of their own, closed and drawn by the command
    line as an operator would (so they are its participant)."""
    registrant = ready_to_join(db)
    now = clock.program_now(db, utc_now())
    wave = Wave(
        number=wave_number,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        quota=10,
        status=WaveStatus.OPEN,
    )
    db.add(wave)
    db.commit()
    draw.commit_seed(db, wave.id, now)
    db.commit()
    user = db.exec(select(User).where(User.email == registrant.email)).one()
    waves.join(db, user_id=user.id, wave_id=wave.id, statement=True, now=now)
    wave.closes_at = now - timedelta(minutes=1)
    db.commit()
    drawn = subprocess.run(
        [sys.executable, "-m", "prakerja_app", "select-wave", str(wave_number), "--here"],
        cwd=ROOT,
        env={**os.environ, "REFLEX_DB_URL": app_db_url},
        check=False,
        capture_output=True,
        text=True,
    )
    assert drawn.returncode == 0, drawn.stderr
    return registrant, user


def latest_sms(db: Session, phone: str) -> str:
    """The text of the latest SMS to `phone` (as typed or stored) in the app's outbox."""
    db.expire_all()
    message = db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.channel == "sms", OutboxMessage.recipient == normalize_phone(phone))
        .order_by(col(OutboxMessage.id).desc())
    ).first()
    assert message is not None, f"no SMS to {phone}"
    return body_of(message)


def sms_code(text: str) -> str:
    """The 6-digit code in an SMS."""
    found = re.search(r"\b(\d{6})\b", text)
    assert found is not None, text
    return found.group(1)


def phone_of(db: Session, user: User) -> str:
    """The applicant's verified phone number."""
    return db.exec(select(ApplicantProfile.phone).where(ApplicantProfile.user_id == user.id)).one()
