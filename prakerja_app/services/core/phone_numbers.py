"""Indonesian mobile numbers: normalise what people type to E.164, and show them back.

Every number is stored as E.164 (``+628…``) so one phone is one value whatever way it was
typed. Indonesian mobile numbers are ``8``, a second digit 1-9, then 7 to 10 more digits
after the country code (10 to 13 digits in the national ``08…`` form). That covers the
2020 operator prefixes (0811-0819, 0821-0823, 0831-0838, 0851-0859, 0877-0878,
0881-0889, 0895-0899) loosely, without a table to keep up to date, and refuses landlines
(``021…``), other countries and numbers of the wrong length.
"""

import re

from prakerja_app.services.core.errors import CoreError, DomainError

COUNTRY_CODE = "62"

_MAX_INPUT = 40  # generous for "+62 (0) 812-3456-7890" and friends
_SEPARATORS = re.compile(r"[\s.()\-\u2010-\u2015]")
_MOBILE = re.compile(r"8[1-9][0-9]{7,10}")  # the national significant number
_DIGITS = re.compile(r"[0-9]+")  # ASCII only: "٠٨١٢" is not a phone number here


def _invalid() -> DomainError:
    return DomainError(CoreError.PHONE_INVALID, "phone")


def normalize_phone(raw: str) -> str:
    """Turn a typed Indonesian mobile number into E.164.

    Accepts ``0812…``, ``+62812…``, ``62812…``, ``812…`` and ``+62 (0)812…``, with spaces,
    dashes, dots or parentheses between the digits. E.164 input comes back unchanged.

    Args:
        raw: the number as typed.

    Returns:
        The number as ``+628…`` (12 to 15 characters).

    Raises:
        DomainError: ``phone_required`` when empty; ``phone_invalid`` for letters,
            landlines, other countries or a wrong length (field ``"phone"``).
    """
    text = (raw or "").strip()
    if not text:
        raise DomainError(CoreError.PHONE_REQUIRED, "phone")
    if len(text) > _MAX_INPUT:
        raise _invalid()
    compact = _SEPARATORS.sub("", text)
    international = compact.startswith("+")
    digits = compact[1:] if international else compact
    if not _DIGITS.fullmatch(digits):
        raise _invalid()
    if digits.startswith(COUNTRY_CODE):
        national = digits[len(COUNTRY_CODE) :]
        if national.startswith("08"):  # "+62 (0)812…": the trunk 0 written after the code
            national = national[1:]
    elif international:  # another country
        raise _invalid()
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if not _MOBILE.fullmatch(national):
        raise _invalid()
    return f"+{COUNTRY_CODE}{national}"


def _national_significant(e164: str) -> str:
    return normalize_phone(e164)[1 + len(COUNTRY_CODE) :]


def mask_phone(e164: str) -> str:
    """Hide the middle of a number for messages such as "Kode dikirim ke …".

    Always four stars, whatever the length, so the mask does not tell the length.

    Example:
        ``mask_phone("+6281234567890") == "+62 812****7890"``

    Raises:
        DomainError: the value is not an Indonesian mobile number.
    """
    nsn = _national_significant(e164)
    return f"+{COUNTRY_CODE} {nsn[:3]}****{nsn[-4:]}"


def display_phone(e164: str) -> str:
    """Write a number the way Indonesians read it: national form in groups.

    Groups of 4, then the rest split in two (the longer half last when odd from 9 on):
    ``0812-345-678``, ``0812-3456-789``, ``0812-3456-7890``, ``0812-3456-78901``.

    Raises:
        DomainError: the value is not an Indonesian mobile number.
    """
    national = "0" + _national_significant(e164)
    head, rest = national[:4], national[4:]
    split = min(4, (len(rest) + 1) // 2)
    return f"{head}-{rest[:split]}-{rest[split:]}"
