"""What an upload would change, computed in SQL from its staged lines: the counts, and
the lines of each kind of change a page at a time."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import Session, func

from prakerja_app.services.core.vocab import ListKind, ListLineProblem
from prakerja_app.services.lists.tables import ListTable, lines, list_table, valid_lines

PAGE_SIZE = 20


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    UNCHANGED = "unchanged"
    INVALID = "invalid"


@dataclass(frozen=True)
class Counts:
    """How many entries an upload adds, removes and keeps, and its invalid lines."""

    added: int
    removed: int
    unchanged: int
    invalid: int


@dataclass(frozen=True)
class DiffLine:
    """A line of the diff: the file's line number (None for a removed entry, which is
    not in the file), the NIK and value as written, and an invalid line's problem."""

    line_no: int | None
    nik: str
    value: str
    problem: ListLineProblem | None


@dataclass(frozen=True)
class DiffPage:
    """One page of one kind of change; `page` is the page shown (1..pages)."""

    lines: list[DiffLine]
    total: int
    page: int
    pages: int


def fingerprint(db: Session, kind: ListKind) -> tuple[int, int]:
    """The uploaded part of a list as (entries, last id): any insert or delete since
    changes it, as ids only grow."""
    listed = list_table(kind)
    last_id = func.coalesce(func.max(listed.table.c.id), 0)
    found = db.connection().execute(sa.select(func.count(), last_id).where(listed.scope)).one()
    return int(found[0]), int(found[1])


def removed(listed: ListTable, upload_id: int) -> sa.ColumnElement[bool]:
    """Which list entries an upload removes: those in its scope the file does not hold."""
    kept = sa.exists().where(
        valid_lines(upload_id),
        lines.c.nik == listed.table.c.nik,
        lines.c.value == listed.value,
    )
    return sa.and_(listed.scope, ~kept)


def _condition(change: Change, listed: ListTable, upload_id: int) -> sa.ColumnElement[bool]:
    held = listed.holds(lines.c.nik, lines.c.value)
    if change == Change.ADDED:
        return sa.and_(valid_lines(upload_id), ~held)
    if change == Change.UNCHANGED:
        return sa.and_(valid_lines(upload_id), held)
    return sa.and_(lines.c.upload_id == upload_id, lines.c.problem.is_not(None))


def counts(db: Session, upload_id: int, kind: ListKind) -> Counts:
    """The upload's diff against the list as it stands."""
    listed = list_table(kind)
    held = listed.holds(lines.c.nik, lines.c.value)
    valid = lines.c.problem.is_(None)
    added, unchanged, invalid = (
        db.connection()
        .execute(
            sa.select(
                func.count().filter(sa.and_(valid, ~held)),
                func.count().filter(sa.and_(valid, held)),
                func.count().filter(~valid),
            ).where(lines.c.upload_id == upload_id)
        )
        .one()
    )
    dropped = (
        db.connection()
        .execute(
            sa.select(func.count()).select_from(listed.table).where(removed(listed, upload_id))
        )
        .one()[0]
    )
    return Counts(int(added), int(dropped), int(unchanged), int(invalid))


def page_of(db: Session, upload_id: int, kind: ListKind, change: Change, page: int = 1) -> DiffPage:
    """One page of the lines of one change, by line number (removed entries by NIK)."""
    listed = list_table(kind)
    if change == Change.REMOVED:
        t = listed.table
        where = removed(listed, upload_id)
        query = sa.select(sa.null(), t.c.nik, listed.value, sa.null()).where(where)
        query = query.order_by(t.c.nik, listed.value)
        total_query = sa.select(func.count()).select_from(t).where(where)
    else:
        where = _condition(change, listed, upload_id)
        query = sa.select(lines.c.line_no, lines.c.nik, lines.c.value, lines.c.problem)
        query = query.where(where).order_by(lines.c.line_no)
        total_query = sa.select(func.count()).select_from(lines).where(where)
    total = int(db.connection().execute(total_query).one()[0])
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.connection().execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return DiffPage(
        [
            DiffLine(n, str(nik), str(value), ListLineProblem(str(p)) if p else None)
            for n, nik, value, p in cast(list[tuple[Any, ...]], rows)
        ],
        total,
        page,
        pages,
    )
