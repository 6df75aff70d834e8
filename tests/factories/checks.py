"""Checks that a refusal changed nothing."""

from collections.abc import Callable
from typing import TypeVar

import pytest
from sqlmodel import Session

from prakerja_app.services.core.errors import DomainError

E = TypeVar("E", bound=Exception)


def table_rows(db: Session) -> dict[str, list[tuple]]:
    """Every committed row of every table, to show that a refusal changed nothing.

    The session's uncommitted work is dropped first, as a page's session would drop it.
    The throttles' own counts (`Attempt`) and the API's call log (`ApiCall`) are left
    out: recording a refused try is the point of them, and their tests count them.
    """
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    db.rollback()
    connection = db.connection()
    return {
        table.name: [
            tuple(row) for row in connection.execute(sa.select(table).order_by(*table.primary_key))
        ]
        for table in SQLModel.metadata.sorted_tables
        if table.name not in {"attempt", "apicall"}
    }


def raised(call: Callable, *args, error: type[E] = DomainError, **kwargs) -> E:
    """The `error` that `call(*args, **kwargs)` raises; the test fails if it raises none."""
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    return caught.value


def refused(db: Session, call: Callable, *args, error: type[E] = DomainError, **kwargs) -> E:
    """The `error` that `call(db, *args, **kwargs)` raises, after checking that it changed no
    committed row of any table (see `table_rows`)."""
    before = table_rows(db)
    made = raised(call, db, *args, error=error, **kwargs)
    assert table_rows(db) == before
    return made
