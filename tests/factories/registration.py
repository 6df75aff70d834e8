"""Applicants at any registration step, built from rows or through the services."""

from datetime import datetime

from sqlmodel import Session

from prakerja_app.models import (
    User,
)
from prakerja_app.services.accounts import sessions
from tests.factories.accounts import PASSWORD, user
from tests.factories.messaging import confirmation_token, sms_code
from tests.factories.numbers import serial
from tests.factories.selection import wave


def _applicant_from_rows(db: Session, now: datetime, step: str) -> User:
    """An applicant whose steps before `step` are recorded as done, with the profile they
    leave behind (written directly, no service called): the
    identity (a fresh NIK of a man born 12 March 1990), the submitted personal data
    (living in Jakarta Selatan, no photos stored), a verified phone and a finished test.
    """
    from datetime import date

    from prakerja_app.models import ApplicantProfile
    from prakerja_app.services.core.vocab import Employment
    from prakerja_app.services.registration.steps import Step, complete_step

    order = list(Step)
    made = user(db, now)
    for done in order[: order.index(Step(step))]:
        complete_step(db, made.id, done, now)

    def past(earlier: Step) -> bool:
        return order.index(Step(step)) > order.index(earlier)

    if past(Step.IDENTITY):
        n = next(serial)
        profile = ApplicantProfile(
            user_id=made.id,
            nik=f"317405120390{n % 10_000:04d}",
            kk_number="3174050101090001",
            birth_date=date(1990, 3, 12),
            sex="L",
            registry_status="offline",
            created_at=now,
            updated_at=now,
        )
        if past(Step.PERSONAL):
            profile.full_name_ktp = made.full_name
            profile.ktp_address = profile.domicile_address = "Jl. Kemang Raya No. 5, RT 01/RW 02"
            profile.province_code, profile.regency_code = "31", "3174"
            profile.district = "Mampang Prapatan"
            profile.marital_status, profile.education = "belum_kawin", "sma"
            profile.employment_status = Employment.LAID_OFF
            profile.training_interests = "pemasaran-digital"
            profile.in_formal_education = profile.excluded_occupation = False
            profile.honesty_statement_at = profile.data_submitted_at = now
        if past(Step.PHONE):
            profile.phone, profile.phone_verified_at = f"+62812{n:08d}", now
        if past(Step.TEST):
            profile.test_started_at = profile.test_finished_at = now
            profile.test_score = 9
        db.add(profile)
    db.commit()
    return made


APPLICANT_NAME = "Budi Santoso"


BIRTH_DATE = "1990-03-12"  # the birth date `new_nik` encodes by default


def photo_bytes(size: tuple[int, int] = (640, 480), color: str = "navy") -> bytes:
    """A small valid JPEG, large enough (200 px) to pass as a KTP photo or a selfie."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def detailed_photo_bytes(seed: int, size: tuple[int, int] = (640, 480), quality: int = 90) -> bytes:
    """A JPEG of coloured squares, the same for the same seed: a picture with detail, so
    its perceptual hash compares (a one-colour `photo_bytes` never does)."""
    import io
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    step = 40
    for x in range(0, size[0], step):
        for y in range(0, size[1], step):
            shade = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            draw.rectangle((x, y, x + step - 1, y + step - 1), fill=shade)
    buffer = io.BytesIO()
    img.filter(ImageFilter.GaussianBlur(3)).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def new_nik(birth_date: str = BIRTH_DATE, sex: str = "L", region: str = "317405") -> str:
    """A fresh well-formed NIK for a birth date (ISO) and sex ("P": day + 40)."""
    from datetime import date

    born = date.fromisoformat(birth_date)
    day = born.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{next(serial) % 10_000:04d}"


def new_kk() -> str:
    """A fresh well-formed family card (KK) number."""
    return f"317405{next(serial):010d}"


def new_phone() -> str:
    """A fresh Indonesian mobile number, as people type it."""
    return f"0813 {next(serial):08d}"


def personal_form(**changes):
    """Valid personal-data answers of a man living in Jakarta Selatan (as the page builds
    them from its form), with `changes`."""
    from prakerja_app.services.registration.personal_data import PersonalAnswers

    answers = {
        "full_name_ktp": "BUDI SANTOSO",
        "ktp_address": "Jl. Kemang Raya No. 10, RT 001/RW 002, Bangka",
        "domicile_same": True,
        "domicile_address": "",
        "province_code": "31",
        "regency_code": "3174",
        "district": "Mampang Prapatan",
        "sex": "L",
        "marital_status": "belum_kawin",
        "education": "sma",
        "employment_status": "korban_phk",
        "training_interest": "kuliner",
        "in_formal_education": False,
        "not_excluded_occupation": True,
    }
    return PersonalAnswers(**(answers | changes))


def personal_page_form(**changes) -> dict:
    """What the personal-data page sends for `personal_form()`'s answers (ticked boxes
    as True, the school question as "ya" or "tidak"), with `changes`."""
    from dataclasses import asdict

    answers = asdict(personal_form())
    school = answers.pop("in_formal_education")
    del answers["domicile_address"]
    return answers | {"in_formal_education": "ya" if school else "tidak"} | changes


def motivation_setting(db: Session, **changes) -> dict:
    """Save the seed's motivation test (with `changes`) as the program setting, as the seed does."""
    import json

    from prakerja_app.models import ProgramSetting
    from prakerja_app.services.demo import dataset

    value = {**dataset.motivation_test(), **changes}
    setting = db.get(ProgramSetting, "motivation_test")
    if setting is None:
        db.add(ProgramSetting(key="motivation_test", value_json=json.dumps(value)))
    else:
        setting.value_json = json.dumps(value)
    db.commit()
    return value


