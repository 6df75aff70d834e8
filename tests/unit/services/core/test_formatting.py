from datetime import UTC, date, datetime

import pytest

from prakerja_app.services.core import program
from prakerja_app.services.core.formatting import (
    jakarta_today,
    long_date,
    number,
    rupiah,
    wib_datetime,
    wib_to_utc,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1_000_000, "Rp 1.000.000"),
        (600_000, "Rp 600.000"),
        (24_000, "Rp 24.000"),
        (0, "Rp 0"),
        (-50_000, "-Rp 50.000"),
    ],
)
def test_rupiah_uses_indonesian_separators(amount, text):
    assert rupiah(amount) == text


@pytest.mark.parametrize("bad", [1000.5, "1000", True])
def test_rupiah_refuses_anything_but_integers(bad):
    with pytest.raises(TypeError):
        rupiah(bad)


def test_the_2020_package_totals_3_550_000():
    assert program.TOTAL_BENEFIT == 3_550_000
    assert rupiah(program.TOTAL_BENEFIT) == "Rp 3.550.000"


def test_counts_are_grouped():
    assert number(800_000) == "800.000"


def test_wave_7_opened_at_noon_wib_which_is_5_utc():
    opened = wib_to_utc(2020, 9, 3, 12, 0)
    assert opened == datetime(2020, 9, 3, 5, 0, tzinfo=UTC)
    assert wib_datetime(opened) == "Kamis, 3 September 2020 12.00 WIB"


def test_the_jakarta_day_starts_seven_hours_before_utc():
    assert jakarta_today(datetime(2020, 9, 3, 17, 30, tzinfo=UTC)) == date(2020, 9, 4)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        wib_datetime(datetime(2020, 9, 3, 12, 0))


def test_long_date_in_indonesian():
    assert long_date(date(2020, 9, 4)) == "4 September 2020"
