"""Applicants part-way through registration, made through the services (fast set-up)."""

import io
from dataclasses import dataclass
from itertools import count

from PIL import Image
from sqlmodel import Session, select

from prakerja_app.models import ApplicantProfile
from prakerja_app.services.accounts import users
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.core import clock
from prakerja_app.services.core.phone_numbers import normalize_phone
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.registration import identity, personal_data
from prakerja_app.services.registration.personal_data import PersonalAnswers
from prakerja_app.services.registration.steps import Step, complete_step

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
