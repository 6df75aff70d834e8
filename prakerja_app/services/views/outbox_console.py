"""The outbox as the messages page shows it: searched, paged on the server, newest
first; recipients masked unless searched for; bodies never with their secret."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import number, wib_datetime
from prakerja_app.services.core.labels import OUTBOX_STATUS_LABELS
from prakerja_app.services.core.phone_numbers import mask_phone
from prakerja_app.services.core.vocab import Channel, DeliveryReport, OutboxStatus
from prakerja_app.services.messaging import console
from prakerja_app.services.messaging.errors import MessagingError
from prakerja_app.services.messaging.outbox import REDACTED, SECRET_MARK
from prakerja_app.services.views import messages

PAGE_SIZE = 20
FAILURES_SHOWN = 10
BODY_SHOWN = 240
CHANNEL_LABELS: dict[str, str] = {Channel.EMAIL: "Email", Channel.SMS: "SMS"}
WINDOW_LABELS = {timedelta(hours=24): "24 jam terakhir", timedelta(days=7): "7 hari terakhir"}
UNDELIVERED = "Tidak sampai (laporan operator)"


@dataclass(frozen=True)
class MessageRow:
    """One message as the page shows it; `resendable` says whether to offer a resend."""

    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    status: str
    created: str
    attempts: int
    reason: str
    resendable: bool
    blocked: str  # why a failed message cannot be resent ("" when it can, or is not failed)


@dataclass(frozen=True)
class OutboxPage:
    """A page of search results."""

    rows: list[MessageRow]
    page: int
    has_next: bool


@dataclass(frozen=True)
class RateRow:
    """One channel's delivery over one window."""

    window: str
    channel: str
    sent: str
    delivered: str
    failed: str
    failure_share: str


def mask_recipient(recipient: str) -> str:
    """``budi.santoso@contoh.id`` -> ``bu***@contoh.id``; phones as `mask_phone`."""
    if "@" in recipient:
        local, _, domain = recipient.rpartition("@")
        return f"{local[:2]}***@{domain}"
    try:
        return mask_phone(recipient)
    except DomainError:
        return recipient[:4] + "****"


def _status(message: OutboxMessage) -> str:
    if message.report == DeliveryReport.UNDELIVERED:
        return UNDELIVERED
    return OUTBOX_STATUS_LABELS.get(message.status, message.status)


def _row(message: OutboxMessage, shown_whole: str | None, now: datetime) -> MessageRow:
    refused = console.refusal(message, now)
    body = message.body.replace(SECRET_MARK, REDACTED)  # never the secret itself
    return MessageRow(
        id=message.id or 0,
        channel=CHANNEL_LABELS.get(message.channel, message.channel),
        recipient=(
            message.recipient
            if message.recipient == shown_whole
            else mask_recipient(message.recipient)
        ),
        subject=message.subject,
        body=body if len(body) <= BODY_SHOWN else body[:BODY_SHOWN] + "…",
        status=_status(message),
        created=wib_datetime(message.created_at),
        attempts=message.attempts,
        reason=message.report_detail or message.last_error or "",
        resendable=refused is None,
        blocked=(
            messages.text(DomainError(refused)) if refused == MessagingError.SECRET_EXPIRED else ""
        ),
    )


def search(db: Session, *, now: datetime, recipient: str, status: str, page: int) -> OutboxPage:
    """One page of the outbox, newest first (by id: the order messages were queued).

    "Failed" includes the SMS the gateway reported undelivered.

    Raises:
        DomainError: the search's refusals (`console.parse_search`).
    """
    wanted = console.parse_search(recipient, status)
    query = select(OutboxMessage)
    if wanted.recipient is not None:
        query = query.where(OutboxMessage.recipient == wanted.recipient)
    if wanted.status == OutboxStatus.FAILED:
        query = query.where(console.failed())
    elif wanted.status is not None:
        query = query.where(OutboxMessage.status == wanted.status)
    page = max(page, 1)
    found = db.exec(
        query.order_by(col(OutboxMessage.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    rows = [_row(message, wanted.recipient, now) for message in found[:PAGE_SIZE]]
    db.commit()
    return OutboxPage(rows, page, len(found) > PAGE_SIZE)


def recent_failures(db: Session, *, now: datetime) -> list[MessageRow]:
    """The newest failed messages, with their reasons (recipients masked)."""
    found = db.exec(
        select(OutboxMessage)
        .where(console.failed())
        .order_by(col(OutboxMessage.id).desc())
        .limit(FAILURES_SHOWN)
    ).all()
    rows = [_row(message, None, now) for message in found]
    db.commit()
    return rows


def delivery_rates(db: Session, real_now: datetime) -> list[RateRow]:
    """The delivery figures per window and channel; email has no delivery reports."""
    rows = []
    for rates in console.delivery_rates(db, real_now):
        tried = rates.sent + rates.failed
        rows.append(
            RateRow(
                window=WINDOW_LABELS[rates.window],
                channel=CHANNEL_LABELS[rates.channel],
                sent=number(rates.sent),
                delivered=number(rates.delivered) if rates.channel == Channel.SMS else "-",
                failed=number(rates.failed),
                failure_share=f"{100 * rates.failed / tried:.1f} %".replace(".", ",")
                if tried
                else "-",
            )
        )
    return rows
