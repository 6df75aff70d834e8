"""Outgoing email and SMS, through an outbox table.

A service that must tell someone something calls `queue_email` / `queue_sms` in the same
transaction as the change the message reports (the outbox pattern): the caller commits
both together, so a message is never sent for a change that was rolled back, and never
lost for one that was committed. `deliver_pending` then sends what is waiting, one
message per transaction, and is safe to run from two processes at once: each row is
claimed with a conditional UPDATE (pending -> sending) before anything goes out.

Without SMTP settings (development), email is not sent but marked "local" and kept for
the development mailbox page; every SMS is "local" for now (no real gateway yet).

Plain Python: no Reflex import (`deliver_all_pending` imports the session factory lazily).
"""

import logging
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app import settings
from prakerja_app.models import OutboxMessage, utc_now
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import Channel, OutboxStatus
from prakerja_app.services.messaging.templates import Email

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
SMTP_TIMEOUT_SECONDS = 10.0
MAX_ERROR_LENGTH = 200
BATCH_SIZE = 100
SECRET_MARK = "[[RAHASIA]]"
REDACTED = "••••••"


# --- queueing ------------------------------------------------------------------------


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


# --- senders -------------------------------------------------------------------------


class EmailSender(Protocol):
    """Something that sends one plain-text email, or raises (OSError for retryable)."""

    def send(self, *, to: str, subject: str, body: str, now: datetime) -> None: ...


class SmsGateway(Protocol):
    """Something that sends one SMS, or raises (OSError for retryable).

    `delivers` is False when the gateway only keeps messages (they are marked "local").
    """

    delivers: bool

    def send(self, *, to: str, body: str) -> None: ...


class SmtpEmailSender:
    """Sends email through the SMTP server in `SmtpSettings`, one connection per message."""

    SECURITY_MODES = ("starttls", "ssl", "none")

    def __init__(self, smtp: settings.SmtpSettings, timeout: float = SMTP_TIMEOUT_SECONDS):
        if smtp.security not in self.SECURITY_MODES:
            raise settings.ConfigurationError(
                f"PRAKERJA_SMTP_SECURITY must be starttls, ssl or none, not {smtp.security!r}."
            )
        self.settings = smtp
        self.timeout = timeout

    def build(self, *, to: str, subject: str, body: str, now: datetime) -> EmailMessage:
        """The message itself: plain text in UTF-8, with the usual headers."""
        sender_address = parseaddr(self.settings.sender)[1]
        domain = sender_address.rpartition("@")[2] or "prakerja.localhost"
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = format_datetime(now)
        message["Message-ID"] = make_msgid(domain=domain)
        message.set_content(body, charset="utf-8")
        return message

    def _connect(self) -> smtplib.SMTP:
        smtp = self.settings
        if smtp.security == "ssl":
            return smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        connection = smtplib.SMTP(smtp.host, smtp.port, timeout=self.timeout)
        if smtp.security == "starttls":
            try:
                connection.starttls(context=ssl.create_default_context())
            except BaseException:
                connection.close()
                raise
        return connection

    def send(self, *, to: str, subject: str, body: str, now: datetime) -> None:
        """Send one email.

        Raises:
            OSError: the server could not be reached or refused (smtplib errors included).
        """
        message = self.build(to=to, subject=subject, body=body, now=now)
        with self._connect() as connection:
            if self.settings.username:
                connection.login(self.settings.username, self.settings.password or "")
            connection.send_message(message)


class OutboxSmsGateway:
    """Keeps every SMS in the outbox (status "local") for the development mailbox.

    Sending SMS for real (an Indonesian provider's HTTP API, configured like SMTP) is
    future work; until then no SMS leaves the app.
    """

    delivers = False

    def send(self, *, to: str, body: str) -> None:
        """Nothing to do: the message stays in the outbox."""


def default_email_sender() -> EmailSender | None:
    """The SMTP sender from the environment, or None to keep email in the outbox."""
    smtp = settings.smtp_settings()
    return SmtpEmailSender(smtp) if smtp is not None else None


# --- delivery ------------------------------------------------------------------------


