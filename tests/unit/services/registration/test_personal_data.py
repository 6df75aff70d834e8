"""Step 5: the personal-data form (a draft), the two photos, and submission."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog
from prakerja_app.services.core.errors import DomainError, FormErrors
from prakerja_app.services.core.formatting import long_date
from prakerja_app.services.registration import personal_data
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.personal_data import PersonalAnswers, saved_data
from prakerja_app.services.registration.steps import Step, current_step
from prakerja_app.services.views import registration as registration_view
from prakerja_app.services.views.messages import MESSAGES, field_texts, text
from tests import factories

ADDRESS = "Jl. Kemang Raya No. 10, RT 001/RW 002, Bangka"
ADDRESS_ERROR = "Tulis alamat lengkap (jalan, RT/RW, kelurahan), 10-300 huruf."
LOCKED = "Data diri sudah dikirim dan tidak dapat diubah lagi."
FORMAL_EDUCATION_REFUSAL = MESSAGES[RegistrationError.IN_FORMAL_EDUCATION]
EXCLUDED_OCCUPATION_REFUSAL = MESSAGES[RegistrationError.OCCUPATION_STATEMENT_MISSING]


pytestmark = pytest.mark.usefixtures("registration_env")


@pytest.fixture
def photo_dir(registration_env) -> Path:
    """Photos go to the test's own private folder."""
    return registration_env / "photos"


@pytest.fixture
def applicant(db, now):
    """A man (by his NIK) who has entered his NIK: step 5 is next."""
    return factories.applicant_at(db, now, Step.PERSONAL, via_services=True)


