"""Unit-test fixtures: an empty job queue, and a real SMTP server (aiosmtpd) configured
through the environment."""

import pytest
from aiosmtpd.controller import Controller

from prakerja_app.jobs import huey
from tests.servers import free_port


@pytest.fixture(autouse=True)
def _empty_job_queue():
    """Huey's in-memory queue, empty: what a test finds there, that test queued."""
    huey.flush()
    yield
    huey.flush()


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
