"""The development mailbox: the newest outbox messages, as /dev/kotak-surat lists them."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.messaging import outbox


@dataclass(frozen=True)
class MailboxItem:
    """One outbox message as the development mailbox shows it."""

    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    status: str
    created_at: datetime


def mailbox(db: Session, *, limit: int = 50) -> list[MailboxItem]:
    """The newest outbox messages, email and SMS, newest first: by id, the order they
    were queued in (`created_at` is the program clock for some and the real clock for
    others, such as the job workers' notices, so it does not order them)."""
    rows = db.exec(select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit))
    return [
        MailboxItem(
            id=row.id or 0,
            channel=row.channel,
            recipient=row.recipient,
            subject=row.subject,
            body=outbox.body_of(row),
            status=row.status,
            created_at=row.created_at,
        )
        for row in rows
    ]
