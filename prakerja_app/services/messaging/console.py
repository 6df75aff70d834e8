"""The program office's outbox: which messages failed, sending one again, and how
delivery went per channel.

A message counts as failed when delivery gave up on it (`OutboxStatus.FAILED`) or when
the SMS gateway reported it undelivered. Resending puts it back in the queue as a new
attempt, for the delivery workers (`delivery`) to send like any other, unless its
secret (a one-time code, a link) has expired or been erased: a dead code is never sent.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.accounts.users import check_email
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.phone_numbers import normalize_phone
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import Channel, DeliveryReport, OutboxStatus
from prakerja_app.services.messaging.errors import MessagingError
from prakerja_app.services.messaging.outbox import SECRET_MARK

RATE_WINDOWS = (timedelta(hours=24), timedelta(days=7))


@dataclass(frozen=True)
class Search:
    """An outbox search: one recipient as stored (or any), one status (or any)."""

    recipient: str | None
    status: OutboxStatus | None


def parse_search(recipient: str, status: str) -> Search:
    """The search an operator typed: an email address or an Indonesian mobile number
    (normalised as stored: lowercase, E.164), and a status value; blank means any.

    Raises:
        DomainError: ``recipient_invalid`` (field ``recipient``); ``status_invalid``
            (field ``status``).
    """
    text = recipient.strip()
    found: str | None = None
    if text:
        try:
            found = check_email(text) if "@" in text else normalize_phone(text)
        except DomainError:
            raise DomainError(MessagingError.RECIPIENT_INVALID, "recipient") from None
    if status and status not in set(OutboxStatus):
        raise DomainError(MessagingError.STATUS_INVALID, "status")
    return Search(found, OutboxStatus(status) if status else None)


def failed() -> sa.ColumnElement[bool]:
    """SQL: the message failed (delivery gave up, or the gateway reported it undelivered)."""
    return sa.or_(
        col(OutboxMessage.status) == OutboxStatus.FAILED,
        sa.and_(
            col(OutboxMessage.status) == OutboxStatus.SENT,
            col(OutboxMessage.report) == DeliveryReport.UNDELIVERED,
        ),
    )


def _is_failed(message: OutboxMessage) -> bool:
    return message.status == OutboxStatus.FAILED or (
        message.status == OutboxStatus.SENT and message.report == DeliveryReport.UNDELIVERED
    )


def refusal(message: OutboxMessage, now: datetime) -> MessagingError | None:
    """Why the message cannot be resent now (None: it can): ``not_failed``, or
    ``secret_expired`` when it carries a code or link that expired or was erased."""
    if not _is_failed(message):
        return MessagingError.NOT_FAILED
    if SECRET_MARK in message.body and (
        message.secret is None
        or message.secret_expires_at is None
        or message.secret_expires_at <= now
    ):
        return MessagingError.SECRET_EXPIRED
    return None


def resend(db: Session, *, now: datetime, actor_id: int, message_id: int) -> None:
    """Queue a failed message for a new attempt, audited; commits.

    Raises:
        DomainError: ``message_unknown``; ``not_failed`` (pending, sending, sent, or
            already resent); ``secret_expired`` when its code or link is dead (the
            applicant asks for a new one).
    """
    message = db.get(OutboxMessage, message_id, populate_existing=True)
    if message is None:
        raise DomainError(MessagingError.MESSAGE_UNKNOWN)
    refused = refusal(message, now)
    if refused is not None:
        raise DomainError(refused, expired_at=message.secret_expires_at)
    before = {"status": message.status, "attempts": message.attempts, "report": message.report}
    with committing(db):
        moved = db.exec(
            sa.update(OutboxMessage)
            .where(col(OutboxMessage.id) == message_id, failed())
            .values(
                status=OutboxStatus.PENDING,
                attempts=0,
                next_attempt_at=None,
                lease_until=None,
                sent_at=None,
                gateway_id=None,
                report=None,
                report_detail=None,
                reported_at=None,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if moved != 1:  # another operator resent it a moment ago
            raise DomainError(MessagingError.NOT_FAILED)
        audit.record(
            db,
            actor_id=actor_id,
            action="message.resend",
            entity="outbox_message",
            entity_id=message_id,
            before=before,
            after={"status": OutboxStatus.PENDING, "at": now},
        )


@dataclass(frozen=True)
class Rates:
    """One channel's delivery over a window: handed over, confirmed delivered, failed."""

    channel: Channel
    window: timedelta
    sent: int
    delivered: int
    failed: int


def _count(db: Session, *where: sa.ColumnElement[bool]) -> dict[str, int]:
    rows = db.exec(
        select(OutboxMessage.channel, sa.func.count())
        .where(*where)
        .group_by(col(OutboxMessage.channel))
    ).all()
    return {str(channel): int(n) for channel, n in rows}


def delivery_rates(db: Session, real_now: datetime) -> list[Rates]:
    """Per channel, over the last 24 hours and 7 days of real time (the workers' clock).

    Sent counts messages handed over in the window (undelivered ones included),
    delivered the gateway's delivery reports (SMS only), failed the messages created in
    the window that failed.
    """
    rates = []
    for window in RATE_WINDOWS:
        since = real_now - window
        sent = _count(
            db,
            col(OutboxMessage.status) == OutboxStatus.SENT,
            col(OutboxMessage.sent_at) > since,
        )
        delivered = _count(
            db,
            col(OutboxMessage.report) == DeliveryReport.DELIVERED,
            col(OutboxMessage.reported_at) > since,
        )
        failures = _count(db, failed(), col(OutboxMessage.created_at) > since)
        rates += [
            Rates(
                channel,
                window,
                sent.get(channel, 0),
                delivered.get(channel, 0),
                failures.get(channel, 0),
            )
            for channel in Channel
        ]
    db.commit()
    return rates
