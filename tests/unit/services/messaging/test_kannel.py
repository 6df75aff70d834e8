"""The Kannel SMS gateway against a real Kannel (tests/kannel.py): what reaches the fake
SMSC, the delivery reports Kannel calls back with, and how failures are told apart."""

import itertools
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from prakerja_app.services.messaging import reports
from prakerja_app.services.messaging.kannel import (
    DEFAULT_DLR_MASK,
    KannelSettings,
    KannelSmsGateway,
    KannelUnavailableError,
    UndeliverableError,
    is_gsm7,
    kannel_settings,
)
from prakerja_app.services.messaging.senders import Outgoing
from prakerja_app.settings import ConfigurationError
from tests.kannel import Kannel

REPORT_TIMEOUT = 10.0
_ids = itertools.count(1000)


def _sms(body: str, to: str | None = None) -> Outgoing:
    """An SMS with an id of its own, to a number of its own unless `to` is given."""
    message_id = next(_ids)
    to = to if to is not None else f"+6281200{message_id:05d}"
    return Outgoing(message_id, to, "", body, now=datetime.now(UTC))


class Callbacks:
    """A local HTTP server keeping the delivery reports Kannel fetches, by `id`."""

    def __init__(self) -> None:
        self.reports: dict[int, list[dict[str, str]]] = {}
        self._arrived = threading.Condition()
        callbacks = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
                with callbacks._arrived:
                    callbacks.reports.setdefault(int(query["id"]), []).append(query)
                    callbacks._arrived.notify_all()
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_port}/laporan"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def dlr_url(self, message_id: int) -> str:
        """A dlr-url naming the message, with Kannel's type and SMSC answer codes."""
        return f"{self.base_url}?id={message_id}&type=%d&answer=%A"

    def wait(self, message_id: int, count: int) -> list[dict[str, str]]:
        """The reports about `message_id`, once there are `count` (or the timeout)."""
        with self._arrived:
            self._arrived.wait_for(
                lambda: len(self.reports.get(message_id, [])) >= count, REPORT_TIMEOUT
            )
            return list(self.reports.get(message_id, []))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def kannel() -> Iterator[Kannel]:
    with Kannel() as running:
        yield running


@pytest.fixture(scope="module")
def callbacks() -> Iterator[Callbacks]:
    server = Callbacks()
    yield server
    server.close()


@pytest.fixture
def gateway(kannel: Kannel, callbacks: Callbacks) -> Iterator[KannelSmsGateway]:
    sms = KannelSmsGateway(kannel.settings(), dlr_url=callbacks.dlr_url, timeout=5)
    yield sms
    sms.close()


@pytest.mark.parametrize(
    ("body", "coding"),
    [
        ("Kode OTP Anda 123456", "text"),
        ("Biaya {admin} €0 [gratis] ~ 100% | ^_^", "text"),  # GSM's extension table
        ("Rp 1.000.000 — sukses ✓", "ucs-2"),  # outside GSM 7-bit
    ],
)
def test_a_message_reaches_the_smsc_once_as_written(kannel, callbacks, gateway, body, coding):
    message = _sms(body)

    assert gateway.send(message) == f"kannel:{message.message_id}"

    callbacks.wait(message.message_id, 2)  # delivered: fakesmsc has had it
    (received,) = kannel.wait_received(1, to=message.recipient)
    assert (received.sender, received.receiver) == ("PRAKERJA", message.recipient)
    assert (received.coding, received.text) == (coding, body)
    assert is_gsm7(body) == (coding == "text")


def test_the_fake_smsc_reports_accepted_and_delivered(callbacks, gateway):
    message = _sms("Selamat, Anda lolos seleksi gelombang 12.")

    gateway.send(message)

    got = callbacks.wait(message.message_id, 2)
    assert sorted(int(report["type"]) for report in got) == [1, 8]  # delivered, SMSC took it
    assert "%A" not in {report["answer"] for report in got}  # Kannel filled it in


def test_the_apps_report_url_comes_back_whole(kannel, callbacks, monkeypatch):
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PRAKERJA_SMS_REPORT_URL", callbacks.base_url)
    gateway = KannelSmsGateway(kannel.settings(), dlr_url=reports.report_url)
    message = _sms("Kode OTP Anda 654321")

    gateway.send(message)
    gateway.close()

    got = callbacks.wait(message.message_id, 2)
    assert {report["sig"] for report in got} == {reports.signature(message.message_id)}
    assert sorted(report["type"] for report in got) == ["1", "8"]


def test_without_smsbox_the_send_is_retried_later(kannel, gateway):
    with kannel.down(), pytest.raises(OSError) as raised:
        gateway.send(_sms("Kode OTP Anda 111111"))

    assert isinstance(raised.value, KannelUnavailableError)
    message = _sms("Kode OTP Anda 222222")  # smsbox is back
    assert gateway.send(message) == f"kannel:{message.message_id}"


