"""Messages to a million people in one statement: templates filled in SQL, straight into
the outbox (the draw's results, for example), in the caller's transaction, behind every
single message (`Priority.BULK`)."""

import re
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from prakerja_app.models import OutboxMessage
from prakerja_app.services.core.sql import table_of, text_literal, time_literal
from prakerja_app.services.core.vocab import Channel, OutboxStatus, Priority


def sql_template(template: str, **fields: sa.ColumnElement | str) -> sa.ColumnElement:
    """A `str.format`-like template as SQL string concatenation of literals and columns."""
    parts = re.split(r"\{(\w+)\}", template)
    pieces: list[sa.ColumnElement] = []
    for i, part in enumerate(parts):
        if i % 2:
            value = fields[part]
            pieces.append(text_literal(value) if isinstance(value, str) else value)
        elif part:
            pieces.append(text_literal(part))
    joined = pieces[0]
    for piece in pieces[1:]:
        joined = joined + piece
    return joined


def grouped_card(card: sa.ColumnElement) -> sa.ColumnElement:
    """SQL for `formatting.card_number_text`: the 16 digits in groups of four."""
    groups = [sa.func.substr(card, start, 4, type_=sa.String()) for start in (1, 5, 9, 13)]
    return groups[0] + " " + groups[1] + " " + groups[2] + " " + groups[3]


def queue_many(
    db: Session,
    channel: Channel,
    recipients: sa.Select,
    *,
    subject: sa.ColumnElement | str,
    body: sa.ColumnElement,
    now: datetime,
) -> None:
    """Queue one message per row of `recipients` (a select of one column: the address).

    `subject` and `body` may use the columns of the tables `recipients` selects from.
    """
    subject_column = text_literal(subject) if isinstance(subject, str) else subject
    rows = recipients.add_columns(
        text_literal(channel),
        subject_column,
        body,
        text_literal(OutboxStatus.PENDING),
        sa.literal(int(Priority.BULK), sa.Integer()),
        sa.literal(0, sa.Integer()),
        time_literal(now),
    )
    db.exec(
        sa.insert(table_of(OutboxMessage)).from_select(
            [
                "recipient",
                "channel",
                "subject",
                "body",
                "status",
                "priority",
                "attempts",
                "created_at",
            ],
            rows,
        )
    )
