"""The outbox: queueing, delivery through a real SMTP server (aiosmtpd), the dev mailbox."""

import socket
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.core.vocab import OutboxStatus
from prakerja_app.services.messaging import outbox
from prakerja_app.services.messaging.templates import Email
from prakerja_app.settings import ConfigurationError, SmtpSettings

BODY = (
    "Halo Siti,\n\n"
    "Pendaftaran Kartu Prakerja Anda berhasil — silakan konfirmasi email Anda:\n"
    "http://localhost:3000/konfirmasi-email?token=abc\n\n"
    "Salam, Manajemen Pelaksana"
)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (just now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collector:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def no_smtp(monkeypatch):
    monkeypatch.delenv("PRAKERJA_SMTP_HOST", raising=False)


@pytest.fixture
def smtp_server(monkeypatch):
    """A real SMTP server on localhost, configured through the environment."""
    handler = Collector()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("PRAKERJA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PRAKERJA_SMTP_PORT", str(port))
    monkeypatch.setenv("PRAKERJA_SMTP_SECURITY", "none")
    monkeypatch.delenv("PRAKERJA_SMTP_USERNAME", raising=False)
    monkeypatch.delenv("PRAKERJA_MAIL_FROM", raising=False)
    yield handler
    controller.stop()


@pytest.fixture
def dead_smtp(monkeypatch):
    """SMTP configured on a port where nothing listens."""
    monkeypatch.setenv("PRAKERJA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PRAKERJA_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("PRAKERJA_SMTP_SECURITY", "none")


def stored(db: Session, message_id: int) -> OutboxMessage:
    return db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .execution_options(populate_existing=True)
    ).one()


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


def test_email_is_delivered_through_smtp(db, now, smtp_server):
    message = outbox.queue_email(
        db, to="siti@example.org", email=Email("Pendaftaran berhasil — Prakerja", BODY), now=now
    )
    db.commit()

    assert outbox.deliver_pending(db, now=now) == 1

    assert len(smtp_server.envelopes) == 1
    envelope = smtp_server.envelopes[0]
    assert envelope.rcpt_tos == ["siti@example.org"]
    assert envelope.mail_from == "noreply@prakerja.localhost"
    mail = message_from_bytes(envelope.original_content, policy=default_policy)
    assert mail["To"] == "siti@example.org"
    assert mail["Subject"] == "Pendaftaran berhasil — Prakerja"
    assert mail["From"] == "Kartu Prakerja <noreply@prakerja.localhost>"
    assert mail["Date"].datetime == now
    assert mail["Message-ID"].endswith("@prakerja.localhost>")
    assert mail.get_content_type() == "text/plain"
    assert mail.get_content_charset() == "utf-8"
    assert mail.get_content().replace("\r\n", "\n").rstrip("\n") == BODY  # CRLF on the wire

    row = stored(db, message.id)
    assert (row.status, row.sent_at, row.attempts, row.last_error) == ("sent", now, 0, None)
    assert message.status == "sent"  # the caller's copy is refreshed too
    assert outbox.deliver_pending(db, now=now) == 0  # nothing left to send
    assert len(smtp_server.envelopes) == 1


def test_without_smtp_email_stays_local(db, now, no_smtp):
    message = outbox.queue_email(db, to="siti@example.org", email=Email("Hai", BODY), now=now)
    db.commit()

    assert outbox.deliver_pending(db, now=now) == 0

    row = stored(db, message.id)
    assert (row.status, row.attempts, row.last_error, row.sent_at) == ("local", 0, None, None)


def test_sms_is_always_kept_local(db, now, smtp_server):
    message = outbox.queue_sms(db, to="081234567890", body="Kode OTP Anda: 123456", now=now)
    db.commit()

    assert outbox.deliver_pending(db, now=now) == 0

    assert stored(db, message.id).status == "local"
    assert smtp_server.envelopes == []


def test_unreachable_server_retries_then_fails(db, now, dead_smtp):
    message = outbox.queue_email(db, to="siti@example.org", email=Email("Hai", "x"), now=now)
    db.commit()

    for attempt in range(1, outbox.MAX_ATTEMPTS):
        assert outbox.deliver_pending(db, now=now) == 0
        row = stored(db, message.id)
        assert (row.status, row.attempts) == ("pending", attempt)
        assert row.last_error and "Connection" in row.last_error
        assert len(row.last_error) <= outbox.MAX_ERROR_LENGTH

    assert outbox.deliver_pending(db, now=now) == 0
    row = stored(db, message.id)
    assert (row.status, row.attempts, row.sent_at) == ("failed", outbox.MAX_ATTEMPTS, None)
    assert outbox.deliver_pending(db, now=now) == 0  # failed messages are not retried
    assert stored(db, message.id).attempts == outbox.MAX_ATTEMPTS


def test_one_failure_does_not_undo_the_others(db, now, smtp_server):
    class FlakySender(outbox.SmtpEmailSender):
        def send(self, *, to, subject, body, now):
            if to == "rusak@example.org":
                raise ConnectionResetError("connection reset")
            super().send(to=to, subject=subject, body=body, now=now)

    first = outbox.queue_email(db, to="a@example.org", email=Email("1", "x"), now=now)
    broken = outbox.queue_email(db, to="rusak@example.org", email=Email("2", "x"), now=now)
    last = outbox.queue_email(db, to="b@example.org", email=Email("3", "x"), now=now)
    db.commit()
    sender = FlakySender(outbox.settings.smtp_settings())

    assert outbox.deliver_pending(db, now=now, email_sender=sender) == 2

    assert [stored(db, m.id).status for m in (first, broken, last)] == [
        "sent",
        "pending",
        "sent",
    ]
    assert stored(db, broken.id).last_error == "ConnectionResetError: connection reset"


def test_ids_restrict_what_is_sent(db, now, smtp_server):
    chosen = outbox.queue_email(db, to="a@example.org", email=Email("Ya", "x"), now=now)
    other = outbox.queue_email(db, to="b@example.org", email=Email("Nanti", "x"), now=now)
    db.commit()

    assert outbox.deliver_pending(db, now=now, ids=[chosen.id]) == 1
    assert outbox.deliver_pending(db, now=now, ids=[]) == 0

    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["a@example.org"]]
    assert stored(db, chosen.id).status == "sent"
    assert stored(db, other.id).status == "pending"


