"""The eight registration steps: their order, and every step refused out of turn."""

from datetime import timedelta

import pytest
from sqlmodel import col, select

from prakerja_app.models import RegistrationStep, User, Wave
from prakerja_app.services.accounts import sessions
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration import (
    account,
    identity,
    motivation_test,
    personal_data,
    phone_verification,
)
from prakerja_app.services.registration.steps import (
    Step,
    complete_step,
    completed_steps,
    current_step,
    record_login,
    require_step,
)
from prakerja_app.services.selection import waves
from prakerja_app.services.views.messages import text
from prakerja_app.services.views.registration import STEP_LABELS
from tests import factories
from tests.factories import PASSWORD

NOT_YET = "Langkah ini belum dapat dilakukan. Selesaikan langkah yang sedang aktif."
ALREADY_DONE = "Langkah ini sudah selesai."
ORDER = list(Step)


pytestmark = pytest.mark.usefixtures("registration_env")


def _steps(db, user_id):
    rows = db.exec(
        select(RegistrationStep)
        .where(RegistrationStep.user_id == user_id)
        .order_by(RegistrationStep.id)
        .execution_options(populate_existing=True)
    ).all()
    return [(row.step, row.completed_at) for row in rows]


def test_the_eight_steps_in_the_order_of_the_2020_site():
    assert [s.value for s in Step] == [
        "akun",
        "email",
        "masuk",
        "nik",
        "data_diri",
        "nomor_hp",
        "tes",
        "gabung",
    ]
    assert [STEP_LABELS[s] for s in Step] == [
        "Buat akun",
        "Konfirmasi email",
        "Masuk",
        "NIK dan tanggal lahir",
        "Data diri",
        "Nomor HP",
        "Tes motivasi",
        "Gabung gelombang",
    ]


def test_happy_path_through_all_eight_steps(db, now):
    """One applicant, through every service in turn; the current step moves one at a time."""
    factories.motivation_setting(db)
    wave = factories.wave(db, now)
    moment = now

    def later():
        nonlocal moment
        moment += timedelta(minutes=1)
        return moment

    user = factories.register(
        db, later(), full_name="Siti Rahayu", email="siti.rahayu@contoh.id", password=PASSWORD
    )
    assert current_step(db, user.id) == Step.EMAIL

    token = factories.confirmation_token(db, "siti.rahayu@contoh.id")
    account.confirm_email(db, token=token, now=later())
    assert current_step(db, user.id) == Step.LOGIN

    signed_in = sessions.login(
        db, email="siti.rahayu@contoh.id", password=PASSWORD, client_key="k", now=later()
    )
    record_login(db, signed_in.user.id, later())
    assert current_step(db, user.id) == Step.IDENTITY

    identity.submit_identity(
        db,
        user_id=user.id,
        nik="3174055505900001",  # a woman born 15 May 1990: day 15 + 40
        kk="3174050101090003",
        birth_date="1990-05-15",
        now=later(),
    )
    assert current_step(db, user.id) == Step.PERSONAL

    form = factories.personal_form(full_name_ktp="SITI RAHAYU", sex="P")
    personal_data.save_form(db, user_id=user.id, answers=form, now=later())
    for field in personal_data.PHOTO_FIELDS:
        data = factories.photo_bytes()
        personal_data.save_photo(db, user_id=user.id, field=field, data=data, now=later())
    assert current_step(db, user.id) == Step.PERSONAL  # a saved draft is not a submission
    personal_data.submit(db, user_id=user.id, honesty=True, now=later())
    assert current_step(db, user.id) == Step.PHONE

    assert phone_verification.send_code(
        db, user_id=user.id, raw_phone="0812-3456-7890", now=later()
    ) == ("+62 812****7890")
    code = factories.sms_code(db, "+6281234567890")
    phone_verification.verify(db, user_id=user.id, code=code, now=later())
    assert current_step(db, user.id) == Step.TEST

    progress = motivation_test.start(db, user_id=user.id, now=later())
    for question in range(progress.total):
        motivation_test.answer(db, user_id=user.id, question=question, choice=1, now=moment)
    assert current_step(db, user.id) == Step.WAVE

    assert [w.id for w in waves.joinable_waves(db, user_id=user.id, now=later())] == [wave.id]
    waves.join(db, user_id=user.id, wave_id=wave.id, statement=True, now=later())

    assert current_step(db, user.id) is None
    assert completed_steps(db, user.id) == set(Step)
    steps = _steps(db, user.id)
    assert [step for step, _ in steps] == [s.value for s in Step]
    assert [at for _, at in steps] == sorted(at for _, at in steps)
    profile = factories.profile_of(db, user.id)
    assert (profile.nik, profile.sex, profile.phone) == ("3174055505900001", "P", "+6281234567890")
    assert profile.test_score == 3 + 2 + 3
    assert db.get(User, user.id).email_verified_at is not None
    assert waves.latest_application(db, user.id).result == "pending"
    subjects = [m.subject for m in factories.outbox(db, "siti.rahayu@contoh.id")]
    assert subjects == [
        "Konfirmasi email pendaftaran Kartu Prakerja",
        "Tes motivasi Kartu Prakerja selesai",
    ]


