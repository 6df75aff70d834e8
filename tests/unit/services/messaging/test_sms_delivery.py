"""SMS from the outbox through a real Kannel, with its delivery reports coming back to the
app's own callback (the API served by uvicorn): what the program office would see."""

import itertools
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from sqlmodel import Session

from prakerja_app.api import create_app
from prakerja_app.models import utc_now
from prakerja_app.services.core.vocab import Channel
from prakerja_app.services.messaging import delivery, outbox, reports
from prakerja_app.services.messaging.kannel import KannelSmsGateway
from tests.factories import stored
from tests.kannel import Kannel
from tests.servers import free_port

_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def kannel() -> Iterator[Kannel]:
    with Kannel() as running:
        yield running


@pytest.fixture
def backend(engine, monkeypatch) -> Iterator[str]:
    """The app's API on a local port, on the test database; Kannel reports to it."""
    port = free_port()
    app = create_app(session_factory=lambda: Session(engine, expire_on_commit=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.01)
    url = f"http://127.0.0.1:{port}{reports.REPORT_PATH}"
    monkeypatch.setenv("PRAKERJA_SMS_REPORT_URL", url)
    yield url
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def gateway(kannel) -> Iterator[KannelSmsGateway]:
    sms = KannelSmsGateway(kannel.settings(), dlr_url=reports.report_url, timeout=5)
    yield sms
    sms.close()


def test_a_code_is_sent_and_its_delivery_reported(db, kannel, backend, gateway):
    phone = f"+628123450{next(_numbers):04d}"  # one Kannel serves both databases' runs
    message = outbox.queue_sms(
        db,
        to=phone,
        body="Kode OTP Kartu Prakerja Anda: [[RAHASIA]]",
        now=utc_now(),
        secret=outbox.Secret("482913", delivery.LEASE),
    )
    db.commit()

    result = delivery.deliver_batch(db, Channel.SMS, gateway, now=utc_now())

    assert result.sent == 1
    (received,) = kannel.wait_received(1, to=phone)
    assert received.text == "Kode OTP Kartu Prakerja Anda: 482913"
    row = stored(db, message.id)
    assert (row.status, row.gateway_id, row.secret) == ("sent", f"kannel:{message.id}", None)
    deadline = time.monotonic() + 10
    while stored(db, message.id).report is None:  # Kannel calls back on its own time
        assert time.monotonic() < deadline, "no delivery report"
        time.sleep(0.05)
    assert stored(db, message.id).report == "delivered"


def test_a_gateway_that_is_down_leaves_the_messages_pending(db, kannel, gateway):
    ids = [
        outbox.queue_sms(db, to=f"+62812345000{n}", body="Halo", now=utc_now()).id for n in range(3)
    ]
    db.commit()
    with kannel.down():
        result = delivery.deliver_batch(db, Channel.SMS, gateway, now=utc_now())
    assert (result.retrying, result.released, result.sent) == (1, 2, 0)
    rows = [stored(db, i) for i in ids]
    assert [r.status for r in rows] == ["pending"] * 3
    assert [r.attempts for r in rows] == [1, 0, 0]
    assert "Kannel did not answer" in rows[0].last_error
    later = rows[0].next_attempt_at
    assert delivery.deliver_batch(db, Channel.SMS, gateway, now=later).sent == 3  # none lost


def test_an_undeliverable_number_ends_failed_with_kannels_reason(db, kannel, gateway):
    message = outbox.queue_sms(db, to="+62abc", body="Halo", now=utc_now())
    db.commit()
    result = delivery.deliver_batch(db, Channel.SMS, gateway, now=utc_now())
    row = stored(db, message.id)
    assert (result.failed, row.status) == (1, "failed")
    assert row.last_error.startswith("undeliverable: ") and "denied" in row.last_error
    assert kannel.received(to="+62abc") == []
