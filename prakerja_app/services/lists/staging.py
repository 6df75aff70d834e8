"""An upload's lines in the staging table: loaded in batches (COPY on PostgreSQL), its
duplicates marked in one statement, cleared once the upload is done."""

from collections.abc import Callable, Iterable
from itertools import islice

import sqlalchemy as sa
from sqlmodel import Session, func

from prakerja_app.services.core.vocab import ListLineProblem
from prakerja_app.services.lists.lines import Line
from prakerja_app.services.lists.tables import lines

BATCH = 50_000
COLUMNS = ("upload_id", "line_no", "nik", "value", "problem")


def load(
    db: Session, upload_id: int, found: Iterable[Line], on_batch: Callable[[int], None]
) -> int:
    """Stage the lines in batches of `BATCH`, telling `on_batch` the count after each
    (it may commit); returns how many were staged."""
    staged, found = 0, iter(found)
    while rows := [(upload_id, *line) for line in islice(found, BATCH)]:
        _write(db, rows)
        staged += len(rows)
        on_batch(staged)
    return staged


def _write(db: Session, rows: list[tuple]) -> None:
    connection = db.connection()
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {lines.name} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    connection.execute(sa.insert(lines), [dict(zip(COLUMNS, row, strict=True)) for row in rows])


def mark_duplicates(db: Session, upload_id: int) -> None:
    """Mark every valid line whose NIK and value an earlier valid line already has."""
    valid = sa.and_(lines.c.upload_id == upload_id, lines.c.problem.is_(None))
    ranked = (
        sa.select(
            lines.c.line_no,
            func.row_number()
            .over(partition_by=(lines.c.nik, lines.c.value), order_by=lines.c.line_no)
            .label("n"),
        )
        .where(valid)
        .subquery("ranked")
    )
    later = sa.select(ranked.c.line_no).where(ranked.c.n > 1)
    db.exec(
        sa.update(lines)
        .where(lines.c.upload_id == upload_id, lines.c.line_no.in_(later))
        .values(problem=ListLineProblem.DUPLICATE.value)
    )


def clear(db: Session, upload_id: int) -> None:
    """Delete an upload's staged lines (the caller commits)."""
    db.exec(sa.delete(lines).where(lines.c.upload_id == upload_id))
