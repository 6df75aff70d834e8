import pytest

from prakerja_app.services.core.errors import CoreError, DomainError
from prakerja_app.services.core.phone_numbers import (
    display_phone,
    mask_phone,
    normalize_phone,
)
from prakerja_app.services.views.messages import MESSAGES, text

INVALID = MESSAGES[CoreError.PHONE_INVALID]


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812 3456 7890",
        "0812-3456-7890",
        "0812.3456.7890",
        "(0812) 3456-7890",
        "+6281234567890",
        "+62 812-3456-7890",
        "+62 (0)812 3456 7890",
        "6281234567890",
        "62 812 3456 7890",
        "81234567890",
        "812 3456 7890",
        "  0812 3456 7890 ",
        "+6281234567890\n",
    ],
)
def test_common_ways_of_writing_one_number(typed):
    assert normalize_phone(typed) == "+6281234567890"


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0811-1234-567", "+628111234567"),  # Telkomsel, 11 digits
        ("0813 1234 5678", "+6281312345678"),
        ("0821 1234 5678", "+6282112345678"),
        ("0822 1234 5678", "+6282212345678"),
        ("0852 1234 5678", "+6285212345678"),
        ("0853 1234 5678", "+6285312345678"),
        ("0855 1234 5678", "+6285512345678"),  # Indosat
        ("0857 1234 5678", "+6285712345678"),
        ("0859 1234 5678", "+6285912345678"),  # XL
        ("0877 1234 5678", "+6287712345678"),
        ("0878 1234 5678", "+6287812345678"),
        ("0838 1234 5678", "+6283812345678"),  # Axis
        ("0881 1234 5678", "+6288112345678"),  # Smartfren
        ("0889 1234 5678", "+6288912345678"),
        ("0895 1234 5678", "+6289512345678"),  # Tri
        ("0899 1234 5678", "+6289912345678"),
        ("0812345678", "+62812345678"),  # shortest: 08 + 8 digits
        ("0812345678901", "+62812345678901"),  # longest: 08 + 11 digits
    ],
)
def test_operator_prefixes_and_lengths(typed, e164):
    assert normalize_phone(typed) == e164


def test_normalising_twice_changes_nothing():
    e164 = normalize_phone("0812 3456 7890")
    assert normalize_phone(e164) == e164


@pytest.mark.parametrize(
    "typed",
    [
        "0812-3456-789O",  # a letter O for a zero
        "nomor saya 081234567890",
        "0812abcd7890",
        "021 1234 5678",  # Jakarta landline
        "+62 21 1234 5678",  # landline, international form
        "022 1234567",  # Bandung landline
        "0801 2345 6789",  # 8 then 0: not a mobile prefix
        "081234567",  # 08 + 7 digits: too short
        "08123456789012",  # 08 + 12 digits: too long
        "+62812345678901234",
        "0712 3456 7890",
        "+60 12 345 6789",  # Malaysia
        "+1 415 555 0100",  # United States
        "+81234567890",  # a plus without the country code
        "006281234567890",  # international dialling prefix
        "62",
        "+62",
        "08",
        "+",
        "0812+34567890",
        "++6281234567890",
        "0812/3456/7890",
        "0812_3456_7890",
        "٠٨١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits
        "".join(chr(0xFF10 + int(d)) for d in "081234567890"),  # full-width digits
        "0" * 41,
        "0812" + " " * 40 + "34567890",  # absurdly long input
    ],
)
def test_refuses_what_is_not_an_indonesian_mobile(typed):
    with pytest.raises(DomainError) as refused:
        normalize_phone(typed)
    assert refused.value.code == "phone_invalid"
    assert refused.value.field == "phone"
    assert text(refused.value) == INVALID
    assert "0812 3456 7890" in INVALID


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_number_is_required(typed):
    with pytest.raises(DomainError) as refused:
        normalize_phone(typed)
    assert (refused.value.code, refused.value.field) == ("phone_required", "phone")


def test_mask_shows_only_the_prefix_and_last_four_digits():
    assert mask_phone("+6281234567890") == "+62 812****7890"
    assert mask_phone("+62812345678") == "+62 812****5678"  # four stars whatever the length


def test_mask_and_display_refuse_garbage():
    for show in (mask_phone, display_phone):
        with pytest.raises(DomainError):
            show("021 1234 5678")


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+62812345678", "0812-345-678"),
        ("+628123456789", "0812-3456-789"),
        ("+6281234567890", "0812-3456-7890"),
        ("+62812345678901", "0812-3456-78901"),
    ],
)
def test_display_groups_the_national_form(e164, shown):
    assert display_phone(e164) == shown
    assert normalize_phone(shown) == e164