def _short_error(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".replace("\r", " ").replace("\n", " ")
    return text[:MAX_ERROR_LENGTH]


def _update(db: Session, message_id: int, from_status: OutboxStatus, **values: Any) -> bool:
    """Change one row if it still has `from_status`, and commit; False if it had not.

    A copy of the row already loaded in this session is refreshed, so callers holding
    the `OutboxMessage` see the new status.
    """
    result = db.exec(
        sa.update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id)
        .where(col(OutboxMessage.status) == from_status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    loaded = db.identity_map.get(Session.identity_key(OutboxMessage, message_id))
    if loaded is not None:
        db.refresh(loaded)
    db.commit()
    return result.rowcount == 1


def _claim(db: Session, message_id: int, new_status: OutboxStatus) -> bool:
    """Move one row from pending to `new_status`; False if another run took it first."""
    return _update(db, message_id, OutboxStatus.PENDING, status=new_status)


def _finish(db: Session, message_id: int, **values: Any) -> None:
    """Record the outcome of a message this run claimed, and commit it."""
    _update(db, message_id, OutboxStatus.SENDING, **values)


def deliver_pending(
    db: Session,
    *,
    now: datetime,
    ids: Iterable[int] | None = None,
    limit: int = 100,
    email_sender: EmailSender | None = None,
    sms_gateway: SmsGateway | None = None,
) -> int:
    """Send pending outbox messages, oldest first; return how many were sent.

    Only the messages in `ids` are considered when given, at most `limit` of them.
    Email goes through `email_sender` (default: SMTP from the environment); without one,
    email is marked "local" and kept for the development mailbox. SMS goes through
    `sms_gateway` (default: `OutboxSmsGateway`, which keeps every SMS "local").

    A send that fails with OSError (smtplib errors included) counts an attempt and
    records the error; the message goes back to "pending" until MAX_ATTEMPTS, then
    "failed". Any other error marks it "failed" at once (retrying will not fix it).

    Commits once per message (so one failure does not undo the others), and commits
    whatever the session held before: call it after committing your own work. Safe to
    run from several processes at once: a message is claimed before it is sent.
    """
    if email_sender is None:
        email_sender = default_email_sender()
    if sms_gateway is None:
        sms_gateway = OutboxSmsGateway()
    query = select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.PENDING)
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return 0
        query = query.where(col(OutboxMessage.id).in_(wanted))
    candidates = list(db.exec(query.order_by(col(OutboxMessage.id)).limit(limit)))
    db.commit()  # end the read before any network work

    sent = 0
    for message_id in candidates:
        if message_id is None:
            continue
        sent += _deliver_one(db, message_id, now, email_sender, sms_gateway)
    return sent


def _deliver_one(
    db: Session,
    message_id: int,
    now: datetime,
    email_sender: EmailSender | None,
    sms_gateway: SmsGateway,
) -> int:
    """Deliver one message if this run can claim it; 1 if it was sent, else 0."""
    row = db.exec(select(OutboxMessage.channel).where(OutboxMessage.id == message_id)).one_or_none()
    db.commit()
    if row is None:
        return 0
    keeps_locally = email_sender is None if row == Channel.EMAIL else not sms_gateway.delivers
    if keeps_locally:
        _claim(db, message_id, OutboxStatus.LOCAL)
        return 0
    if not _claim(db, message_id, OutboxStatus.SENDING):
        return 0

    message = db.exec(select(OutboxMessage).where(OutboxMessage.id == message_id)).one()
    channel, to, subject, attempts = (
        message.channel,
        message.recipient,
        message.subject,
        message.attempts,
    )
    body = body_of(message)
    db.commit()  # no transaction stays open while we talk to the server

    try:
        if channel == Channel.EMAIL:
            assert email_sender is not None
            email_sender.send(to=to, subject=subject, body=body, now=now)
        else:
            sms_gateway.send(to=to, body=body)
    except OSError as error:
        attempts += 1
        status = OutboxStatus.FAILED if attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING
        logger.warning("outbox message %s not sent (attempt %s): %s", message_id, attempts, error)
        _finish(db, message_id, status=status, attempts=attempts, last_error=_short_error(error))
        return 0
    except Exception as error:
        logger.exception("outbox message %s failed", message_id)
        _finish(
            db,
            message_id,
            status=OutboxStatus.FAILED,
            attempts=attempts + 1,
            last_error=_short_error(error),
        )
        return 0
    _finish(db, message_id, status=OutboxStatus.SENT, sent_at=now, last_error=None, secret=None)
    return 1


def deliver_all_pending() -> int:
    """Send every message pending now, in batches, on a session of its own (for the CLI).

    Each pending message gets one try per call; retries happen on the next call.
    """
    from prakerja_app.db import open_session  # imports Reflex's engine; only needed here

    with open_session() as db:
        redact_expired(db, clock.current(db))  # secrets expire on the program's clock
        pending = list(
            db.exec(
                select(OutboxMessage.id)
                .where(OutboxMessage.status == OutboxStatus.PENDING)
                .order_by(col(OutboxMessage.id))
            )
        )
        db.commit()
        email_sender = default_email_sender()
        sent = 0
        for start in range(0, len(pending), BATCH_SIZE):
            batch = [i for i in pending[start : start + BATCH_SIZE] if i is not None]
            sent += deliver_pending(
                db, now=utc_now(), ids=batch, limit=len(batch), email_sender=email_sender
            )
        return sent
