"""The outbox as a test reads it: the messages to someone, a link or a code in them."""

import re

from sqlmodel import Session, col, select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.messaging.outbox import body_of


def outbox(db: Session, to: str, channel: str | None = None) -> list:
    """The messages queued for a recipient, oldest first."""
    query = select(OutboxMessage).where(OutboxMessage.recipient == to)
    if channel is not None:
        query = query.where(OutboxMessage.channel == channel)
    return list(db.exec(query.order_by(col(OutboxMessage.id))).all())


def stored(db: Session, message_id: int) -> OutboxMessage:
    """The message as the database has it now (others' commits and this session's)."""
    db.commit()  # end this session's read: workers and callbacks write on their own
    return db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .execution_options(populate_existing=True)
    ).one()


def confirmation_token(db: Session, email: str) -> str:
    """The token of the latest confirmation link emailed to `email`."""
    body = body_of(outbox(db, email, "email")[-1])
    return re.search(r"\?token=([\w\-]+)", body).group(1)


def sms_code(db: Session, phone: str) -> str:
    """The 6-digit code of the latest SMS sent to `phone` (E.164)."""
    return re.search(r"\b([0-9]{6})\b", body_of(outbox(db, phone, "sms")[-1])).group(1)