def _photos(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.jpg")) if folder.exists() else []


def _save(db, now, user, **changes):
    form = factories.personal_form(**changes)
    personal_data.save_form(db, user_id=user.id, answers=form, now=now)


def _form_refused(db, now, user, form: PersonalAnswers) -> dict[str, str]:
    save = personal_data.save_form
    return field_texts(
        factories.refused(db, save, user_id=user.id, answers=form, now=now, error=FormErrors)
    )


def _submit_refused(db, now, user, honesty=True) -> DomainError:
    return factories.refused(db, personal_data.submit, user_id=user.id, honesty=honesty, now=now)


def _add_photos(db, now, user, fields=personal_data.PHOTO_FIELDS):
    for field in fields:
        data = factories.photo_bytes()
        personal_data.save_photo(db, user_id=user.id, field=field, data=data, now=now)


# --- the form --------------------------------------------------------------------------


def test_before_saving_the_form_is_empty(db, applicant):
    data = saved_data(db, applicant.id)
    assert (data.full_name_ktp, data.ktp_address, data.province_code) == ("", "", "")
    assert data.sex == "L"  # known from the NIK
    assert not (data.has_ktp_photo or data.has_selfie_photo or data.submitted or data.complete)


def test_saving_the_form_keeps_a_draft(db, now, applicant):
    later = now + timedelta(minutes=3)
    _save(db, later, applicant, full_name_ktp="  BUDI   SANTOSO ", district=" Mampang  Prapatan ")
    data = saved_data(db, applicant.id)
    assert data.full_name_ktp == "BUDI SANTOSO"
    assert (data.ktp_address, data.domicile_address, data.domicile_same) == (
        ADDRESS,
        ADDRESS,
        True,
    )
    assert (data.province_code, data.regency_code, data.district) == (
        "31",
        "3174",
        "Mampang Prapatan",
    )
    assert (data.marital_status, data.education, data.employment_status) == (
        "belum_kawin",
        "sma",
        "korban_phk",
    )
    assert data.training_interest == "kuliner"
    assert not data.submitted
    assert not data.complete  # the photos are missing
    profile = factories.profile_of(db, applicant.id)
    assert (profile.in_formal_education, profile.excluded_occupation) == (False, False)
    assert profile.updated_at == later
    assert profile.data_submitted_at is None
    assert current_step(db, applicant.id) == Step.PERSONAL


def test_the_draft_can_be_changed_until_submitted(db, now, applicant):
    _save(db, now, applicant)
    _save(
        db,
        now,
        applicant,
        domicile_same="",
        domicile_address="Jl. Dago No. 1, RT 003/RW 004, Coblong",
        province_code="32",
        regency_code="3273",  # Kota Bandung: the domicile need not be the NIK's region
        district="Coblong",
        education="s1",
    )
    data = saved_data(db, applicant.id)
    assert (data.domicile_address, data.domicile_same) == (
        "Jl. Dago No. 1, RT 003/RW 004, Coblong",
        False,
    )
    assert (data.province_code, data.regency_code, data.education) == ("32", "3273", "s1")


def test_a_different_domicile_needs_its_address(db, now, applicant):
    errors = _form_refused(db, now, applicant, factories.personal_form(domicile_same=False))
    assert errors == {"domicile_address": ADDRESS_ERROR}


def test_every_wrong_field_is_named_and_nothing_is_saved(db, now, applicant):
    _save(db, now, applicant)
    saved = saved_data(db, applicant.id)
    form = PersonalAnswers(
        full_name_ktp="B4di",
        ktp_address="Jl. A",
        domicile_same=False,
        domicile_address="x",
        province_code="99",
        regency_code="9999",
        district="K",
        sex="X",
        marital_status="pacaran",
        education="tk",
        employment_status="pensiun",
        training_interest="sulap",
        in_formal_education=None,
        not_excluded_occupation=False,
    )
    assert _form_refused(db, now, applicant, form) == {
        "full_name_ktp": "Tulis nama lengkap dengan huruf (2-120 karakter).",
        "ktp_address": ADDRESS_ERROR,
        "domicile_address": ADDRESS_ERROR,
        "province_code": "Pilih provinsi dari daftar.",
        "district": "Tulis nama kecamatan domisili.",
        "sex": "Pilih jenis kelamin.",
        "marital_status": "Pilih status perkawinan.",
        "education": "Pilih pendidikan terakhir.",
        "employment_status": "Pilih status pekerjaan.",
        "training_interest": "Pilih minat pelatihan.",
        "in_formal_education": "Pilih apakah Anda sedang sekolah atau kuliah.",
        "not_excluded_occupation": EXCLUDED_OCCUPATION_REFUSAL,
    }
    assert saved_data(db, applicant.id) == saved


def test_an_empty_form_is_refused_field_by_field(db, now, applicant):
    assert set(_form_refused(db, now, applicant, PersonalAnswers())) == {
        "full_name_ktp",
        "ktp_address",
        "domicile_address",
        "province_code",
        "district",
        "sex",
        "marital_status",
        "education",
        "employment_status",
        "training_interest",
        "in_formal_education",
        "not_excluded_occupation",
    }


def test_the_regency_must_lie_in_the_province(db, now, applicant):
    form = factories.personal_form(province_code="31", regency_code="3273")
    assert _form_refused(db, now, applicant, form) == {
        "regency_code": "Pilih kabupaten/kota dari daftar."
    }


def test_the_sex_must_match_the_nik(db, now, applicant):
    assert _form_refused(db, now, applicant, factories.personal_form(sex="P")) == {
        "sex": "Jenis kelamin tidak sesuai dengan NIK Anda."
    }


def test_a_woman_by_her_nik_says_perempuan(db, now):
    woman = factories.applicant_at(
        db, now, Step.PERSONAL, via_services=True, nik=factories.new_nik(sex="P")
    )
    assert _form_refused(db, now, woman, factories.personal_form(sex="L")) == {
        "sex": "Jenis kelamin tidak sesuai dengan NIK Anda."
    }
    _save(db, now, woman, sex="P")
    assert saved_data(db, woman.id).sex == "P"


def test_someone_at_school_or_university_is_refused_with_the_reason(db, now, applicant):
    errors = _form_refused(db, now, applicant, factories.personal_form(in_formal_education=True))
    assert errors == {"in_formal_education": FORMAL_EDUCATION_REFUSAL}
    assert "sekolah atau kuliah" in FORMAL_EDUCATION_REFUSAL
    assert factories.profile_of(db, applicant.id).in_formal_education is None


def test_the_excluded_occupation_statement_must_be_ticked(db, now, applicant):
    form = factories.personal_form(not_excluded_occupation=False)
    assert _form_refused(db, now, applicant, form) == {
        "not_excluded_occupation": EXCLUDED_OCCUPATION_REFUSAL
    }
    for job in ("ASN", "TNI", "Polri", "DPRD", "BUMN/BUMD", "perangkat desa"):
        assert job in EXCLUDED_OCCUPATION_REFUSAL


# --- the photos ------------------------------------------------------------------------


def test_photos_are_stored_privately_and_shown_only_as_previews(db, now, applicant, photo_dir):
    _add_photos(db, now, applicant)
    profile = factories.profile_of(db, applicant.id)
    assert len(_photos(photo_dir)) == 2
    for field in personal_data.PHOTO_FIELDS:
        key = getattr(profile, f"{field}_key")
        assert (photo_dir / key[:2] / f"{key}.jpg").is_file()
        preview = personal_data.photo_preview(db, user_id=applicant.id, field=field)
        assert preview.startswith("data:image/jpeg;base64,")
    data = saved_data(db, applicant.id)
    assert data.has_ktp_photo and data.has_selfie_photo
    assert not data.complete  # the form itself is still missing


def test_a_new_photo_replaces_the_old_file(db, now, applicant, photo_dir):
    _add_photos(db, now, applicant, ["ktp_photo"])
    [old] = _photos(photo_dir)
    _add_photos(db, now, applicant, ["ktp_photo"])
    [new] = _photos(photo_dir)
    assert new != old
    assert new.stem == factories.profile_of(db, applicant.id).ktp_photo_key


def test_a_file_that_is_not_a_photo_is_refused(db, now, applicant, photo_dir):
    refused = factories.refused(
        db,
        personal_data.save_photo,
        user_id=applicant.id,
        field="selfie_photo",
        data=b"%PDF-1.4 not a photo",
        now=now,
    )
    assert (refused.code, refused.field) == ("photo_type", "selfie_photo")
    assert text(refused) == "Foto harus berformat JPG atau PNG."
    assert _photos(photo_dir) == []


def test_only_the_two_photo_fields_exist(db, now, applicant, photo_dir):
    refused = factories.refused(
        db,
        personal_data.save_photo,
        user_id=applicant.id,
        field="password_hash",
        data=factories.photo_bytes(),
        now=now,
    )
    assert (refused.code, text(refused)) == ("photo_field", "Jenis foto tidak dikenal.")
    assert _photos(photo_dir) == []
    assert personal_data.photo_preview(db, user_id=applicant.id, field="password_hash") == ""
    assert personal_data.photo_preview(db, user_id=applicant.id, field="ktp_photo") == ""


# --- submitting ------------------------------------------------------------------------


def test_submit_needs_the_saved_form(db, now, applicant):
    _add_photos(db, now, applicant)
    refused = _submit_refused(db, now, applicant)
    assert (refused.code, text(refused)) == (
        "data_missing",
        "Isi dan simpan data diri terlebih dahulu.",
    )


def test_submit_needs_both_photos(db, now, applicant):
    _save(db, now, applicant)
    refused = _submit_refused(db, now, applicant)
    assert (refused.code, refused.field, text(refused)) == (
        "photo_missing",
        "ktp_photo",
        "Unggah foto KTP terlebih dahulu.",
    )
    _add_photos(db, now, applicant, ["ktp_photo"])
    refused = _submit_refused(db, now, applicant)
    assert (refused.code, refused.field, text(refused)) == (
        "photo_missing",
        "selfie_photo",
        "Unggah foto selfie dengan KTP terlebih dahulu.",
    )


@pytest.mark.parametrize("honesty", [False, None, "on", 1])
def test_submit_needs_the_honesty_statement(db, now, applicant, honesty):
    _save(db, now, applicant)
    _add_photos(db, now, applicant)
    refused = _submit_refused(db, now, applicant, honesty)
    assert (refused.code, refused.field, text(refused)) == (
        "honesty_required",
        "honesty",
        "Centang pernyataan bahwa data yang Anda isi benar.",
    )
    assert current_step(db, applicant.id) == Step.PERSONAL


def test_submit_locks_the_data_and_finishes_step_five(db, now, applicant):
    _save(db, now, applicant)
    _add_photos(db, now, applicant)
    assert saved_data(db, applicant.id).complete
    later = now + timedelta(minutes=10)
    personal_data.submit(db, user_id=applicant.id, honesty=True, now=later)
    profile = factories.profile_of(db, applicant.id)
    assert profile.data_submitted_at == profile.honesty_statement_at == later
    assert saved_data(db, applicant.id).submitted
    assert current_step(db, applicant.id) == Step.PHONE
    actions = db.exec(select(AuditLog.action).where(AuditLog.actor_user_id == applicant.id)).all()
    assert "registration.personal_data" in actions


def test_submitted_data_can_no_longer_be_changed(db, now, applicant, photo_dir):
    _save(db, now, applicant)
    _add_photos(db, now, applicant)
    personal_data.submit(db, user_id=applicant.id, honesty=True, now=now)
    photos_before = _photos(photo_dir)
    later = now + timedelta(hours=1)
    attempts = [
        (personal_data.save_form, {"answers": factories.personal_form(education="s1")}),
        (personal_data.save_photo, {"field": "ktp_photo", "data": factories.photo_bytes()}),
        (personal_data.submit, {"honesty": True}),
    ]
    for call, kwargs in attempts:
        refused = factories.refused(db, call, user_id=applicant.id, now=later, **kwargs)
        assert (refused.code, text(refused)) == ("data_locked", LOCKED)
    assert _photos(photo_dir) == photos_before
    assert saved_data(db, applicant.id).education == "sma"


def test_the_summary_shows_every_answer_and_masks_the_nik(db, now, applicant):
    _save(db, now, applicant)
    _add_photos(db, now, applicant, ["ktp_photo"])
    profile = factories.profile_of(db, applicant.id)
    nik, kk = profile.nik, profile.kk_number
    summary = dict(registration_view.summary(db, applicant.id))
    assert summary["NIK"] == nik[:4] + "********" + nik[-4:]
    assert summary["Nomor KK"] == kk[:4] + "********" + kk[-4:]
    assert summary["Tanggal lahir"] == long_date(profile.birth_date)
    assert summary["Nama sesuai KTP"] == "BUDI SANTOSO"
    assert summary["Jenis kelamin"] == "Laki-laki"
    assert summary["Alamat domisili"] == "Sama dengan KTP"
    assert summary["Provinsi"] == "DKI Jakarta"
    assert summary["Kabupaten/kota"] == "Kota Jakarta Selatan"
    assert summary["Pendidikan terakhir"] == "SMA/SMK/sederajat"
    assert summary["Status pekerjaan"] == "Korban PHK"
    assert summary["Minat pelatihan"] == "Kuliner"
    assert summary["Sedang sekolah/kuliah"] == "Tidak"
    assert summary["Foto KTP"] == "Terunggah"
    assert summary["Foto selfie dengan KTP"] == "Belum ada"
