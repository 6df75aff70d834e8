"""Iris amount strings to whole rupiah and back, exactly."""

import pytest

from prakerja_app.services.money.partner.amounts import format_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "rupiah"),
    [
        ("600000", 600000),
        ("600000.0", 600000),
        ("600000.00", 600000),
        ("1", 1),
        ("999999999999999.00", 999_999_999_999_999),
    ],
)
def test_parses_whole_rupiah_exactly(text, rupiah):
    assert parse_amount(text) == rupiah


@pytest.mark.parametrize(
    "text",
    [
        "600000.50",
        "0.01",
        "600000.000",
        "6e5",
        "-600000",
        "600,000",
        " 600000",
        "",
        "1.",
        ".5",
        600000,
        600000.0,
        None,
    ],
)
def test_refuses_anything_else(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_formats_as_iris_takes_it():
    assert format_amount(600000) == "600000.00"
    assert parse_amount(format_amount(2_400_000)) == 2_400_000


@pytest.mark.parametrize("rupiah", [0, -1, True, 1.5, "600000"])
def test_formats_only_positive_whole_rupiah(rupiah):
    with pytest.raises(ValueError):
        format_amount(rupiah)
