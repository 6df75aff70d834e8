"""What the registration wizard shows: the steps' names and the "check your data" summary."""

from sqlmodel import Session

from prakerja_app.services.core.formatting import long_date
from prakerja_app.services.core.labels import (
    CATEGORY_LABELS,
    EDUCATION_LABELS,
    EMPLOYMENT_LABELS,
    MARITAL_STATUS_LABELS,
    SEX_LABELS,
)
from prakerja_app.services.core.masking import mask_nik
from prakerja_app.services.registration import personal_data, regions
from prakerja_app.services.registration.profiles import profile_of
from prakerja_app.services.registration.steps import Step

STEP_LABELS = {
    Step.ACCOUNT: "Buat akun",
    Step.EMAIL: "Konfirmasi email",
    Step.LOGIN: "Masuk",
    Step.IDENTITY: "NIK dan tanggal lahir",
    Step.PERSONAL: "Data diri",
    Step.PHONE: "Nomor HP",
    Step.TEST: "Tes motivasi",
    Step.WAVE: "Gabung gelombang",
}


def summary(db: Session, user_id: int) -> list[tuple[str, str]]:
    """The answers as label/value pairs for the "check your answers" page."""
    profile = profile_of(db, user_id)
    data = personal_data.saved_data(db, user_id)
    return [
        ("NIK", mask_nik(profile.nik or "")),
        ("Nomor KK", mask_nik(profile.kk_number or "")),
        ("Tanggal lahir", long_date(profile.birth_date) if profile.birth_date else ""),
        ("Nama sesuai KTP", data.full_name_ktp),
        ("Jenis kelamin", SEX_LABELS.get(data.sex, "")),
        ("Alamat sesuai KTP", data.ktp_address),
        ("Alamat domisili", "Sama dengan KTP" if data.domicile_same else data.domicile_address),
        ("Provinsi", regions.PROVINCES.get(data.province_code, "")),
        ("Kabupaten/kota", regions.REGENCIES.get(data.regency_code, "")),
        ("Kecamatan", data.district),
        ("Status perkawinan", MARITAL_STATUS_LABELS.get(data.marital_status, "")),
        ("Pendidikan terakhir", EDUCATION_LABELS.get(data.education, "")),
        ("Status pekerjaan", EMPLOYMENT_LABELS.get(data.employment_status, "")),
        ("Minat pelatihan", CATEGORY_LABELS.get(data.training_interest, "")),
        ("Sedang sekolah/kuliah", "Tidak"),
        ("Foto KTP", "Terunggah" if data.has_ktp_photo else "Belum ada"),
        ("Foto selfie dengan KTP", "Terunggah" if data.has_selfie_photo else "Belum ada"),
    ]
