"""A real SMTP server for the browser tests, keeping what it receives in memory."""

import email
import socket
import threading
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


class MailServer:
    """An aiosmtpd server on a free local port; `wait_for` returns a received message."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]
        self._messages: list[EmailMessage] = []
        self._arrived = threading.Condition()
        self._controller = Controller(self, hostname=self.host, port=self.port)

    def start(self) -> None:
        """Start listening."""
        self._controller.start()

    def stop(self) -> None:
        """Stop listening."""
        self._controller.stop()

    async def handle_DATA(self, server, session, envelope) -> str:
        """Keep a received message and wake whoever waits for it."""
        message = email.message_from_bytes(envelope.content, policy=default)
        with self._arrived:
            self._messages.append(message)
            self._arrived.notify_all()
        return "250 OK"

    def wait_for(self, to: str, subject: str, timeout: float = 15) -> EmailMessage:
        """The first message to `to` whose subject contains `subject` (waits for it)."""

        def found() -> EmailMessage | None:
            return next(
                (m for m in self._messages if m["To"] == to and subject in m["Subject"]), None
            )

        with self._arrived:
            if not self._arrived.wait_for(found, timeout):
                raise AssertionError(f"no email to {to} about {subject!r} within {timeout} s")
            return found()
