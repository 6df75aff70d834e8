"""Step 5 of registration: personal data, the KTP photo and the selfie, then submission.

The applicant saves the form (a draft, editable), adds both photos, checks a summary of
the answers and submits with the honesty statement. Submitted data is locked.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from prakerja_app.models import ApplicantProfile
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.vocab import (
    CATEGORY_LABELS,
    EDUCATION_LABELS,
    EMPLOYMENT_LABELS,
    MARITAL_STATUS_LABELS,
    SEX_LABELS,
)
from prakerja_app.services.registration import photos, regions
from prakerja_app.services.registration.account import check_full_name
from prakerja_app.services.registration.nik import mask_nik
from prakerja_app.services.registration.steps import Step, complete_step, require_step

PHOTO_FIELDS = ("ktp_photo", "selfie_photo")
FORMAL_EDUCATION_REFUSAL = (
    "Peserta yang sedang sekolah atau kuliah (pendidikan formal) tidak dapat mengikuti"
    " Kartu Prakerja."
)
EXCLUDED_OCCUPATION_REFUSAL = (
    "Pejabat negara, anggota DPRD, ASN, TNI, Polri, kepala dan perangkat desa, serta"
    " direksi/komisaris BUMN/BUMD tidak dapat mengikuti Kartu Prakerja. Centang pernyataan"
    " ini bila Anda tidak termasuk di dalamnya."
)


@dataclass(frozen=True)
class PersonalData:
    """The saved answers, as the form shows them (strings; empty when not given yet)."""

    full_name_ktp: str
    ktp_address: str
    domicile_same: bool
    domicile_address: str
    province_code: str
    regency_code: str
    district: str
    sex: str
    marital_status: str
    education: str
    employment_status: str
    training_interest: str
    has_ktp_photo: bool
    has_selfie_photo: bool
    submitted: bool

    @property
    def complete(self) -> bool:
        """The form was saved and both photos are there."""
        return bool(self.full_name_ktp) and self.has_ktp_photo and self.has_selfie_photo


def _address(raw: str, field: str) -> str:
    address = " ".join((raw or "").split())
    if not 10 <= len(address) <= 300:
        raise DomainError(
            "address_invalid",
            "Tulis alamat lengkap (jalan, RT/RW, kelurahan), 10-300 huruf.",
            field,
        )
    return address


def _choice(raw: str, labels: dict, field: str, what: str) -> str:
    if raw not in labels:
        raise DomainError("choice_invalid", f"Pilih {what}.", field)
    return raw


def _district(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not 2 <= len(name) <= 80:
        raise DomainError("district_invalid", "Tulis nama kecamatan domisili.", "district")
    return name


def _profile(db: Session, user_id: int) -> ApplicantProfile:
    profile = db.exec(select(ApplicantProfile).where(ApplicantProfile.user_id == user_id)).first()
    if profile is None:  # cannot happen once step 4 is done; guard against misuse
        raise DomainError("step_order", "Isi NIK dan tanggal lahir terlebih dahulu.")
    return profile


def _editable(db: Session, user_id: int) -> ApplicantProfile:
    submitted = db.exec(
        select(ApplicantProfile.data_submitted_at).where(ApplicantProfile.user_id == user_id)
    ).first()
    if submitted is not None:  # checked first: step 5 is done then, too
        raise DomainError("data_locked", "Data diri sudah dikirim dan tidak dapat diubah lagi.")
    require_step(db, user_id, Step.PERSONAL)
    return _profile(db, user_id)


def saved_data(db: Session, user_id: int) -> PersonalData:
    """The applicant's saved answers, to prefill the form and the summary."""
    p = _profile(db, user_id)
    return PersonalData(
        full_name_ktp=p.full_name_ktp or "",
        ktp_address=p.ktp_address or "",
        domicile_same=bool(p.ktp_address) and p.ktp_address == p.domicile_address,
        domicile_address=p.domicile_address or "",
        province_code=p.province_code or "",
        regency_code=p.regency_code or "",
        district=p.district or "",
        sex=p.sex or "",
        marital_status=p.marital_status or "",
        education=p.education or "",
        employment_status=p.employment_status or "",
        training_interest=p.training_interests or "",
        has_ktp_photo=p.ktp_photo_key is not None,
        has_selfie_photo=p.selfie_photo_key is not None,
        submitted=p.data_submitted_at is not None,
    )


