"""The outbox: queueing, priorities, secrets."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.core.vocab import Priority
from prakerja_app.services.messaging import outbox
from prakerja_app.services.messaging.templates import Email

BODY = (
    "Halo Siti,\n\n"
    "Pendaftaran Kartu Prakerja Anda berhasil — silakan konfirmasi email Anda:\n"
    "http://localhost:3000/konfirmasi-email?token=abc\n\n"
    "Salam, Manajemen Pelaksana"
)


def test_queue_email_adds_a_pending_message_without_committing(db, now):
    message = outbox.queue_email(
        db, to=" siti@example.org ", email=Email("Konfirmasi email", BODY), now=now
    )
    assert message.id is not None
    assert (message.channel, message.recipient, message.status) == (
        "email",
        "siti@example.org",
        "pending",
    )
    assert message.attempts == 0 and message.created_at == now and message.sent_at is None
    db.rollback()
    assert db.exec(select(OutboxMessage)).all() == []


@pytest.mark.parametrize(
    ("to", "subject"),
    [("", "Halo"), ("a@example.org\nBcc: b@example.org", "Halo"), ("a@example.org", "A\r\nB")],
)
def test_queue_email_refuses_headers_that_would_break(db, now, to, subject):
    with pytest.raises(ValueError):
        outbox.queue_email(db, to=to, email=Email(subject, "x"), now=now)


def test_a_message_with_a_secret_is_urgent_and_a_plain_one_normal(db, now):
    code = outbox.queue_sms(
        db,
        to="+6281234567890",
        body="Kode OTP Anda: [[RAHASIA]]",
        now=now,
        secret=outbox.Secret("123456", timedelta(minutes=5)),
    )
    news = outbox.queue_sms(db, to="+6281234567890", body="Hasil seleksi", now=now)
    assert (code.priority, news.priority) == (Priority.URGENT, Priority.NORMAL)
