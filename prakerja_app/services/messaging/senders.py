"""What carries a message out: SMTP for email, a gateway for SMS.

A sender takes one `Outgoing` at a time and returns the reference the other side knows
it by (the Message-ID, the gateway's id). It may keep a connection open between
messages of one batch; `close` ends it. Errors say what to do next:
- `OSError` (smtplib's errors and network failures included): try again later;
- `UndeliverableError`: the other side refused this message for good.
"""

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Protocol

from prakerja_app import settings

SMTP_TIMEOUT_SECONDS = 10.0


class UndeliverableError(Exception):
    """The server or gateway refused this message for good; `reason` is its answer."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Outgoing:
    """One message as it leaves: the body with its secret filled in."""

    message_id: int
    recipient: str
    subject: str
    body: str
    now: datetime


class Sender(Protocol):
    """Sends messages of one channel; see the module docstring for its errors."""

    def send(self, message: Outgoing) -> str: ...

    def close(self) -> None: ...


class SmtpEmailSender:
    """Sends email through the SMTP server in `SmtpSettings`, one connection per batch.

    The Message-ID is made from the outbox id, so a message sent twice (a worker killed
    between the server's "250" and our commit) carries the same id both times and mail
    systems can recognise the copy.
    """

    SECURITY_MODES = ("starttls", "ssl", "none")

    def __init__(self, smtp: settings.SmtpSettings, timeout: float = SMTP_TIMEOUT_SECONDS):
        if smtp.security not in self.SECURITY_MODES:
            raise settings.ConfigurationError(
                f"PRAKERJA_SMTP_SECURITY must be starttls, ssl or none, not {smtp.security!r}."
            )
        self.settings = smtp
        self.timeout = timeout
        self._connection: smtplib.SMTP | None = None

    def message_id(self, outbox_id: int) -> str:
        """The Message-ID of outbox message `outbox_id`: the same on every attempt."""
        domain = parseaddr(self.settings.sender)[1].rpartition("@")[2] or "prakerja.localhost"
        return f"<outbox.{outbox_id}@{domain}>"

    def build(self, message: Outgoing) -> EmailMessage:
        """The message itself: plain text in UTF-8, with the usual headers."""
        email = EmailMessage()
        email["From"] = self.settings.sender
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email["Date"] = format_datetime(message.now)
        email["Message-ID"] = self.message_id(message.message_id)
        email.set_content(message.body, charset="utf-8")
        return email

    def _connect(self) -> smtplib.SMTP:
        smtp = self.settings
        if smtp.security == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            connection = smtplib.SMTP(smtp.host, smtp.port, timeout=self.timeout)
        try:
            if smtp.security == "starttls":
                connection.starttls(context=ssl.create_default_context())
            if smtp.username:
                connection.login(smtp.username, smtp.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, message: Outgoing) -> str:
        """Send one email on the batch's connection; returns its Message-ID."""
        email = self.build(message)
        if self._connection is None:
            self._connection = self._connect()
        try:
            self._connection.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            self.close()
            code, answer = next(iter(error.recipients.values()))
            if code >= 500:
                raise UndeliverableError(f"{code} {_text(answer)}") from error
            raise
        except smtplib.SMTPResponseException as error:
            self.close()
            if error.smtp_code >= 500:
                raise UndeliverableError(f"{error.smtp_code} {_text(error.smtp_error)}") from error
            raise
        except OSError:
            self.close()
            raise
        return email["Message-ID"]

    def close(self) -> None:
        """End the batch's connection, politely if the server still listens."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer


def default_email_sender() -> SmtpEmailSender | None:
    """The SMTP sender from the environment, or None to keep email in the outbox."""
    smtp = settings.smtp_settings()
    return SmtpEmailSender(smtp) if smtp is not None else None
