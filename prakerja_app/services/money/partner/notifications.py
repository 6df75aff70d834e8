"""Iris's payout status notifications: check the signature, then parse.

Iris POSTs a JSON body to our endpoint each time a payout's status changes, with the
header ``Iris-Signature: hex(SHA-512(body + merchant key))`` (Iris's documented rule, a
plain hash of the raw body followed by the key rather than an HMAC; we follow it as it
is). The check runs over the raw bytes received, before any parsing, and compares in
constant time. Iris says notifications may come more than once and out of order: the
parsed notification carries the payout's `updated_at` so its handler can ignore a
repeated or older one (that handling, idempotent, belongs to the payments).
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from prakerja_app.services.money.partner.amounts import parse_amount
from prakerja_app.services.money.partner.errors import NotificationError, NotificationRefused
from prakerja_app.services.money.partner.interface import PayoutStatus

SIGNATURE_HEADER = "Iris-Signature"


@dataclass(frozen=True)
class PayoutNotification:
    """One verified status notification of a payout."""

    reference_no: str
    amount: int
    status: PayoutStatus
    updated_at: datetime  # aware
    error_code: str | None
    error_message: str | None


def signature(body: bytes, key: str) -> str:
    """The Iris-Signature of a notification body: hex SHA-512 of the body and the key."""
    return hashlib.sha512(body + key.encode()).hexdigest()


def _text(payload: dict, name: str, *, required: bool = True) -> str | None:
    value = payload.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} is not a non-empty string")
    return value


def _parse(body: bytes) -> PayoutNotification:
    payload = json.loads(body)
    if not isinstance(payload, dict):
        raise ValueError("not a JSON object")
    updated_at = datetime.fromisoformat(str(_text(payload, "updated_at")))
    if updated_at.tzinfo is None:
        raise ValueError("updated_at has no time zone")
    return PayoutNotification(
        reference_no=str(_text(payload, "reference_no")),
        amount=parse_amount(payload.get("amount")),
        status=PayoutStatus(str(payload.get("status"))),
        updated_at=updated_at,
        error_code=_text(payload, "error_code", required=False),
        error_message=_text(payload, "error_message", required=False),
    )


def verify(body: bytes, signature_header: str | None, key: str) -> PayoutNotification:
    """The notification in `body`, once its signature proves it comes from the partner.

    Raises:
        NotificationRefused: no signature, a wrong one, or a body that is not a payout
            notification (bad JSON, a field missing, an unknown status, a fractional
            amount).
    """
    if not signature_header:
        raise NotificationRefused(NotificationError.UNSIGNED)
    expected = signature(body, key)
    if not hmac.compare_digest(expected.encode(), signature_header.strip().lower().encode()):
        raise NotificationRefused(NotificationError.BAD_SIGNATURE)
    try:
        return _parse(body)
    except (ValueError, TypeError) as error:  # JSONDecodeError and UnicodeError are ValueErrors
        raise NotificationRefused(NotificationError.UNPARSABLE, reason=str(error)) from error
