"""Tables and typed literals for the set-based statements that work on a million rows at once."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import SQLModel

from prakerja_app.models import UTCDateTime


def table_of(model: type[SQLModel]) -> sa.Table:
    """The table behind a table model, for Core statements on whole tables."""
    # SQLAlchemy sets __table__ when it maps the class; SQLModel does not declare it.
    return model.__table__  # type: ignore[attr-defined]


def time_literal(moment: datetime) -> sa.ColumnElement:
    """A UTC time as a typed SQL literal (stored naive UTC, like the columns)."""
    return sa.literal(moment, UTCDateTime())


def text_literal(value: str) -> sa.ColumnElement:
    """A string as a typed SQL literal (so concatenations stay strings on PostgreSQL)."""
    return sa.literal(value, sa.String())
