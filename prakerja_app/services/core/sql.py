"""Typed literals for the set-based statements that work on a million rows at once."""

from datetime import datetime

import sqlalchemy as sa

from prakerja_app.models import UTCDateTime


def time_literal(moment: datetime) -> sa.ColumnElement:
    """A UTC time as a typed SQL literal (stored naive UTC, like the columns)."""
    return sa.literal(moment, UTCDateTime())


def text_literal(value: str) -> sa.ColumnElement:
    """A string as a typed SQL literal (so concatenations stay strings on PostgreSQL)."""
    return sa.literal(value, sa.String())
