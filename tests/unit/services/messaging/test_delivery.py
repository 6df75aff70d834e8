"""Delivery of the outbox through a real SMTP server (aiosmtpd): batches, priorities,
leases, retries and refusals, on SQLite and PostgreSQL."""

from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.core.vocab import Channel, Priority
from prakerja_app.services.messaging import delivery, outbox
from prakerja_app.services.messaging.senders import (
    Outgoing,
    SmtpEmailSender,
    UndeliverableError,
    default_email_sender,
)
from prakerja_app.services.messaging.templates import Email
from tests.conftest import POSTGRES_URL
from tests.factories import stored

BODY = "Halo Siti,\n\nPendaftaran Kartu Prakerja Anda berhasil — silakan konfirmasi."


def email(db, now, to="siti@example.org", subject="Hai", **kwargs) -> int:
    message = outbox.queue_email(db, to=to, email=Email(subject, BODY), now=now, **kwargs)
    db.commit()
    assert message.id is not None
    return message.id


class Recording:
    """A sender that records what it was given, and fails as told."""

    def __init__(self, fail: dict[str, BaseException] | None = None):
        self.sent: list[Outgoing] = []
        self.fail = fail or {}
        self.closed = 0

    def send(self, message: Outgoing) -> str:
        if message.recipient in self.fail:
            raise self.fail[message.recipient]
        self.sent.append(message)
        return f"ref-{message.message_id}"

    def close(self) -> None:
        self.closed += 1


def test_email_is_delivered_through_smtp_with_a_stable_message_id(db, now, smtp_server):
    message_id = email(db, now, subject="Pendaftaran berhasil — Prakerja")

    result = delivery.deliver_batch(db, Channel.EMAIL, default_email_sender(), now=now)

    assert (result.claimed, result.sent) == (1, 1)
    (envelope,) = smtp_server.envelopes
    assert envelope.rcpt_tos == ["siti@example.org"]
    mail = message_from_bytes(envelope.original_content, policy=default_policy)
    assert mail["Subject"] == "Pendaftaran berhasil — Prakerja"
    assert mail["From"] == "Kartu Prakerja <noreply@prakerja.localhost>"
    assert mail["Message-ID"] == f"<outbox.{message_id}@prakerja.localhost>"
    assert mail.get_content().replace("\r\n", "\n").rstrip("\n") == BODY
    row = stored(db, message_id)
    assert (row.status, row.sent_at, row.attempts, row.gateway_id) == (
        "sent",
        now,
        1,
        mail["Message-ID"],
    )
    assert row.lease_until is None
    assert delivery.deliver_batch(db, Channel.EMAIL, default_email_sender(), now=now).claimed == 0


def test_one_connection_carries_a_whole_batch(db, now, smtp_server):
    for n in range(5):
        email(db, now, to=f"p{n}@example.org")
    sender = default_email_sender()
    connects = []
    original = sender._connect
    sender._connect = lambda: connects.append(1) or original()

    assert delivery.deliver_batch(db, Channel.EMAIL, sender, now=now).sent == 5
    assert len(smtp_server.envelopes) == 5 and len(connects) == 1


def test_without_a_sender_messages_stay_local(db, now):
    message_id = email(db, now)
    result = delivery.deliver_batch(db, Channel.EMAIL, None, now=now)
    assert (result.kept, result.sent) == (1, 0)
    row = stored(db, message_id)
    assert (row.status, row.attempts) == ("local", 0)


def test_urgent_messages_go_first_then_oldest_first(db, now):
    bulk = email(db, now, to="bulk@example.org")
    db.get(OutboxMessage, bulk).priority = Priority.BULK
    db.commit()
    normal = email(db, now, to="normal@example.org")
    code = outbox.queue_sms(
        db,
        to="+6281234567890",
        body="Kode [[RAHASIA]]",
        now=now,
        secret=outbox.Secret("123456", timedelta(minutes=5)),
    )
    urgent = email(
        db,
        now,
        to="urgent@example.org",
        subject="Tautan",
        secret=None,
    )
    db.get(OutboxMessage, urgent).priority = Priority.URGENT
    db.commit()
    assert code.priority == Priority.URGENT

    assert delivery.claim(db, Channel.EMAIL, now=now, limit=2) == sorted([urgent, normal])
    sender = Recording()
    delivery.deliver_batch(db, Channel.EMAIL, sender, now=now, limit=1)
    assert [m.recipient for m in sender.sent] == ["bulk@example.org"]


