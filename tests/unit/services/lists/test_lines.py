"""Reading an uploaded list: the header it needs, and each line's problem by number."""

import io
from datetime import date

import pytest

from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import ListKind, ListLineProblem
from prakerja_app.services.lists import lines
from prakerja_app.services.lists.errors import ListError

TODAY = date(2020, 9, 4)
NIK = "3171010101800001"


def _read(text: str, kind: ListKind = ListKind.EXCLUSION) -> list[lines.Line]:
    return list(lines.read(io.StringIO(text), kind, TODAY))


def test_each_line_is_numbered_as_an_editor_shows_it():
    found = _read(
        "NIK , Reason\n"
        f"{NIK},ASN\n"
        "\n"
        "3171010101800002,tni,extra\n"
        "12345,asn\n"
        "3171013201800001,asn\n"  # day 32: no such birth date
        f"{NIK},presiden\n"
        f"{NIK},blacklist\n"  # the system's own: not for an upload
        '"3273011202850002", polri\n'
    )
    assert found == [
        (2, NIK, "asn", None),
        (4, "3171010101800002", "tni", ListLineProblem.COLUMNS),
        (5, "12345", "asn", ListLineProblem.NIK),
        (6, "3171013201800001", "asn", ListLineProblem.NIK),
        (7, NIK, "presiden", ListLineProblem.VALUE),
        (8, NIK, "blacklist", ListLineProblem.VALUE),
        (9, "3273011202850002", "polri", None),
    ]


def test_the_priority_list_takes_its_sources():
    found = _read(f"nik,source\n{NIK},Kemnaker\n{NIK},bpjstk\n{NIK},asn\n", ListKind.PRIORITY)
    assert [line.problem for line in found] == [None, None, ListLineProblem.VALUE]


@pytest.mark.parametrize("text", ["", f"{NIK},asn\n", "nik,source\n", "nik;reason\n"])
def test_a_file_without_its_header_is_refused(text):
    with pytest.raises(DomainError) as refused:
        _read(text)
    assert refused.value.code == ListError.HEADER
    assert refused.value.details == {"expected": "nik,reason"}
