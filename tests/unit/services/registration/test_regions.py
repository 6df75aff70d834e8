import pytest

from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration.regions import (
    PROVINCES,
    REGENCIES,
    check_region,
    regencies_of,
)
from prakerja_app.services.views.messages import text


def test_thirty_four_provinces_in_code_order():
    assert len(PROVINCES) == 34
    assert list(PROVINCES) == sorted(PROVINCES)
    assert PROVINCES["11"] == "Aceh"
    assert PROVINCES["31"] == "DKI Jakarta"
    assert PROVINCES["34"] == "DI Yogyakarta"
    assert PROVINCES["91"] == "Papua"
    assert PROVINCES["92"] == "Papua Barat"
    assert "94" not in PROVINCES


def test_514_regencies_416_kabupaten_98_kota():
    assert len(REGENCIES) == 514
    names = list(REGENCIES.values())
    assert sum(name.startswith("Kabupaten ") for name in names) == 416
    assert sum(name.startswith("Kota ") for name in names) == 98


def test_codes_are_four_digits_in_order():
    assert all(len(code) == 4 and code.isdigit() for code in REGENCIES)
    assert list(REGENCIES) == sorted(REGENCIES)


def test_every_regency_lies_in_a_known_province():
    assert {code[:2] for code in REGENCIES} <= set(PROVINCES)


def test_every_province_has_regencies():
    assert all(regencies_of(code) for code in PROVINCES)
    assert sum(len(regencies_of(code)) for code in PROVINCES) == 514


@pytest.mark.parametrize(
    ("province", "count"),
    [
        ("11", 23),
        ("12", 33),
        ("31", 6),
        ("32", 27),
        ("33", 35),
        ("34", 5),
        ("35", 38),
        ("51", 9),
        ("65", 5),
        ("75", 6),
        ("76", 6),
        ("82", 10),
        ("91", 29),
        ("92", 13),
    ],
)
def test_regencies_per_province(province, count):
    assert len(regencies_of(province)) == count


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("1101", "Kabupaten Aceh Selatan"),
        ("1109", "Kabupaten Simeulue"),
        ("1171", "Kota Banda Aceh"),
        ("1212", "Kabupaten Toba"),
        ("3101", "Kabupaten Kepulauan Seribu"),
        ("3171", "Kota Jakarta Pusat"),
        ("3174", "Kota Jakarta Selatan"),
        ("3273", "Kota Bandung"),
        ("5171", "Kota Denpasar"),
        ("7601", "Kabupaten Pasangkayu"),
        ("8103", "Kabupaten Kepulauan Tanimbar"),
        ("9171", "Kota Jayapura"),
        ("9203", "Kabupaten Fakfak"),
        ("9271", "Kota Sorong"),
    ],
)
def test_known_names(code, name):
    assert REGENCIES[code] == name


def test_regencies_of_jakarta_in_code_order():
    assert regencies_of("31") == [
        ("3101", "Kabupaten Kepulauan Seribu"),
        ("3171", "Kota Jakarta Pusat"),
        ("3172", "Kota Jakarta Utara"),
        ("3173", "Kota Jakarta Barat"),
        ("3174", "Kota Jakarta Selatan"),
        ("3175", "Kota Jakarta Timur"),
    ]


def test_regencies_of_unknown_province_is_empty():
    assert regencies_of("99") == []
    assert regencies_of("") == []
    assert regencies_of(31) == []  # type: ignore[arg-type]


def test_regencies_of_returns_a_copy():
    regencies_of("31").clear()
    assert len(regencies_of("31")) == 6


@pytest.mark.parametrize(
    ("province", "regency"),
    [("31", "3174"), ("32", "3273"), ("51", "5171"), ("91", "9171"), ("92", "9271")],
)
def test_check_region_accepts_good_pairs(province, regency):
    check_region(province, regency)


@pytest.mark.parametrize("province", ["99", "", "3", "031", "94", None, 31])
def test_check_region_refuses_unknown_province(province):
    with pytest.raises(DomainError) as err:
        check_region(province, "3171")
    assert err.value.code == "province_unknown"
    assert err.value.field == "province_code"
    assert text(err.value) == "Pilih provinsi dari daftar."


@pytest.mark.parametrize("regency", ["3199", "", "31", "31740", "3273", "9171", None, 3174])
def test_check_region_refuses_unknown_or_foreign_regency(regency):
    with pytest.raises(DomainError) as err:
        check_region("31", regency)
    assert err.value.code == "regency_unknown"
    assert err.value.field == "regency_code"
    assert text(err.value) == "Pilih kabupaten/kota dari daftar."