def test_the_batch_sent_in_priority_order(db, now):
    later = email(db, now, to="later@example.org")
    sooner = email(db, now, to="sooner@example.org")
    db.get(OutboxMessage, later).priority = Priority.BULK
    db.commit()
    sender = Recording()
    delivery.deliver_batch(db, Channel.EMAIL, sender, now=now)
    assert [m.message_id for m in sender.sent] == [sooner, later]


def test_a_gateway_that_is_down_leaves_everything_pending_with_attempts(db, now, dead_smtp):
    first, second = email(db, now, to="a@example.org"), email(db, now, to="b@example.org")

    result = delivery.deliver_batch(db, Channel.EMAIL, default_email_sender(), now=now)

    assert (result.claimed, result.retrying, result.released) == (2, 1, 1)
    row = stored(db, first)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == now + delivery.FIRST_RETRY
    assert row.last_error and "Connection" in row.last_error
    untouched = stored(db, second)
    assert (untouched.status, untouched.attempts, untouched.last_error) == ("pending", 0, None)
    # not due again until its retry time
    assert delivery.claim(db, Channel.EMAIL, now=now, limit=10) == [second]


def test_retries_back_off_then_fail_with_the_last_error(db, now, dead_smtp):
    message_id = email(db, now)
    at = now
    for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
        delivery.deliver_batch(db, Channel.EMAIL, default_email_sender(), now=at)
        row = stored(db, message_id)
        assert row.attempts == attempt
        if attempt < delivery.MAX_ATTEMPTS:
            assert row.status == "pending"
            assert row.next_attempt_at - at == delivery.retry_delay(attempt)
            at = row.next_attempt_at
    assert (row.status, row.sent_at) == ("failed", None)
    assert "Connection" in row.last_error
    assert delivery.retry_delay(1) == timedelta(seconds=30)
    assert delivery.retry_delay(20) == delivery.LONGEST_RETRY


def test_an_undeliverable_message_fails_at_once_with_its_reason(db, now):
    refused = email(db, now, to="tidak-ada@example.org")
    fine = email(db, now, to="ada@example.org")
    sender = Recording({"tidak-ada@example.org": UndeliverableError("550 no such user")})

    result = delivery.deliver_batch(db, Channel.EMAIL, sender, now=now)

    assert (result.sent, result.failed) == (1, 1)
    row = stored(db, refused)
    assert (row.status, row.last_error) == ("failed", "undeliverable: 550 no such user")
    assert stored(db, fine).status == "sent"


def test_smtp_refusing_the_recipient_is_undeliverable(db, now, smtp_server):
    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 5.1.1 Mailbox tidak ada"

    smtp_server.handle_RCPT = refuse
    message_id = email(db, now, to="hilang@example.org")
    delivery.deliver_batch(db, Channel.EMAIL, default_email_sender(), now=now)
    row = stored(db, message_id)
    assert (
        row.status == "failed" and "550" in row.last_error and "Mailbox tidak ada" in row.last_error
    )


def test_a_dead_workers_messages_are_reclaimed_after_the_lease(db, now):
    message_id = email(db, now)
    assert delivery.claim(db, Channel.EMAIL, now=now, limit=10) == [message_id]  # then it died

    assert delivery.reclaim_expired(db, now + delivery.LEASE - timedelta(seconds=1)) == 0
    assert delivery.claim(db, Channel.EMAIL, now=now, limit=10) == []  # still leased
    assert delivery.reclaim_expired(db, now + delivery.LEASE) == 1
    row = stored(db, message_id)
    assert (row.status, row.attempts, row.lease_until) == ("pending", 1, None)
    assert row.last_error == "the worker stopped while sending it"
    sender = Recording()
    delivery.deliver_batch(db, Channel.EMAIL, sender, now=now + delivery.LEASE)
    assert [m.message_id for m in sender.sent] == [message_id]


