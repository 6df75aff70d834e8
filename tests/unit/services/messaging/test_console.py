"""The outbox console: resending a failed message, the search's input, the rates."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, OutboxMessage
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import (
    AdminRole,
    Channel,
    DeliveryReport,
    OutboxStatus,
)
from prakerja_app.services.messaging import console
from prakerja_app.services.messaging.errors import MessagingError
from prakerja_app.services.messaging.outbox import SECRET_MARK, Secret, queue_sms
from tests import factories
from tests.factories.messaging import stored

PHONE = "+6281234567890"


def _failed(db, now, *, secret: Secret | None = None) -> OutboxMessage:
    body = f"Kode Anda {SECRET_MARK}" if secret else "Hasil seleksi Anda sudah diumumkan."
    message = queue_sms(db, to=PHONE, body=body, now=now, secret=secret)
    message.status, message.attempts, message.last_error = OutboxStatus.FAILED, 8, "OSError: down"
    db.commit()
    return message


def test_a_failed_message_goes_back_to_the_queue_audited(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    message = _failed(db, now)
    console.resend(db, now=now, actor_id=operator.id, message_id=message.id)
    again = stored(db, message.id)
    assert (again.status, again.attempts, again.next_attempt_at) == (OutboxStatus.PENDING, 0, None)
    entry = db.exec(select(AuditLog).where(AuditLog.action == "message.resend")).one()
    assert (entry.actor_user_id, entry.entity_id) == (operator.id, str(message.id))


def test_a_second_resend_is_refused(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    message = _failed(db, now)
    console.resend(db, now=now, actor_id=operator.id, message_id=message.id)
    with pytest.raises(DomainError) as refused:
        console.resend(db, now=now, actor_id=operator.id, message_id=message.id)
    assert refused.value.code == MessagingError.NOT_FAILED


def test_an_undelivered_sms_may_be_resent(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    message = _failed(db, now)
    message.status, message.report = OutboxStatus.SENT, DeliveryReport.UNDELIVERED
    db.commit()
    console.resend(db, now=now, actor_id=operator.id, message_id=message.id)
    assert (stored(db, message.id).status, stored(db, message.id).report) == ("pending", None)


def test_a_dead_code_is_never_resent(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    message = _failed(db, now, secret=Secret("123456", timedelta(minutes=5)))
    later = now + timedelta(minutes=6)
    with pytest.raises(DomainError) as refused:
        console.resend(db, now=later, actor_id=operator.id, message_id=message.id)
    assert refused.value.code == MessagingError.SECRET_EXPIRED
    assert stored(db, message.id).status == OutboxStatus.FAILED
    assert db.exec(select(AuditLog)).all() == []


def test_a_live_code_may_be_resent(db, now):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    message = _failed(db, now, secret=Secret("123456", timedelta(minutes=5)))
    console.resend(db, now=now, actor_id=operator.id, message_id=message.id)
    assert stored(db, message.id).status == OutboxStatus.PENDING


@pytest.mark.parametrize("status", [OutboxStatus.PENDING, OutboxStatus.SENT])
def test_messages_that_did_not_fail_are_not_resent(db, now, status):
    message = _failed(db, now)
    message.status = status
    db.commit()
    with pytest.raises(DomainError) as refused:
        console.resend(db, now=now, actor_id=1, message_id=message.id)
    assert refused.value.code == MessagingError.NOT_FAILED


def test_an_unknown_message_is_refused(db, now):
    with pytest.raises(DomainError) as refused:
        console.resend(db, now=now, actor_id=1, message_id=999)
    assert refused.value.code == MessagingError.MESSAGE_UNKNOWN


def test_the_search_takes_phones_as_typed_and_emails_in_any_case():
    assert console.parse_search("0812-3456-7890", "failed") == console.Search(
        PHONE, OutboxStatus.FAILED
    )
    assert console.parse_search(" Budi@Contoh.ID ", "").recipient == "budi@contoh.id"
    assert console.parse_search("", "") == console.Search(None, None)


@pytest.mark.parametrize(
    ("recipient", "status", "code"),
    [
        ("budi@", "", MessagingError.RECIPIENT_INVALID),
        ("021 555 1234", "", MessagingError.RECIPIENT_INVALID),
        ("' OR 1=1 --", "", MessagingError.RECIPIENT_INVALID),
        ("", "deleted", MessagingError.STATUS_INVALID),
    ],
)
def test_a_malformed_search_is_refused(recipient, status, code):
    with pytest.raises(DomainError) as refused:
        console.parse_search(recipient, status)
    assert refused.value.code == code


def test_the_rates_count_per_channel_and_window(db, now):
    _failed(db, now)
    sent = queue_sms(db, to=PHONE, body="Halo", now=now)
    sent.status, sent.sent_at = OutboxStatus.SENT, now
    sent.report, sent.reported_at = DeliveryReport.DELIVERED, now
    db.commit()
    rates = {(r.channel, r.window): r for r in console.delivery_rates(db, now + timedelta(days=2))}
    day, week = console.RATE_WINDOWS
    assert (rates[Channel.SMS, day].sent, rates[Channel.SMS, day].failed) == (0, 0)
    week_sms = rates[Channel.SMS, week]
    assert (week_sms.sent, week_sms.delivered, week_sms.failed) == (1, 1, 1)
    assert rates[Channel.EMAIL, week].sent == 0
