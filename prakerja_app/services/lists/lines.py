"""Reading an uploaded list: its header, then each line as a fact (valid, or why not).

A file is UTF-8 text (a spreadsheet's byte order mark is allowed) with a header line:
``nik,reason`` for the exclusion list, ``nik,source`` for the priority list. Values are
trimmed and compared in lower case; blank lines are skipped. Line numbers count the
file's lines from 1, the header included, as a text editor shows them.
"""

import csv
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple, TextIO

from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import (
    ExclusionReason,
    ListKind,
    ListLineProblem,
    PrioritySource,
)
from prakerja_app.services.lists.errors import ListError
from prakerja_app.services.registration.nik import parse_nik

HEADERS = {ListKind.EXCLUSION: ("nik", "reason"), ListKind.PRIORITY: ("nik", "source")}
# What an upload may put on each list: the blacklist is the system's own.
VALUES: dict[ListKind, tuple[str, ...]] = {
    ListKind.EXCLUSION: tuple(r.value for r in ExclusionReason if r != ExclusionReason.BLACKLISTED),
    ListKind.PRIORITY: tuple(s.value for s in PrioritySource),
}
KEPT = 32  # characters kept of an invalid line's values, to show it


class Line(NamedTuple):
    """One data line: its number, NIK and value (cut to `KEPT`), and its problem."""

    line_no: int
    nik: str
    value: str
    problem: ListLineProblem | None


def header_text(kind: ListKind) -> str:
    """The header line a file of `kind` starts with."""
    return ",".join(HEADERS[kind])


def read(stream: TextIO, kind: ListKind, today: date) -> Iterator[Line]:
    """Every data line of a list file, checked (a duplicate is found later, in SQL).

    Raises:
        DomainError: ``list_header`` when the first line is not `kind`'s header.
        UnicodeDecodeError: when the file is not UTF-8 (the caller's stream decodes).
    """
    rows = csv.reader(stream)
    header = next(rows, [])
    if tuple(v.strip().lower() for v in header) != HEADERS[kind]:
        raise DomainError(ListError.HEADER, "file", expected=header_text(kind))
    allowed = frozenset(VALUES[kind])
    for row in rows:
        if not any(v.strip() for v in row):
            continue
        nik = row[0].strip()[:KEPT]
        value = row[1].strip().lower()[:KEPT] if len(row) > 1 else ""
        yield Line(rows.line_num, nik, value, _problem(row, nik, value, allowed, today))


def _problem(
    row: list[str], nik: str, value: str, allowed: frozenset[str], today: date
) -> ListLineProblem | None:
    if len(row) != 2:
        return ListLineProblem.COLUMNS
    if len(nik) != 16 or not nik.isascii():
        return ListLineProblem.NIK
    try:
        parse_nik(nik, century_pivot=today)
    except DomainError:
        return ListLineProblem.NIK
    return None if value in allowed else ListLineProblem.VALUE
