"""Outgoing email and SMS, through an outbox table.

A service that must tell someone something calls `queue_email` / `queue_sms` in the same
transaction as the change the message reports (the outbox pattern): the caller commits
both together, so a message is never sent for a change that was rolled back, and never
lost for one that was committed. Nobody waits for delivery: the job workers send what
is waiting (`delivery`). A message that carries a secret (a one-time code, a link) is
urgent: someone is looking at a screen, waiting for it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from prakerja_app.models import OutboxMessage
from prakerja_app.services.core.vocab import Channel, OutboxStatus, Priority
from prakerja_app.services.messaging.templates import Email

SECRET_MARK = "[[RAHASIA]]"
REDACTED = "••••••"


def _check_header(name: str, value: str, max_length: int) -> str:
    """Refuse values that would break (or inject) a mail header, or overflow the column."""
    if "\r" in value or "\n" in value:
        raise ValueError(f"{name} must be one line")
    if len(value) > max_length:
        raise ValueError(f"{name} is longer than {max_length} characters")
    return value


@dataclass(frozen=True)
class Secret:
    """The one-time code or link token a message carries, and how long it is any use.

    The body holds `SECRET_MARK` where it goes; it is put in only to send or to show in
    the development mailbox, and erased from the outbox once the message is delivered or
    the secret has expired.
    """

    value: str
    lifetime: timedelta


def _queue(
    db: Session,
    *,
    channel: Channel,
    to: str,
    subject: str,
    body: str,
    now: datetime,
    secret: Secret | None,
) -> OutboxMessage:
    recipient = _check_header("recipient", to.strip(), 254)
    if not recipient:
        raise ValueError("a message needs a recipient")
    if (secret is not None) != (SECRET_MARK in body):
        raise ValueError("a secret goes where the body has SECRET_MARK, and only there")
    message = OutboxMessage(
        channel=channel,
        recipient=recipient,
        subject=_check_header("subject", subject, 200),
        body=body,
        secret=secret.value if secret else None,
        secret_expires_at=now + secret.lifetime if secret else None,
        status=OutboxStatus.PENDING,
        priority=Priority.URGENT if secret else Priority.NORMAL,
        created_at=now,
    )
    db.add(message)
    db.flush()
    return message


def queue_email(
    db: Session, *, to: str, email: Email, now: datetime, secret: Secret | None = None
) -> OutboxMessage:
    """Add a pending email to the outbox and flush; the caller commits it with its change.

    Raises:
        ValueError: no recipient, a recipient or subject with a line break or too long,
            or a secret without its mark in the body (or the other way round).
    """
    return _queue(
        db,
        channel=Channel.EMAIL,
        to=to,
        subject=email.subject,
        body=email.body,
        now=now,
        secret=secret,
    )


def queue_sms(
    db: Session, *, to: str, body: str, now: datetime, secret: Secret | None = None
) -> OutboxMessage:
    """Add a pending SMS to the outbox and flush; the caller commits it with its change.

    Raises:
        ValueError: no recipient, a recipient with a line break or too long, or a secret
            without its mark in the body (or the other way round).
    """
    return _queue(db, channel=Channel.SMS, to=to, subject="", body=body, now=now, secret=secret)


def body_of(message: OutboxMessage) -> str:
    """The body as sent: with its secret, or `REDACTED` once the secret is erased."""
    return message.body.replace(SECRET_MARK, message.secret or REDACTED)


def redact_expired(db: Session, now: datetime) -> int:
    """Erase the secrets that can no longer be used; commits. Returns how many."""
    erased = db.exec(
        sa.update(OutboxMessage)
        .where(
            col(OutboxMessage.secret).is_not(None),
            col(OutboxMessage.secret_expires_at) <= now,
        )
        .values(secret=None)
    ).rowcount
    db.commit()
    return erased