def save_form(db: Session, *, user_id: int, form: dict[str, str], now: datetime) -> None:
    """Check and save the personal-data form as a draft; commit.

    Args:
        form: the form's fields as strings; checkboxes are "on" when ticked.

    Raises:
        FormErrors: every wrong field with its message; nothing is saved.
        DomainError: not the current step, or the data was already submitted.
    """
    profile = _editable(db, user_id)

    def text(name: str) -> str:
        value = form.get(name, "")
        return value if isinstance(value, str) else ""

    errors: dict[str, str] = {}
    name = collect(
        errors, "full_name_ktp", lambda: check_full_name(text("full_name_ktp"), "full_name_ktp")
    )
    ktp_address = collect(
        errors, "ktp_address", lambda: _address(text("ktp_address"), "ktp_address")
    )
    same = text("domicile_same") == "on"
    domicile = (
        ktp_address
        if same
        else collect(
            errors,
            "domicile_address",
            lambda: _address(text("domicile_address"), "domicile_address"),
        )
    )
    province, regency = text("province_code"), text("regency_code")
    try:
        regions.check_region(province, regency)
    except DomainError as error:
        errors[error.field] = error.message
    district = collect(errors, "district", lambda: _district(text("district")))
    sex = collect(errors, "sex", lambda: _choice(text("sex"), SEX_LABELS, "sex", "jenis kelamin"))
    if sex and sex != profile.sex:
        errors["sex"] = "Jenis kelamin tidak sesuai dengan NIK Anda."
    choices = {
        name_: collect(
            errors,
            name_,
            lambda n=name_, labels=labels, what=what: _choice(text(n), labels, n, what),
        )
        for name_, labels, what in (
            ("marital_status", MARITAL_STATUS_LABELS, "status perkawinan"),
            ("education", EDUCATION_LABELS, "pendidikan terakhir"),
            ("employment_status", EMPLOYMENT_LABELS, "status pekerjaan"),
            ("training_interest", CATEGORY_LABELS, "minat pelatihan"),
        )
    }
    in_school = text("in_formal_education")
    if in_school not in ("ya", "tidak"):
        errors["in_formal_education"] = "Pilih apakah Anda sedang sekolah atau kuliah."
    elif in_school == "ya":
        errors["in_formal_education"] = FORMAL_EDUCATION_REFUSAL
    if text("not_excluded_occupation") != "on":
        errors["not_excluded_occupation"] = EXCLUDED_OCCUPATION_REFUSAL
    if errors:
        raise FormErrors(errors)
    profile.full_name_ktp, profile.ktp_address, profile.domicile_address = (
        name,
        ktp_address,
        domicile,
    )
    profile.province_code, profile.regency_code, profile.district = province, regency, district
    profile.marital_status = choices["marital_status"]
    profile.education = choices["education"]
    profile.employment_status = choices["employment_status"]
    profile.training_interests = choices["training_interest"]
    profile.in_formal_education, profile.excluded_occupation = False, False
    profile.updated_at = now
    db.commit()


def save_photo(db: Session, *, user_id: int, field: str, data: bytes, now: datetime) -> None:
    """Store the KTP photo or the selfie (replacing an earlier one); commit.

    Raises:
        DomainError: a bad field name, a refused file (see ``photos.store_photo``), not
            the current step, or the data was already submitted.
    """
    if field not in PHOTO_FIELDS:
        raise DomainError("photo_field", "Jenis foto tidak dikenal.")
    profile = _editable(db, user_id)
    key = photos.store_photo(data, field=field)
    attribute = f"{field}_key"
    old = getattr(profile, attribute)
    setattr(profile, attribute, key)
    profile.updated_at = now
    db.commit()
    if old:
        photos.delete_photo(old)


def photo_preview(db: Session, *, user_id: int, field: str) -> str:
    """A small preview (data URI) of the applicant's own photo, or "" when there is none."""
    if field not in PHOTO_FIELDS:
        return ""
    key = getattr(_profile(db, user_id), f"{field}_key")
    return photos.thumbnail_data_uri(key) if key else ""


def summary(db: Session, user_id: int) -> list[tuple[str, str]]:
    """The answers as label/value pairs for the "check your answers" page."""
    p = _profile(db, user_id)
    data = saved_data(db, user_id)
    return [
        ("NIK", mask_nik(p.nik or "")),
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


def submit(db: Session, *, user_id: int, honesty: bool, now: datetime) -> None:
    """Submit the saved data with the honesty statement; it is locked and step 5 done; commit.

    Raises:
        DomainError: the statement is not ticked, the form or a photo is missing, not the
            current step, or already submitted.
    """
    profile = _editable(db, user_id)
    data = saved_data(db, user_id)
    if not data.full_name_ktp:
        raise DomainError("data_missing", "Isi dan simpan data diri terlebih dahulu.")
    for field, present, label in (
        ("ktp_photo", data.has_ktp_photo, "foto KTP"),
        ("selfie_photo", data.has_selfie_photo, "foto selfie dengan KTP"),
    ):
        if not present:
            raise DomainError("photo_missing", f"Unggah {label} terlebih dahulu.", field)
    if honesty is not True:
        raise DomainError(
            "honesty_required",
            "Centang pernyataan bahwa data yang Anda isi benar.",
            "honesty",
        )
    profile.honesty_statement_at = profile.data_submitted_at = profile.updated_at = now
    complete_step(db, user_id, Step.PERSONAL, now)
    audit.record(
        db, actor_id=user_id, action="registration.personal_data", entity="user", entity_id=user_id
    )
    db.commit()