def test_a_wrong_password_is_refused_with_kannels_reason(kannel, callbacks):
    settings = KannelSettings(kannel.sendsms_url, kannel.username, "salah", "PRAKERJA")
    gateway = KannelSmsGateway(settings, dlr_url=callbacks.dlr_url)

    with pytest.raises(UndeliverableError) as raised:
        gateway.send(_sms("Kode OTP Anda 333333"))

    assert raised.value.reason == "Authorization failed for sendsms"
    gateway.close()


def test_an_invalid_number_is_refused_with_kannels_reason(gateway):
    with pytest.raises(UndeliverableError) as raised:
        gateway.send(_sms("Kode OTP Anda 444444", to="+62abc"))

    assert raised.value.reason == "Number(s) has/have been denied by white- and/or black-lists."


def test_a_recipient_with_a_space_is_refused_before_kannel_splits_it(kannel, gateway):
    # Kannel would take "+62 812..." as two recipients and send to both.
    with pytest.raises(UndeliverableError, match="not one phone number"):
        gateway.send(_sms("Kode OTP Anda 555555", to="+62 81200099999"))

    assert kannel.received(to="81200099999") == []


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (httpx.Response(503, text="Temporal failure, try again later."), KannelUnavailableError),
        (httpx.Response(500, text="Sending failed."), KannelUnavailableError),
        (httpx.Response(403, text="Not routable. Do not try again."), UndeliverableError),
    ],
)
def test_kannels_other_answers(answer, error):
    client = httpx.Client(transport=httpx.MockTransport(lambda request: answer))
    settings = KannelSettings("http://kannel.invalid/cgi-bin/sendsms", "u", "p", "PRAKERJA")
    gateway = KannelSmsGateway(settings, dlr_url=lambda i: f"http://app/{i}?t=%d", client=client)

    with pytest.raises(error, match=answer.text):
        gateway.send(_sms("Kode OTP Anda 666666"))


def test_the_request_keeps_secrets_out_of_its_url():
    seen: list[httpx.Request] = []

    def kannel(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202, text="0: Accepted for delivery")

    client = httpx.Client(transport=httpx.MockTransport(kannel))
    settings = KannelSettings("http://kannel.invalid/cgi-bin/sendsms", "u", "rahasia", "PRAKERJA")
    gateway = KannelSmsGateway(
        settings, dlr_url=lambda i: f"http://app/r?id={i}&t=%d", client=client
    )
    gsm, other = _sms("Kode OTP Anda 123456"), _sms("Kode OTP ✓ 123456")

    gateway.send(gsm)
    gateway.send(other)

    assert str(seen[0].url) == "http://kannel.invalid/cgi-bin/sendsms"  # httpx logs the URL
    assert seen[0].method == "POST" and seen[0].content == b"Kode OTP Anda 123456"
    assert seen[0].headers["X-Kannel-Password"] == "rahasia"
    assert seen[0].headers["X-Kannel-DLR-Url"] == f"http://app/r?id={gsm.message_id}&t=%d"
    assert seen[0].headers["X-Kannel-DLR-Mask"] == "27"
    assert "X-Kannel-Coding" not in seen[0].headers
    assert seen[1].headers["X-Kannel-Coding"] == "2"
    assert seen[1].content == "Kode OTP ✓ 123456".encode()


def test_settings_from_the_environment(monkeypatch):
    for name in ("URL", "USERNAME", "PASSWORD"):
        monkeypatch.delenv(f"PRAKERJA_KANNEL_{name}", raising=False)
    monkeypatch.delenv("PRAKERJA_SMS_SENDER", raising=False)
    assert kannel_settings() is None

    monkeypatch.setenv("PRAKERJA_KANNEL_URL", "http://127.0.0.1:13013/cgi-bin/sendsms")
    with pytest.raises(ConfigurationError, match="PRAKERJA_KANNEL_USERNAME"):
        kannel_settings()

    monkeypatch.setenv("PRAKERJA_KANNEL_USERNAME", "prakerja")
    monkeypatch.setenv("PRAKERJA_KANNEL_PASSWORD", "rahasia")
    assert kannel_settings() == KannelSettings(
        "http://127.0.0.1:13013/cgi-bin/sendsms", "prakerja", "rahasia", "PRAKERJA"
    )
    assert DEFAULT_DLR_MASK == 1 | 2 | 8 | 16

    monkeypatch.setenv("PRAKERJA_SMS_SENDER", "Prakerja ✓")
    with pytest.raises(ConfigurationError, match="PRAKERJA_SMS_SENDER"):
        kannel_settings()
