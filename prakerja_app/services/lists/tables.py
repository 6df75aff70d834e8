"""The two lists as the uploads see them: the table, the column each line's value goes
to, and which of the table's entries an upload replaces."""

from dataclasses import dataclass

import sqlalchemy as sa

from prakerja_app.models import ExclusionEntry, ListUploadLine, PriorityEntry
from prakerja_app.services.core.sql import table_of
from prakerja_app.services.core.vocab import ExclusionReason, ListKind

lines = table_of(ListUploadLine)


@dataclass(frozen=True)
class ListTable:
    """A list's table, its value column (reason or source) and the uploaded part."""

    table: sa.Table
    value: sa.Column
    scope: sa.ColumnElement[bool]

    def holds(self, nik: sa.ColumnElement, value: sa.ColumnElement) -> sa.Exists:
        """Whether the uploaded part holds this NIK with this value."""
        t = self.table
        return sa.exists().where(t.c.nik == nik, self.value == value, self.scope)


def list_table(kind: ListKind) -> ListTable:
    """The table an upload of `kind` replaces the uploaded part of."""
    if kind == ListKind.EXCLUSION:
        t = table_of(ExclusionEntry)
        # The blacklist is written by revocations, not uploaded: never replaced.
        return ListTable(t, t.c.reason, t.c.reason != ExclusionReason.BLACKLISTED.value)
    t = table_of(PriorityEntry)
    return ListTable(t, t.c.source, sa.true())


def valid_lines(upload_id: int) -> sa.ColumnElement[bool]:
    """The staged lines of an upload that go on the list."""
    return sa.and_(lines.c.upload_id == upload_id, lines.c.problem.is_(None))
