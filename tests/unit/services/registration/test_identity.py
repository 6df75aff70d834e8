"""Step 4: the NIK, the family card (KK) number and the birth date."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog
from prakerja_app.services.core.errors import DomainError, FormErrors
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.registration import identity
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.steps import Step, current_step
from prakerja_app.services.views.messages import field_texts, text
from tests import factories

NIK = "3174051203900001"  # a man born 12 March 1990 in Kota Jakarta Selatan
KK = "3174050101090003"
UNDER_AGE = "Usia Anda belum 18 tahun. Peserta minimal berusia 18 tahun."
MISMATCH = (
    "Tanggal lahir tidak sesuai dengan NIK. Periksa kembali NIK dan tanggal lahir sesuai KTP."
)


pytestmark = pytest.mark.usefixtures("registration_env")


@pytest.fixture
def applicant(db, now):
    """An applicant who has logged in: step 4 is next."""
    return factories.applicant_at(db, now, Step.IDENTITY, via_services=True)


def _submit(db, now, user, nik=NIK, kk=KK, birth_date="1990-03-12", **kwargs):
    identity.submit_identity(
        db, user_id=user.id, nik=nik, kk=kk, birth_date=birth_date, now=now, **kwargs
    )


def _refused(db, now, user, **fields) -> dict[str, str]:
    """The field errors of a refused submission, after checking that nothing changed."""
    refused = factories.refused(db, _submit, now, user, error=FormErrors, **fields)
    assert factories.profile_of(db, user.id) is None
    assert current_step(db, user.id) == Step.IDENTITY
    return field_texts(refused)


def test_saves_the_nik_kk_birth_date_and_sex(db, now, applicant):
    _submit(db, now, applicant, nik="3174 0512.0390-0001", kk="3174-0501-0109-0003")
    profile = factories.profile_of(db, applicant.id)
    assert (profile.nik, profile.kk_number) == (NIK, KK)
    assert (profile.birth_date, profile.sex) == (date(1990, 3, 12), "L")
    assert profile.registry_status == "offline"  # Dukcapil was not asked
    assert current_step(db, applicant.id) == Step.PERSONAL
    actions = db.exec(select(AuditLog.action).where(AuditLog.actor_user_id == applicant.id)).all()
    assert "registration.identity" in actions


def test_a_woman_has_forty_added_to_the_day(db, now, applicant):
    _submit(db, now, applicant, nik="3174055203900002", birth_date="1990-03-12")
    profile = factories.profile_of(db, applicant.id)
    assert (profile.birth_date, profile.sex) == (date(1990, 3, 12), "P")


def test_a_woman_typing_the_day_plus_forty_is_refused(db, now, applicant):
    errors = _refused(db, now, applicant, nik="3174055203900002", birth_date="1990-03-52")
    assert errors == {"birth_date": "Isi tanggal lahir sesuai KTP."}


def test_a_man_typing_a_womans_nik_date_does_not_match(db, now, applicant):
    errors = _refused(db, now, applicant, nik="3174055203900002", birth_date="1990-03-22")
    assert errors == {"birth_date": MISMATCH}


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("317405120390000", "NIK harus 16 digit (Anda memasukkan 15 digit)."),
        ("31740512039000011", "NIK harus 16 digit (Anda memasukkan 17 digit)."),
        ("31740512039000A1", "NIK hanya boleh berisi angka."),
        ("", "NIK wajib diisi."),
        ("3174053102900001", "Tanggal lahir pada NIK tidak valid."),  # 31 February
        ("3174051213900001", "Tanggal lahir pada NIK tidak valid."),  # month 13
        ("0074051203900001", "Kode wilayah pada NIK tidak valid."),
    ],
)
def test_bad_niks_are_refused(db, now, applicant, nik, message):
    assert _refused(db, now, applicant, nik=nik) == {"nik": message}


@pytest.mark.parametrize("typed", ["1990-02-30", "12-03-1990", "", "kemarin"])
def test_impossible_or_unreadable_birth_dates(db, now, applicant, typed):
    assert _refused(db, now, applicant, birth_date=typed) == {
        "birth_date": "Isi tanggal lahir sesuai KTP."
    }


def test_birth_date_one_day_off_the_nik(db, now, applicant):
    assert _refused(db, now, applicant, birth_date="1990-03-13") == {"birth_date": MISMATCH}


@pytest.mark.parametrize(
    ("kk", "message"),
    [
        ("317405010109000", "Nomor KK harus 16 digit (Anda memasukkan 15 digit)."),
        ("", "Nomor KK wajib diisi."),
        ("31740501O1090003", "Nomor KK hanya boleh berisi angka."),
        (NIK, "Nomor KK berbeda dengan NIK. Lihat nomor di bagian atas Kartu Keluarga."),
        (
            "3174 0512 0390 0001",
            "Nomor KK berbeda dengan NIK. Lihat nomor di bagian atas Kartu Keluarga.",
        ),
    ],
)
def test_bad_kk_numbers_are_refused(db, now, applicant, kk, message):
    assert _refused(db, now, applicant, kk=kk) == {"kk": message}


def test_every_wrong_field_at_once(db, now, applicant):
    errors = _refused(db, now, applicant, nik="12", kk="34", birth_date="")
    assert set(errors) == {"nik", "kk", "birth_date"}


# --- 18 or over on the program's day (the demo starts on 4 September 2020) -------------


def test_seventeen_years_and_364_days_is_refused(db, now, applicant):
    errors = _refused(db, now, applicant, nik="3174050509020001", birth_date="2002-09-05")
    assert errors == {"birth_date": UNDER_AGE}


def test_eighteen_on_the_day_is_accepted(db, now, applicant):
    _submit(db, now, applicant, nik="3174050409020001", birth_date="2002-09-04")
    assert factories.profile_of(db, applicant.id).birth_date == date(2002, 9, 4)


def test_a_woman_of_seventeen_is_refused(db, now, applicant):
    errors = _refused(db, now, applicant, nik="3174054509020001", birth_date="2002-09-05")
    assert errors == {"birth_date": UNDER_AGE}


def test_the_day_is_counted_in_jakarta(db, applicant):
    """At 20:00 UTC on 3 September it is already 4 September in Jakarta."""
    late_evening_utc = wib_to_utc(2020, 9, 4, 3, 0)
    assert late_evening_utc.day == 3
    _submit(db, late_evening_utc, applicant, nik="3174050409020001", birth_date="2002-09-04")
    assert current_step(db, applicant.id) == Step.PERSONAL


def test_the_age_counts_on_the_program_day(db, now, applicant):
    """`now` is the program clock's time (the demo runs years after 2020 in real time)."""
    errors = _refused(db, now, applicant, nik="3174050509020001", birth_date="2002-09-05")
    assert errors == {"birth_date": UNDER_AGE}
    _submit(db, now, applicant, nik="3174050409020001", birth_date="2002-09-04")
    assert factories.profile_of(db, applicant.id).updated_at == now


