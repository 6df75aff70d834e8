"""Every refusal any area can raise has its sentence, and codes are unique across areas."""

from datetime import UTC, datetime

import pytest

from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.errors import CoreError, DomainError, FormErrors
from prakerja_app.services.core.vocab import ExclusionReason
from prakerja_app.services.lists.errors import ListError
from prakerja_app.services.marketplace.errors import MarketplaceError
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.selection.errors import SelectionError
from prakerja_app.services.verification.errors import VerificationError
from prakerja_app.services.views import messages

AREAS = (
    CoreError,
    AccountError,
    RegistrationError,
    SelectionError,
    MarketplaceError,
    MoneyError,
    ListError,
    VerificationError,
)
# The facts each parametrised sentence needs, as the services give them.
DETAILS = {
    "minimum": 8,
    "maximum": 128,
    "attempts": 5,
    "attempts_left": 3,
    "seconds": 23,
    "digits": 6,
    "length": 15,
    "megabytes": 2,
    "pixels": 200,
    "reason": ExclusionReason.CIVIL_SERVANT,
    "number": 7,
    "closes_at": datetime(2020, 9, 6, 16, 59, tzinfo=UTC),
    "opens_at": datetime(2020, 9, 3, 5, 0, tzinfo=UTC),
    "province": "DKI Jakarta",
    "quota": 800_000,
    "deadline": datetime(2020, 10, 6, 16, 59, tzinfo=UTC),
    "platform": "Ruangguru",
    "withdrawn_at": datetime(2020, 9, 3, 17, 0, tzinfo=UTC),
    "left": 400_000,
    "limit": 10,
    "scope": "nik_try",
    "minutes": 30,
    "price": 600_000,
    "expected": "nik,reason",
    "locked_at": datetime(2020, 9, 4, 3, 0, tzinfo=UTC),
    "available_from": datetime(2020, 10, 13, 17, 0, tzinfo=UTC),
    "journal": "owed:incentive:12:1",
    "status": "rejected",
    "count": 3,
    "total": 1_800_000,
}


def test_codes_are_unique_across_areas():
    values = [code.value for area in AREAS for code in area]
    assert len(values) == len(set(values))


@pytest.mark.parametrize("code", [code for area in AREAS for code in area], ids=str)
def test_every_code_reads_as_an_indonesian_sentence(code):
    sentence = messages.text(DomainError(code, "field", **DETAILS))
    assert sentence[0].isupper() and sentence.rstrip().endswith((".", ")"))
    assert "{" not in sentence and "_" not in sentence


def test_a_form_reads_field_by_field():
    refusal = FormErrors(
        {
            "nik": DomainError(RegistrationError.NIK_LENGTH, "nik", length=15),
            "sex": DomainError(RegistrationError.CHOICE_INVALID, "sex"),
        }
    )
    assert messages.field_texts(refusal) == {
        "nik": "NIK harus 16 digit (Anda memasukkan 15 digit).",
        "sex": "Pilih jenis kelamin.",
    }


def test_one_balance_refusal_whoever_raises_it():
    refusal = DomainError(MoneyError.INSUFFICIENT_BALANCE, left=400_000, price=600_000)
    assert messages.text(refusal) == (
        "Saldo pelatihan Anda tidak cukup: sisa Rp 400.000, harga pelatihan Rp 600.000."
    )
