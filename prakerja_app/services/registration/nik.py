"""The NIK (Nomor Induk Kependudukan): structure, birth date and sex it encodes.

An NIK is 16 digits: 6 of region (province, regency, district), 6 of birth date as DDMMYY
where women add 40 to the day, then a 4-digit serial. The KK (family card) number is also
16 digits.
"""

import re
from dataclasses import dataclass
from datetime import date

from prakerja_app.services.core.errors import DomainError

_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class NikInfo:
    """What an NIK says about its holder."""

    nik: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: date
    sex: str  # "L" (laki-laki) or "P" (perempuan)


def clean_number(raw: str) -> str:
    """Drop the spaces, dots and dashes people type inside long numbers."""
    return re.sub(r"[\s.\-]", "", raw or "")


def _sixteen_digits(value: str, field: str, label: str) -> str:
    if not value:
        raise DomainError(f"{field}_required", f"{label} wajib diisi.", field)
    if not _DIGITS.fullmatch(value):
        raise DomainError(f"{field}_not_digits", f"{label} hanya boleh berisi angka.", field)
    if len(value) != 16:
        raise DomainError(
            f"{field}_length",
            f"{label} harus 16 digit (Anda memasukkan {len(value)} digit).",
            field,
        )
    return value


def parse_nik(raw: str, *, century_pivot: date) -> NikInfo:
    """Parse an NIK and decode its region, birth date and sex.

    Args:
        raw: the NIK as typed; spaces, dots and dashes are ignored.
        century_pivot: a date (usually today) used to choose 19YY or 20YY: a two-digit
            year that would put the birth date after this date means 19YY.

    Raises:
        DomainError: the NIK is empty, not 16 digits, or encodes an impossible date.
    """
    nik = _sixteen_digits(clean_number(raw), "nik", "NIK")
    if nik[:2] == "00" or nik[2:4] == "00" or nik[4:6] == "00":
        raise DomainError("nik_region", "Kode wilayah pada NIK tidak valid.", "nik")
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "P" if day > 40 else "L"
    if sex == "P":
        day -= 40
    year = 2000 + year2 if 2000 + year2 <= century_pivot.year else 1900 + year2
    try:
        birth = date(year, month, day)
    except ValueError:
        raise DomainError("nik_birth_date", "Tanggal lahir pada NIK tidak valid.", "nik") from None
    if birth > century_pivot:
        birth = birth.replace(year=birth.year - 100)
    return NikInfo(nik, nik[:2], nik[:4], nik[:6], birth, sex)


def parse_kk(raw: str) -> str:
    """Validate a family card (KK) number and return its 16 digits."""
    kk = _sixteen_digits(clean_number(raw), "kk", "Nomor KK")
    if kk[:2] == "00":
        raise DomainError("kk_region", "Kode wilayah pada nomor KK tidak valid.", "kk")
    return kk


def check_birth_date(info: NikInfo, typed: date) -> None:
    """Refuse a typed birth date that differs from the one encoded in the NIK."""
    if info.birth_date != typed:
        raise DomainError(
            "nik_birth_date_mismatch",
            "Tanggal lahir tidak sesuai dengan NIK. Periksa kembali NIK dan tanggal lahir"
            " sesuai KTP.",
            "birth_date",
        )


def age_on(birth: date, today: date) -> int:
    """Age in whole years on a given day (a 29 Feb birthday counts from 1 Mar)."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def mask_nik(nik: str) -> str:
    """Show only the first 4 and last 4 digits: 3174********0001."""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:] if len(nik) > 8 else "*" * len(nik)
