"""Delivery reports from the SMS gateway: whether a message reached the phone.

Kannel calls the `dlr-url` we gave it with each message, substituting the report type
for `%d` and the operator's answer for `%A`. The URL carries our outbox id and an HMAC
of it under the server secret, so a report can only be about the message it was issued
for: anyone else calling the callback changes nothing. Reports may arrive in any order
and before the worker has recorded the send; the first final one (delivered or not)
is kept.
"""

import hashlib
import hmac
import os
from datetime import datetime
from enum import StrEnum
from urllib.parse import quote

import sqlalchemy as sa
from sqlmodel import Session, col

from prakerja_app import settings
from prakerja_app.models import OutboxMessage
from prakerja_app.services.core.vocab import Channel, DeliveryReport

REPORT_PATH = "/api/sms/laporan"
MAX_DETAIL_LENGTH = 200

# Kannel's report types (its dlr-mask bits): final ones, and those only passing news.
FINAL_TYPES = {1: DeliveryReport.DELIVERED, 2: DeliveryReport.UNDELIVERED}
SMSC_REJECTED = 16  # the operator's centre refused the message: final as well
INTERIM_TYPES = {4, 8}  # queued at, or accepted by, the operator's centre


class ReportOutcome(StrEnum):
    RECORDED = "recorded"
    NOTED = "noted"  # an interim report, or a second final one: nothing to change
    REFUSED = "refused"  # not a report we asked for


def signature(message_id: int) -> str:
    """The HMAC that lets a report name outbox message `message_id`."""
    key = settings.secret_key()
    return hmac.new(key, f"sms-report:{message_id}".encode(), hashlib.sha256).hexdigest()[:32]


def report_base_url() -> str:
    """Where the gateway reaches our callback (PRAKERJA_SMS_REPORT_URL overrides)."""
    configured = os.environ.get("PRAKERJA_SMS_REPORT_URL", "")
    return configured.rstrip("/") if configured else settings.public_url() + REPORT_PATH


def report_url(message_id: int) -> str:
    """The `dlr-url` for one message, with Kannel's `%d` and `%A` left for it to fill."""
    query = f"id={message_id}&sig={quote(signature(message_id))}"
    return f"{report_base_url()}?{query}&type=%d&answer=%A"


def record_report(
    db: Session, *, message_id: str, sig: str, kind: str, answer: str, now: datetime
) -> ReportOutcome:
    """Record one delivery report as the gateway sent it (every argument untrusted)."""
    if not (message_id.isascii() and message_id.isdigit() and len(message_id) <= 18):
        return ReportOutcome.REFUSED
    if not hmac.compare_digest(sig.encode(), signature(int(message_id)).encode()):
        return ReportOutcome.REFUSED
    if not (kind.isascii() and kind.isdigit()):
        return ReportOutcome.REFUSED
    report_type = int(kind)
    if report_type in INTERIM_TYPES:
        return ReportOutcome.NOTED
    if report_type == SMSC_REJECTED:
        report = DeliveryReport.UNDELIVERED
    elif report_type in FINAL_TYPES:
        report = FINAL_TYPES[report_type]
    else:
        return ReportOutcome.REFUSED
    detail = "".join(ch for ch in answer if ch.isprintable())[:MAX_DETAIL_LENGTH]
    changed = db.exec(
        sa.update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == int(message_id),
            col(OutboxMessage.channel) == Channel.SMS,
            col(OutboxMessage.report).is_(None),
        )
        .values(report=report, report_detail=detail or None, reported_at=now)
        .returning(col(OutboxMessage.id))
    ).all()
    db.commit()
    return ReportOutcome.RECORDED if changed else ReportOutcome.NOTED