# --- one NIK, one account --------------------------------------------------------------


def test_a_second_account_cannot_use_the_same_nik(db, now, applicant):
    _submit(db, now, applicant)
    other = factories.applicant_at(db, now, Step.IDENTITY, via_services=True)
    errors = _refused(db, now, other, nik="3174-0512-0390-0001", kk="3174050101090099")
    assert errors == {
        "nik": "NIK ini sudah terdaftar pada akun lain. Satu NIK hanya dapat dipakai satu akun."
    }
    assert factories.profile_of(db, applicant.id).nik == NIK


def test_a_taken_nik_is_told_only_with_its_right_birth_date(db, now, applicant):
    _submit(db, now, applicant)
    other = factories.applicant_at(db, now, Step.IDENTITY, via_services=True)
    assert _refused(db, now, other, birth_date="1990-03-13") == {"birth_date": MISMATCH}


def test_a_family_card_may_be_shared(db, now, applicant):
    _submit(db, now, applicant)
    sibling = factories.applicant_at(db, now, Step.IDENTITY, via_services=True)
    _submit(db, now, sibling, nik="3174051203900009")
    assert factories.profile_of(db, sibling.id).kk_number == KK


# --- the registry interface ------------------------------------------------------------


class _Registry:
    def __init__(self, answer: str | None = None):
        self.answer, self.calls = answer, []

    def check(self, nik: str, birth_date: date) -> str:
        self.calls.append((nik, birth_date))
        if self.answer is None:
            raise DomainError(RegistrationError.REGISTRY_UNKNOWN, "nik")
        return self.answer


def test_a_registry_answer_is_recorded(db, now, applicant):
    registry = _Registry("verified")
    _submit(db, now, applicant, registry=registry)
    assert registry.calls == [(NIK, date(1990, 3, 12))]
    assert factories.profile_of(db, applicant.id).registry_status == "verified"


def test_a_registry_refusal_saves_nothing(db, now, applicant):
    refused = factories.refused(db, _submit, now, applicant, registry=_Registry())
    assert (refused.code, refused.field) == ("registry_unknown", "nik")
    assert current_step(db, applicant.id) == Step.IDENTITY


def test_the_registry_is_not_asked_about_a_wrong_form(db, now, applicant):
    registry = _Registry("verified")
    with pytest.raises(FormErrors):
        _submit(db, now, applicant, nik="123", registry=registry)
    assert registry.calls == []


def test_a_nik_claimed_at_the_same_moment_is_refused_cleanly(db, now, applicant, monkeypatch):
    """Both requests passed the check; the database's unique NIK stops the second."""
    _submit(db, now, applicant)
    other = factories.applicant_at(db, now, Step.IDENTITY, via_services=True)
    monkeypatch.setattr(identity, "_nik_taken", lambda *args: False)
    errors = _refused(db, now, other, kk="3174050101090099")
    assert errors == {
        "nik": "NIK ini sudah terdaftar pada akun lain. Satu NIK hanya dapat dipakai satu akun."
    }


@pytest.mark.security
def test_an_account_tries_at_most_five_different_niks_a_day(db, now, applicant):
    taken = [factories.new_nik() for _ in range(identity.NIK_TRIES.count)]
    for nik in taken:
        factories.applicant_at(db, now, Step.PERSONAL, via_services=True, nik=nik)
    for nik in taken:
        assert _refused(db, now, applicant, nik=nik) == {
            "nik": "NIK ini sudah terdaftar pada akun lain. Satu NIK hanya dapat dipakai satu akun."
        }
    assert _refused(db, now, applicant, nik=taken[0])["nik"].startswith("NIK ini sudah")
    probe = factories.raised(_submit, db, now, applicant, nik=factories.new_nik())
    assert (probe.code, probe.field) == ("rate_limited", "nik")
    assert text(probe).startswith("Anda sudah mencoba terlalu banyak NIK yang berbeda hari ini.")
    _submit(db, now + timedelta(days=1, minutes=1), applicant, nik=factories.new_nik())