def profile_of(db: Session, user_id: int):
    """The applicant's profile as stored now (None before step 4)."""
    from sqlmodel import select

    from prakerja_app.models import ApplicantProfile

    return db.exec(
        select(ApplicantProfile)
        .where(ApplicantProfile.user_id == user_id)
        .execution_options(populate_existing=True)
    ).first()


def _applicant_through_services(db: Session, now: datetime, step: str | None, **given) -> User:
    """An applicant who has done every step before `step` through the services, all at
    `now`: the account, the emailed link, a login, a fresh NIK of a man born 12 March
    1990, `personal_form()` with two photos, a fresh phone with its SMS code, the seed's
    motivation test (first option each time), and an open wave."""
    from prakerja_app.services.registration import (
        account,
        identity,
        motivation_test,
        personal_data,
        phone_verification,
    )
    from prakerja_app.services.registration.steps import Step, record_login
    from prakerja_app.services.selection import waves

    order = list(Step)

    def done(s: Step) -> bool:
        return step is None or order.index(s) < order.index(Step(step))

    password = given.get("password", PASSWORD)
    made = register(
        db,
        now,
        full_name=given.get("full_name", APPLICANT_NAME),
        email=given.get("email", f"pendaftar{next(serial)}@contoh.id"),
        password=password,
    )
    if done(Step.EMAIL):
        account.confirm_email(db, token=confirmation_token(db, made.email), now=now)
    if done(Step.LOGIN):
        sessions.login(db, email=made.email, password=password, client_key="198.51.100.20", now=now)
        record_login(db, made.id, now)
    if done(Step.IDENTITY):
        identity.submit_identity(
            db,
            user_id=made.id,
            nik=given.get("nik") or new_nik(),
            kk=given.get("kk") or new_kk(),
            birth_date=given.get("birth_date", BIRTH_DATE),
            now=now,
        )
    if done(Step.PERSONAL):
        form = given.get("form") or personal_form()
        personal_data.save_form(db, user_id=made.id, answers=form, now=now)
        for field in personal_data.PHOTO_FIELDS:
            personal_data.save_photo(db, user_id=made.id, field=field, data=photo_bytes(), now=now)
        personal_data.submit(db, user_id=made.id, honesty=True, now=now)
    if done(Step.PHONE):
        phone_verification.send_code(
            db, user_id=made.id, raw_phone=given.get("phone") or new_phone(), now=now
        )
        code = sms_code(db, phone_verification.pending_phone(db, made.id))
        phone_verification.verify(db, user_id=made.id, code=code, now=now)
    if done(Step.TEST):
        from prakerja_app.models import ProgramSetting

        if db.get(ProgramSetting, motivation_test.SETTING_KEY) is None:
            motivation_setting(db)
        progress = motivation_test.start(db, user_id=made.id, now=now)
        for question in range(progress.total):
            motivation_test.answer(db, user_id=made.id, question=question, choice=0, now=now)
    if done(Step.WAVE):
        wave_id = given.get("wave_id")
        if wave_id is None:
            joinable = waves.joinable_waves(db, user_id=made.id, now=now)
            wave_id = joinable[0].id if joinable else wave(db, now).id
        waves.join(db, user_id=made.id, wave_id=wave_id, statement=True, now=now)
    return made


def register(db: Session, now: datetime, **fields) -> User:
    """Register an applicant through the service, from a connection of its own (so the
    registration limits do not apply), and return the new account."""
    from sqlmodel import select

    from prakerja_app.services.registration import account

    address = account.register(
        db,
        now=now,
        client=f"198.51.100.{next(serial) % 250}",
        connection=f"t{next(serial)}",
        **fields,
    )
    return db.exec(select(User).where(User.email == address)).one()


def applicant_at(
    db: Session, now: datetime, step: str | None, *, via_services: bool = False, **given
) -> User:
    """An applicant whose current registration step is `step` (a `Step`; None: all eight
    steps done, the last one joining an open wave).

    By default the earlier steps are written as rows (fast, no password hashing or
    photos; `step` cannot be None then). With ``via_services=True`` they go through the
    real services; steps 5 and 6 store photos and issue a code then, so set
    PRAKERJA_PRIVATE_DIR first.

    Args:
        given: with via_services, overrides: full_name, email, password, nik, kk,
            birth_date, form, phone, wave_id.
    """
    if via_services:
        return _applicant_through_services(db, now, step, **given)
    if step is None or given:
        raise ValueError("written as rows, an applicant needs a step and takes no overrides")
    return _applicant_from_rows(db, now, step)
