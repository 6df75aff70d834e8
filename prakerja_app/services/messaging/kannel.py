"""SMS through Kannel: one request to its smsbox's `sendsms` interface per message.

Kannel (Debian's `kannel` package) talks to the operators' SMS centres; the app only
talks to Kannel, so changing operator is a Kannel configuration change. Kannel's answer
says only that it took the message, not that it was delivered: the delivery reports come
later, as Kannel fetches the `dlr-url` we gave it, which carries our own message id.

The message goes as a POST (text/plain body, parameters in X-Kannel-* headers) rather
than Kannel's GET form: a URL with the password and the text (one-time codes) in its
query would be written to the worker's log by httpx, which logs every request's URL.

Plain Python: no Reflex import.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from prakerja_app.services.messaging.senders import Outgoing, UndeliverableError
from prakerja_app.settings import ConfigurationError

# Kannel's delivery report types (its `%d`), OR-ed into the dlr-mask we ask for.
DLR_DELIVERED = 1  # final: the phone has it
DLR_UNDELIVERED = 2  # final: the SMSC gave up
DLR_BUFFERED = 4  # intermediate: queued on the SMSC (not asked for)
DLR_SMSC_ACCEPTED = 8  # the SMSC took the message
DLR_SMSC_REJECTED = 16  # the SMSC refused the message
# The final outcome and the SMSC's own accept/reject; "buffered" reports are left out
# because some SMSCs repeat them while they retry, and they change nothing for us.
DEFAULT_DLR_MASK = DLR_DELIVERED | DLR_UNDELIVERED | DLR_SMSC_ACCEPTED | DLR_SMSC_REJECTED

# GSM 03.38: the default alphabet (without its escape character) and the extension table
# (two septets each). Text outside them must go as UCS-2, or SMSCs replace it with "?".
GSM7_ALPHABET = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    "\f^{}\\[~]|€"
)
UCS2_CODING = "2"  # Kannel's `coding`: 0 = GSM 7-bit (default), 1 = 8-bit, 2 = UCS-2


class KannelUnavailableError(OSError):
    """Kannel could not be reached or failed for now (timeout, 5xx): worth retrying.

    An OSError, which is what the outbox retries.
    """


@dataclass(frozen=True)
class KannelSettings:
    """Where Kannel's sendsms interface is, its `sendsms-user`, and our sender id."""

    sendsms_url: str
    username: str
    password: str
    sender: str
    dlr_mask: int = DEFAULT_DLR_MASK


def kannel_settings() -> KannelSettings | None:
    """Kannel from the environment, or None when PRAKERJA_KANNEL_URL is not set.

    Raises:
        ConfigurationError: the URL is set without PRAKERJA_KANNEL_USERNAME and
            PRAKERJA_KANNEL_PASSWORD (every message would be refused), or the sender
            id is not plain ASCII.
    """
    url = os.environ.get("PRAKERJA_KANNEL_URL", "").strip()
    if not url:
        return None
    username = os.environ.get("PRAKERJA_KANNEL_USERNAME", "")
    password = os.environ.get("PRAKERJA_KANNEL_PASSWORD", "")
    if not username or not password:
        raise ConfigurationError(
            "PRAKERJA_KANNEL_URL is set, so set PRAKERJA_KANNEL_USERNAME and "
            "PRAKERJA_KANNEL_PASSWORD too (a sendsms-user of Kannel's smsbox)."
        )
    sender = os.environ.get("PRAKERJA_SMS_SENDER", "").strip() or "PRAKERJA"
    if not (sender.isascii() and sender.isprintable()):
        raise ConfigurationError("PRAKERJA_SMS_SENDER must be plain ASCII (a sender id).")
    return KannelSettings(url, username, password, sender)


def is_gsm7(text: str) -> bool:
    """True when every character of `text` exists in the GSM 7-bit alphabet."""
    return all(char in GSM7_ALPHABET for char in text)


class KannelSmsGateway:
    """A `Sender` for SMS: each message is a POST to Kannel's sendsms interface.

    One HTTP client (a connection pool) serves a batch; `close` ends it and the next
    send opens a new one. A client passed in is used as is and never closed here.

    `dlr_url(message_id)` is the address Kannel calls with each delivery report, with
    Kannel's escape codes where the app wants them, e.g.
    ``https://app/sms/report?id=42&type=%d&answer=%A``: Kannel puts the report type for
    ``%d`` and the SMSC's answer (URL-encoded) for ``%A``. It travels as is, in a header.
    """

    delivers = True

    def __init__(
        self,
        kannel: KannelSettings,
        *,
        dlr_url: Callable[[int], str],
        client: httpx.Client | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.settings = kannel
        self.dlr_url = dlr_url
        self.timeout = timeout
        self._given_client = client
        self._client: httpx.Client | None = client

    def headers(self, message: Outgoing) -> dict[str, str]:
        """The request's headers: the text is UTF-8, sent as GSM 7-bit when it fits
        and as UCS-2 otherwise (where the SMSC would put "?" for what GSM lacks)."""
        headers = {
            "Content-Type": "text/plain; charset=UTF-8",
            "X-Kannel-Username": self.settings.username,
            "X-Kannel-Password": self.settings.password,
            "X-Kannel-From": self.settings.sender,
            "X-Kannel-To": message.recipient,
            "X-Kannel-DLR-Mask": str(self.settings.dlr_mask),
            "X-Kannel-DLR-Url": self.dlr_url(message.message_id),
        }
        if not is_gsm7(message.body):
            headers["X-Kannel-Coding"] = UCS2_CODING
        return headers

    def send(self, message: Outgoing) -> str:
        """Hand one SMS to Kannel; returns our reference for it, "kannel:<message_id>".

        Kannel's answer ("0: Accepted for delivery" or "3: Queued for later delivery")
        carries no id of its own; its delivery reports come back to `dlr_url`, which
        names the message by our id.

        Raises:
            UndeliverableError: Kannel refused the message (4xx: a bad number, wrong
                credentials), or the recipient is not one word (Kannel would send to
                each word).
            KannelUnavailableError: Kannel did not answer in time, or answered 5xx.
        """
        to = message.recipient
        if not to or any(char.isspace() for char in to):
            raise UndeliverableError(f"not one phone number: {to!r}")
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout)
        try:
            response = self._client.post(
                self.settings.sendsms_url,
                content=message.body.encode(),
                headers=self.headers(message),
                timeout=self.timeout,
            )
        except httpx.TransportError as error:  # connection refused, timeouts, broken replies
            raise KannelUnavailableError(
                f"Kannel did not answer: {type(error).__name__}: {error}"
            ) from error
        answer = " ".join(response.text.split())
        if response.is_success:
            return f"kannel:{message.message_id}"
        if response.is_client_error:
            raise UndeliverableError(answer or f"HTTP {response.status_code}")
        raise KannelUnavailableError(f"Kannel answered HTTP {response.status_code}: {answer}")

    def close(self) -> None:
        """End the batch's connections (a client passed in stays open)."""
        client, self._client = self._client, self._given_client
        if client is not None and client is not self._given_client:
            client.close()
