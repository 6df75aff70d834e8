from datetime import timedelta

import pytest

from prakerja_app.services.core.vocab import Channel
from prakerja_app.services.messaging import delivery, outbox
from prakerja_app.services.messaging.templates import Email
from prakerja_app.services.views import mailbox


@pytest.fixture
def no_smtp(monkeypatch):
    monkeypatch.delenv("PRAKERJA_SMTP_HOST", raising=False)


def test_mailbox_lists_newest_first(db, now, no_smtp):
    older = outbox.queue_email(db, to="a@example.org", email=Email("Lama", "1"), now=now)
    newer = outbox.queue_sms(db, to="0812", body="2", now=now + timedelta(minutes=5))
    same_time = outbox.queue_email(
        db, to="b@example.org", email=Email("Sama", "3"), now=now + timedelta(minutes=5)
    )
    db.commit()
    delivery.deliver_due(db, {Channel.EMAIL: None, Channel.SMS: None}, now=now)

    items = mailbox.mailbox(db)

    assert [i.id for i in items] == [same_time.id, newer.id, older.id]
    assert items[1] == mailbox.MailboxItem(
        id=newer.id,
        channel="sms",
        recipient="0812",
        subject="",
        body="2",
        status="local",
        created_at=now + timedelta(minutes=5),
    )
    assert [i.id for i in mailbox.mailbox(db, limit=1)] == [same_time.id]


def test_a_message_queued_later_on_the_program_clock_is_listed_first(db, now, no_smtp):
    real = now + timedelta(days=2280)  # a job worker's notice, on the real clock (2026)
    earlier = outbox.queue_sms(db, to="0812", body="1", now=real)
    later = outbox.queue_email(db, to="a@example.org", email=Email("2", "2"), now=now)
    db.commit()
    assert [i.id for i in mailbox.mailbox(db)] == [later.id, earlier.id]