def test_reclaiming_a_message_on_its_last_attempt_fails_it(db, now):
    message_id = email(db, now)
    db.get(OutboxMessage, message_id).attempts = delivery.MAX_ATTEMPTS - 1
    db.commit()
    delivery.claim(db, Channel.EMAIL, now=now, limit=1)
    delivery.reclaim_expired(db, now + delivery.LEASE)
    assert stored(db, message_id).status == "failed"


def test_two_workers_never_claim_the_same_message(engine, db, now):
    ids = [email(db, now, to=f"p{n}@example.org") for n in range(10)]
    with Session(engine, expire_on_commit=False) as other:
        first = delivery.claim(db, Channel.EMAIL, now=now, limit=4)
        second = delivery.claim(other, Channel.EMAIL, now=now, limit=100)
    assert len(first) == 4 and set(first).isdisjoint(second)
    assert sorted(first + second) == ids


@pytest.mark.parametrize("engine", ["postgresql"] if POSTGRES_URL else [], indirect=True)
def test_a_claim_under_way_is_skipped_not_waited_for(engine, db, now):
    """While one worker's claim transaction holds rows (not yet committed), another
    worker claims the others at once: FOR UPDATE SKIP LOCKED (PostgreSQL's row locks;
    SQLite has one writer at a time, so there is nothing to skip)."""
    ids = [email(db, now, to=f"p{n}@example.org") for n in range(6)]
    with Session(engine) as holder:
        held = holder.exec(
            select(OutboxMessage.id).where(OutboxMessage.id.in_(ids[:3])).with_for_update()
        ).all()
        with Session(engine, expire_on_commit=False) as other:
            other.exec(sa.text("SET LOCAL lock_timeout = '2s'"))
            claimed = delivery.claim(other, Channel.EMAIL, now=now, limit=100)
        holder.rollback()
    assert sorted(held) == ids[:3]
    assert claimed == ids[3:]


def test_a_batch_gives_its_worker_back_after_a_second(db, now, monkeypatch):
    ids = [email(db, now, to=f"p{n}@example.org") for n in range(3)]
    ticks = iter([0.0, 0.0, delivery.BATCH_SECONDS + 0.01])
    monkeypatch.setattr(delivery.time, "monotonic", lambda: next(ticks))
    sender = Recording()
    result = delivery.deliver_batch(db, Channel.EMAIL, sender, now=now)
    assert (result.sent, result.released) == (1, 2)
    assert [stored(db, i).status for i in ids] == ["sent", "pending", "pending"]
    assert [stored(db, i).attempts for i in ids] == [1, 0, 0]


def test_deliver_due_sends_every_channel_until_nothing_is_due(db, now):
    for n in range(5):
        email(db, now, to=f"p{n}@example.org")
    outbox.queue_sms(db, to="+6281234567890", body="Halo", now=now)
    db.commit()
    mail, sms = Recording(), Recording()
    sent = delivery.deliver_due(db, {Channel.EMAIL: mail, Channel.SMS: sms}, now=now, limit=2)
    assert sent == 6 and len(mail.sent) == 5 and len(sms.sent) == 1
    assert delivery.queue_depth(db) == {"email": 0, "sms": 0}


def test_queue_depth_counts_what_waits(db, now):
    email(db, now)
    email(db, now)
    delivery.claim(db, Channel.EMAIL, now=now, limit=1)
    assert delivery.queue_depth(db) == {"email": 2, "sms": 0}


def test_unknown_security_mode_is_a_configuration_error():
    from prakerja_app.settings import ConfigurationError, SmtpSettings

    with pytest.raises(ConfigurationError):
        SmtpEmailSender(SmtpSettings("localhost", 25, None, None, "tls", "noreply@example.org"))