def test_limit_caps_one_run(db, now, smtp_server):
    for n in range(3):
        outbox.queue_email(db, to=f"p{n}@example.org", email=Email("x", "x"), now=now)
    db.commit()

    assert outbox.deliver_pending(db, now=now, limit=2) == 2
    assert outbox.deliver_pending(db, now=now, limit=2) == 1


def test_a_message_claimed_by_another_run_is_not_sent_twice(engine, db, now, smtp_server):
    """While this run sends a message, a second run (another session, as another process
    would have) finds it claimed and leaves it alone."""
    message = outbox.queue_email(db, to="a@example.org", email=Email("x", "x"), now=now)
    db.commit()
    second_run_sent = []

    class RacingSender(outbox.SmtpEmailSender):
        def send(self, *, to, subject, body, now):
            with Session(engine, expire_on_commit=False) as other:
                assert stored(other, message.id).status == OutboxStatus.SENDING
                second_run_sent.append(outbox.deliver_pending(other, now=now))
            super().send(to=to, subject=subject, body=body, now=now)

    sender = RacingSender(outbox.settings.smtp_settings())
    assert outbox.deliver_pending(db, now=now, email_sender=sender) == 1

    assert second_run_sent == [0]
    assert len(smtp_server.envelopes) == 1
    assert stored(db, message.id).status == "sent"


def test_unknown_security_mode_is_a_configuration_error():
    smtp = SmtpSettings("localhost", 25, None, None, "tls", "noreply@example.org")
    with pytest.raises(ConfigurationError):
        outbox.SmtpEmailSender(smtp)