def test_a_new_account_is_at_step_two(db, now):
    user = factories.applicant_at(db, now, Step.EMAIL, via_services=True)
    assert completed_steps(db, user.id) == {Step.ACCOUNT}
    assert current_step(db, user.id) == Step.EMAIL


def test_require_step_names_the_reason(db, now):
    user = factories.applicant_at(db, now, Step.IDENTITY, via_services=True)
    require_step(db, user.id, Step.IDENTITY)  # the current step: allowed
    with pytest.raises(DomainError) as early:
        require_step(db, user.id, Step.PHONE)
    assert (early.value.code, text(early.value)) == ("step_order", NOT_YET)
    with pytest.raises(DomainError) as done:
        require_step(db, user.id, Step.EMAIL)
    assert (done.value.code, text(done.value)) == ("step_order", ALREADY_DONE)


def test_after_the_last_step_every_step_is_done(db, now):
    user = factories.applicant_at(db, now, None, via_services=True)
    assert current_step(db, user.id) is None
    for step in Step:
        with pytest.raises(DomainError) as refused:
            require_step(db, user.id, step)
        assert text(refused.value) == ALREADY_DONE


def test_complete_step_is_idempotent_and_keeps_the_first_time(db, now):
    user = factories.applicant_at(db, now, Step.EMAIL, via_services=True)
    complete_step(db, user.id, Step.EMAIL, now)
    db.commit()
    complete_step(db, user.id, Step.EMAIL, now + timedelta(hours=1))
    db.commit()
    assert _steps(db, user.id) == [("akun", now), ("email", now)]


def test_steps_are_per_applicant(db, now):
    ahead = factories.applicant_at(db, now, Step.PERSONAL, via_services=True)
    behind = factories.applicant_at(db, now, Step.EMAIL, via_services=True)
    assert current_step(db, ahead.id) == Step.PERSONAL
    assert current_step(db, behind.id) == Step.EMAIL


# --- every guarded step, refused before its turn and after it is done ----------------------


def _identity(db, user_id, now):
    identity.submit_identity(
        db,
        user_id=user_id,
        nik=factories.new_nik(),
        kk=factories.new_kk(),
        birth_date=factories.BIRTH_DATE,
        now=now,
    )


def _save_form(db, user_id, now):
    personal_data.save_form(db, user_id=user_id, answers=factories.personal_form(), now=now)


def _save_photo(db, user_id, now):
    data = factories.photo_bytes()
    personal_data.save_photo(db, user_id=user_id, field="ktp_photo", data=data, now=now)


def _submit(db, user_id, now):
    personal_data.submit(db, user_id=user_id, honesty=True, now=now)


def _send_code(db, user_id, now):
    phone_verification.send_code(db, user_id=user_id, raw_phone=factories.new_phone(), now=now)


def _verify(db, user_id, now):
    phone_verification.verify(db, user_id=user_id, code="123456", now=now)


def _start(db, user_id, now):
    motivation_test.start(db, user_id=user_id, now=now)


def _answer(db, user_id, now):
    motivation_test.answer(db, user_id=user_id, question=0, choice=0, now=now)


def _join(db, user_id, now):
    wave_id = db.exec(select(Wave.id).order_by(col(Wave.id).desc())).first()
    waves.join(db, user_id=user_id, wave_id=wave_id, statement=True, now=now)


GUARDED = [
    (Step.IDENTITY, _identity),
    (Step.PERSONAL, _save_form),
    (Step.PERSONAL, _save_photo),
    (Step.PERSONAL, _submit),
    (Step.PHONE, _send_code),
    (Step.PHONE, _verify),
    (Step.TEST, _start),
    (Step.TEST, _answer),
    (Step.WAVE, _join),
]
# After step 5 the personal data is locked, which is what the applicant is told then.
LOCKED = ("data_locked", "Data diri sudah dikirim dan tidak dapat diubah lagi.")


@pytest.mark.parametrize(("step", "call"), GUARDED, ids=lambda v: getattr(v, "__name__", v))
def test_refused_before_its_turn(db, now, step, call):
    factories.motivation_setting(db)
    one_before = ORDER[ORDER.index(step) - 1]
    user = factories.applicant_at(db, now, one_before, via_services=True)
    if call is _join:
        factories.wave(db, now)
    refused = factories.refused(db, call, user.id, now)
    assert (refused.code, text(refused)) == ("step_order", NOT_YET)
    assert current_step(db, user.id) == ORDER[ORDER.index(step) - 1]


@pytest.mark.parametrize(("step", "call"), GUARDED, ids=lambda v: getattr(v, "__name__", v))
def test_refused_once_done(db, now, step, call):
    after = ORDER[ORDER.index(step) + 1] if step != ORDER[-1] else None
    user = factories.applicant_at(db, now, after, via_services=True)
    if call is _join:
        factories.wave(db, now)
    refused = factories.refused(db, call, user.id, now + timedelta(minutes=5))
    expected = LOCKED if step == Step.PERSONAL else ("step_order", ALREADY_DONE)
    assert (refused.code, text(refused)) == expected
