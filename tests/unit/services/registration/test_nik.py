from datetime import date

import pytest

from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.masking import mask_nik
from prakerja_app.services.registration.nik import (
    age_on,
    check_birth_date,
    parse_kk,
    parse_nik,
)
from prakerja_app.services.views.messages import text

TODAY = date(2020, 9, 4)


def test_man_born_in_1990():
    info = parse_nik("3174051203900001", century_pivot=TODAY)
    assert info.birth_date == date(1990, 3, 12)
    assert info.sex == "L"
    assert (info.province_code, info.regency_code, info.district_code) == (
        "31",
        "3174",
        "317405",
    )


def test_woman_adds_forty_to_the_day():
    info = parse_nik("3273015203950002", century_pivot=TODAY)
    assert info.birth_date == date(1995, 3, 12)
    assert info.sex == "P"


def test_two_digit_year_in_this_century():
    assert parse_nik("3174050101020003", century_pivot=TODAY).birth_date == date(2002, 1, 1)


def test_spaces_dots_and_dashes_are_ignored():
    assert parse_nik("3174 0512.0390-0001", century_pivot=TODAY).nik == "3174051203900001"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "nik_required"),
        ("317405120390001", "nik_length"),  # 15 digits
        ("31740512039000012", "nik_length"),  # 17 digits
        ("3174O51203900001", "nik_not_digits"),  # letter O
        ("0074051203900001", "nik_region"),
        ("3174053203900001", "nik_birth_date"),  # day 32
        ("3174051213900001", "nik_birth_date"),  # month 13
        ("3174053002900001", "nik_birth_date"),  # 30 February
        ("3174057202900001", "nik_birth_date"),  # woman, day 72 - 40 = 32
        ("3174050000900001", "nik_birth_date"),  # day 0
    ],
)
def test_bad_niks_are_refused_with_a_reason(raw, code):
    with pytest.raises(DomainError) as refused:
        parse_nik(raw, century_pivot=TODAY)
    assert refused.value.code == code
    assert refused.value.field == "nik"
    assert text(refused.value)  # an Indonesian sentence for the form


def test_length_message_says_how_many_digits_were_typed():
    with pytest.raises(DomainError) as refused:
        parse_nik("317405120390001", century_pivot=TODAY)
    assert "15 digit" in text(refused.value)


def test_birth_date_must_match_the_nik():
    info = parse_nik("3174051203900001", century_pivot=TODAY)
    check_birth_date(info, date(1990, 3, 12))
    with pytest.raises(DomainError) as refused:
        check_birth_date(info, date(1990, 12, 3))
    assert refused.value.code == "nik_birth_date_mismatch"
    assert refused.value.field == "birth_date"


def test_kk_number_is_sixteen_digits():
    assert parse_kk("3174 0512 0390 0009") == "3174051203900009"
    for bad in ("317405120390000", "31740512039000091", "31740512039000AB"):
        with pytest.raises(DomainError):
            parse_kk(bad)


@pytest.mark.parametrize(
    ("birth", "today", "age"),
    [
        (date(2002, 9, 4), date(2020, 9, 4), 18),
        (date(2002, 9, 5), date(2020, 9, 4), 17),  # 17 years and 364 days
        (date(2000, 2, 29), date(2018, 2, 28), 17),
        (date(2000, 2, 29), date(2018, 3, 1), 18),
    ],
)
def test_age_in_whole_years(birth, today, age):
    assert age_on(birth, today) == age


def test_mask_shows_only_the_ends():
    assert mask_nik("3174051203900001") == "3174********0001"
