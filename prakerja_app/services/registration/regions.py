"""Indonesia's provinces and regencies/cities (kabupaten/kota) as they stood in 2020.

34 provinces and 514 regencies/cities (416 kabupaten + 98 kota), before the 2022 split of
Papua. The 4-digit regency codes live in ``data/regencies.csv`` (columns ``code,name``); the
first two digits of a regency code are its province code.

Codes are the Kemendagri codes (Permendagri 72/2019, Kode dan Data Wilayah Administrasi
Pemerintahan), written without the dot: Kemendagri 31.74 is stored as ``"3174"``. These are
the codes of an NIK's region prefix, so an NIK's first two digits are its province code and
its first four digits its regency/city code here. Examples: 1101 Kabupaten Aceh Selatan, 3101
Kabupaten Kepulauan Seribu, 3171 Kota Jakarta Pusat, 3174 Kota Jakarta Selatan, 91 Papua
(9171 Kota Jayapura), 92 Papua Barat (9271 Kota Sorong). They are NOT the BPS (Master File
Desa) codes, which differ outside most of Java and Bali (BPS 1101 is Simeulue, 91 is Papua
Barat and 94 Papua).

Source: codes and the list of units are those of the Kemendagri table ``wilayah_2020`` in
``db/archive/wilayah_2020.sql`` of github.com/cahyadsn/wilayah (Permendagri 72/2019 with its
2020 state: 34 provinces, no 2022 Papua split). Names are written "Kabupaten X" / "Kota Y" in
title case, with the renamings in force by 2020 applied: Mamuju Utara -> Pasangkayu
(PP 61/2017), Maluku Tenggara Barat -> Kepulauan Tanimbar (PP 2/2019), Toba Samosir -> Toba
(PP 14/2020). A few spellings follow the law that created the regency or city (Lubuklinggau,
Palangka Raya, Tojo Una-Una, Baubau, Fakfak, Pangkalpinang, Tanjungpinang, Pohuwato,
Pangkajene dan Kepulauan). "Administrasi" is left out of the Jakarta names.
"""

import csv
from pathlib import Path

from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration.errors import RegistrationError

PROVINCES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
}

_CSV_PATH = Path(__file__).parent / "data" / "regencies.csv"


def _load_regencies() -> dict[str, str]:
    with _CSV_PATH.open(encoding="utf-8", newline="") as f:
        rows = sorted((row["code"], row["name"]) for row in csv.DictReader(f))
    return dict(rows)


REGENCIES: dict[str, str] = _load_regencies()

_BY_PROVINCE: dict[str, list[tuple[str, str]]] = {}
for _code, _name in REGENCIES.items():
    _BY_PROVINCE.setdefault(_code[:2], []).append((_code, _name))


def regencies_of(province_code: str) -> list[tuple[str, str]]:
    """List the regencies and cities of a province.

    Args:
        province_code: the 2-digit province code, e.g. ``"31"``.

    Returns:
        ``(code, name)`` pairs in code order; an empty list for an unknown province.
    """
    if not isinstance(province_code, str):
        return []
    return list(_BY_PROVINCE.get(province_code, []))


def check_region(province_code: str, regency_code: str) -> None:
    """Check that a province exists and that the regency or city belongs to it.

    Args:
        province_code: the 2-digit province code chosen by the user.
        regency_code: the 4-digit regency/city code chosen by the user.

    Raises:
        DomainError: ``province_unknown`` if the province is not in the list, or
            ``regency_unknown`` if the regency is not in the list or lies in another province.
    """
    if not isinstance(province_code, str) or province_code not in PROVINCES:
        raise DomainError(RegistrationError.PROVINCE_UNKNOWN, "province_code")
    if (
        not isinstance(regency_code, str)
        or regency_code not in REGENCIES
        or regency_code[:2] != province_code
    ):
        raise DomainError(RegistrationError.REGENCY_UNKNOWN, "regency_code")
