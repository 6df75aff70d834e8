"""The NIK (Nomor Induk Kependudukan): structure, birth date and sex it encodes.

An NIK is 16 digits: 6 of region (province, regency, district), 6 of birth date as DDMMYY
where women add 40 to the day, then a 4-digit serial. The KK (family card) number is also
16 digits.
"""

import re
from dataclasses import dataclass
from datetime import date

from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration.errors import RegistrationError

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


_SIXTEEN_DIGITS_ERRORS = {
    "nik": (
        RegistrationError.NIK_REQUIRED,
        RegistrationError.NIK_NOT_DIGITS,
        RegistrationError.NIK_LENGTH,
    ),
    "kk": (
        RegistrationError.KK_REQUIRED,
        RegistrationError.KK_NOT_DIGITS,
        RegistrationError.KK_LENGTH,
    ),
}


def _sixteen_digits(value: str, field: str) -> str:
    required, not_digits, length = _SIXTEEN_DIGITS_ERRORS[field]
    if not value:
        raise DomainError(required, field)
    if not _DIGITS.fullmatch(value):
        raise DomainError(not_digits, field)
    if len(value) != 16:
        raise DomainError(length, field, length=len(value))
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
    nik = _sixteen_digits(clean_number(raw), "nik")
    if nik[:2] == "00" or nik[2:4] == "00" or nik[4:6] == "00":
        raise DomainError(RegistrationError.NIK_REGION, "nik")
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "P" if day > 40 else "L"
    if sex == "P":
        day -= 40
    year = 2000 + year2 if 2000 + year2 <= century_pivot.year else 1900 + year2
    try:
        birth = date(year, month, day)
    except ValueError:
        raise DomainError(RegistrationError.NIK_BIRTH_DATE, "nik") from None
    if birth > century_pivot:
        birth = birth.replace(year=birth.year - 100)
    return NikInfo(nik, nik[:2], nik[:4], nik[:6], birth, sex)


def parse_kk(raw: str) -> str:
    """Validate a family card (KK) number and return its 16 digits."""
    kk = _sixteen_digits(clean_number(raw), "kk")
    if kk[:2] == "00":
        raise DomainError(RegistrationError.KK_REGION, "kk")
    return kk


def check_birth_date(info: NikInfo, typed: date) -> None:
    """Refuse a typed birth date that differs from the one encoded in the NIK."""
    if info.birth_date != typed:
        raise DomainError(RegistrationError.BIRTH_DATE_MISMATCH, "birth_date")


def age_on(birth: date, today: date) -> int:
    """Age in whole years on a given day (a 29 Feb birthday counts from 1 Mar)."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
