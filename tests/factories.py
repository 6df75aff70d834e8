"""Small builders for test data, with sensible defaults and keyword overrides."""

from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import count
from typing import TypeVar

import pytest
from sqlmodel import Session

from prakerja_app.models import (
    Participant,
    Platform,
    Training,
    TrainingProvider,
    User,
    Wave,
)
from prakerja_app.services.accounts import sessions, users
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import Role, WaveStatus

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
    made = users.create_user(
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


def session_token(db: Session, made: User) -> str:
    """Log `made` in at the real time (sessions expire) and return the browser's token."""
    from prakerja_app.models import utc_now

    return sessions.login(
        db, email=made.email, password=PASSWORD, client_key="t", now=utc_now()
    ).token


def applicant_at(db: Session, now: datetime, step: str) -> User:
    """A confirmed applicant whose current registration step is `step` (a `Step`).

    The steps before it are recorded as done, with the profile they leave behind: the
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
        n = next(_serial)
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


# --- registration through the services --------------------------------------------------

APPLICANT_NAME = "Budi Santoso"
BIRTH_DATE = "1990-03-12"  # the birth date `new_nik` encodes by default


def photo_bytes(size: tuple[int, int] = (640, 480), color: str = "navy") -> bytes:
    """A small valid JPEG, large enough (200 px) to pass as a KTP photo or a selfie."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def new_nik(birth_date: str = BIRTH_DATE, sex: str = "L", region: str = "317405") -> str:
    """A fresh well-formed NIK for a birth date (ISO) and sex ("P": day + 40)."""
    from datetime import date

    born = date.fromisoformat(birth_date)
    day = born.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{next(_serial) % 10_000:04d}"


def new_kk() -> str:
    """A fresh well-formed family card (KK) number."""
    return f"317405{next(_serial):010d}"


def new_phone() -> str:
    """A fresh Indonesian mobile number, as people type it."""
    return f"0813 {next(_serial):08d}"


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


def outbox(db: Session, to: str, channel: str | None = None) -> list:
    """The messages queued for a recipient, oldest first."""
    from sqlmodel import col, select

    from prakerja_app.models import OutboxMessage

    query = select(OutboxMessage).where(OutboxMessage.recipient == to)
    if channel is not None:
        query = query.where(OutboxMessage.channel == channel)
    return list(db.exec(query.order_by(col(OutboxMessage.id))).all())


def confirmation_token(db: Session, email: str) -> str:
    """The token of the latest confirmation link emailed to `email`."""
    import re

    body = outbox(db, email, "email")[-1].body
    return re.search(r"\?token=([\w\-]+)", body).group(1)


def sms_code(db: Session, phone: str) -> str:
    """The 6-digit code of the latest SMS sent to `phone` (E.164)."""
    import re

    return re.search(r"\b([0-9]{6})\b", outbox(db, phone, "sms")[-1].body).group(1)


def profile_of(db: Session, user_id: int):
    """The applicant's profile as stored now (None before step 4)."""
    from sqlmodel import select

    from prakerja_app.models import ApplicantProfile

    return db.exec(
        select(ApplicantProfile)
        .where(ApplicantProfile.user_id == user_id)
        .execution_options(populate_existing=True)
    ).first()


def table_rows(db: Session) -> dict[str, list[tuple]]:
    """Every committed row of every table, to show that a refusal changed nothing.

    The session's uncommitted work is dropped first, as a page's session would drop it.
    """
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    db.rollback()
    connection = db.connection()
    return {
        table.name: [
            tuple(row) for row in connection.execute(sa.select(table).order_by(*table.primary_key))
        ]
        for table in SQLModel.metadata.sorted_tables
    }


E = TypeVar("E", bound=Exception)


def raised(call: Callable, *args, error: type[E] = DomainError, **kwargs) -> E:
    """The `error` that `call(*args, **kwargs)` raises; the test fails if it raises none."""
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    return caught.value


def refused(db: Session, call: Callable, *args, error: type[E] = DomainError, **kwargs) -> E:
    """The `error` that `call(db, *args, **kwargs)` raises, after checking that it changed no
    committed row of any table (see `table_rows`)."""
    before = table_rows(db)
    made = raised(call, db, *args, error=error, **kwargs)
    assert table_rows(db) == before
    return made


def applicant_through(db: Session, now: datetime, step: str = "akun", **given) -> User:
    """An applicant who has finished registration steps 1..`step` (a `Step`) through the
    services, all at `now`: the account, the emailed link, a login, a fresh NIK of a man
    born 12 March 1990, `personal_form()` with two photos, a fresh phone with its SMS code,
    the seed's motivation test (first option each time), and an open wave.

    Steps 5 and 6 store photos and issue a code: set PRAKERJA_PRIVATE_DIR first.

    Args:
        given: overrides: full_name, email, password, nik, kk, birth_date, form, phone,
            wave_id.
    """
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
        return order.index(s) <= order.index(Step(step))

    password = given.get("password", PASSWORD)
    made = account.register(
        db,
        full_name=given.get("full_name", APPLICANT_NAME),
        email=given.get("email", f"pendaftar{next(_serial)}@contoh.id"),
        password=password,
        now=now,
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


def cheap_password_hashing(monkeypatch) -> None:
    """Hash passwords with a small argon2id cost, for tests that make many account."""
    from passlib.context import CryptContext

    from prakerja_app.services.accounts import passwords

    cheap = CryptContext(
        schemes=["argon2"], argon2__memory_cost=1024, argon2__rounds=1, argon2__parallelism=1
    )
    monkeypatch.setattr(passwords, "_context", cheap)


# --- the marketplace ---------------------------------------------------------------------


def platform(db: Session, **changes) -> Platform:
    """An active digital platform."""
    n = next(_serial)
    made = Platform(
        slug=changes.pop("slug", f"platform-{n}"),
        name=changes.pop("name", f"Platform {n}"),
        website="https://platform.contoh.id",
        description="Platform digital contoh.",
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def provider(db: Session, **changes) -> TrainingProvider:
    """A training provider (lembaga pelatihan) in Jakarta."""
    n = next(_serial)
    made = TrainingProvider(
        slug=changes.pop("slug", f"lembaga-{n}"),
        name=changes.pop("name", f"Lembaga Pelatihan {n}"),
        city=changes.pop("city", "Jakarta"),
        description="Lembaga pelatihan contoh.",
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def listed_training(db: Session, on: Platform, by: TrainingProvider, **changes) -> Training:
    """An active training sold on platform `on`, made by provider `by`."""
    from datetime import date

    n = next(_serial)
    made = Training(
        code=changes.pop("code", f"TR-{n}"),
        title=changes.pop("title", f"Kelas Contoh {n}"),
        provider_id=by.id,
        platform_id=on.id,
        category=changes.pop("category", "kuliner"),
        format=changes.pop("format", "video"),
        price=changes.pop("price", 150_000),
        duration_minutes=changes.pop("duration_minutes", 120),
        description=changes.pop("description", "Deskripsi kelas contoh."),
        published_on=changes.pop("published_on", date(2020, 8, 1)),
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def buyer(db: Session, now: datetime, balance: int = 1_000_000, **changes) -> Participant:
    """A participant with a verified phone (in their profile) and `balance` granted."""
    from prakerja_app.models import ApplicantProfile
    from prakerja_app.services.core.vocab import LedgerKind
    from prakerja_app.services.money import ledger

    made = participant(db, now, **changes)
    db.add(
        ApplicantProfile(
            user_id=made.user_id,
            nik=made.nik,
            phone=f"+62812{next(_serial):08d}",
            phone_verified_at=now,
        )
    )
    if balance:
        ledger.post(
            db,
            participant_id=made.id,
            amount=balance,
            kind=LedgerKind.GRANT,
            idempotency_key=f"grant:{made.id}",
            now=now,
        )
    db.commit()
    return made


def phone_of(db: Session, made: Participant) -> str:
    """The verified phone (E.164) of a participant made by `buyer`."""
    return profile_of(db, made.user_id).phone


def purchase(db: Session, owner: Participant, bought: Training, now: datetime, **changes):
    """A purchase written directly (no balance moves), for dashboards and reviews."""
    from prakerja_app.models import Purchase

    n = next(_serial)
    made = Purchase(
        participant_id=owner.id,
        training_id=bought.id,
        price=bought.price,
        voucher_code=changes.pop("voucher_code", f"V{n:011d}"),
        idempotency_key=changes.pop("idempotency_key", f"factory-purchase-{n:06d}"),
        bought_at=changes.pop("bought_at", now),
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def review(
    db: Session, reviewed: Training, now: datetime, stars: int = 5, text: str = "Bagus.", **given
):
    """A review of `reviewed` by a new participant named `reviewer` (who bought it)."""
    from prakerja_app.models import Review, User

    reviewer = participant(db, now)
    account = db.get(User, reviewer.user_id)
    account.full_name = given.get("reviewer", account.full_name)
    bought = purchase(db, reviewer, reviewed, now, status="completed", completed_at=now)
    made = Review(
        purchase_id=bought.id,
        training_id=reviewed.id,
        stars=stars,
        text=text,
        created_at=given.get("at", now),
    )
    db.add(made)
    db.commit()
    return made


# --- the providers' redeem-code API ------------------------------------------------------


def api_provider(db: Session, **changes) -> TrainingProvider:
    """A training provider with API credentials, as the seed makes them (``lp-<slug>``)."""
    n = next(_serial)
    slug = changes.pop("slug", f"lembaga-api-{n}")
    return provider(
        db,
        slug=slug,
        client_code=changes.pop("client_code", f"lp-{slug}"),
        sign_key=changes.pop("sign_key", f"kunci-uji-{n:06d}-0123456789abcdef"),
        **changes,
    )


# --- selection ---------------------------------------------------------------------------


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
        n = next(_serial)
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
