"""A real SMTP server for the browser tests, keeping what it receives in memory."""

import asyncio
import email
import socket
import threading
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


class MailServer:
    """An aiosmtpd server on a free local port; `wait_for` returns a received message.

    `hold()` makes it keep every new message waiting before its "250" (a slow server):
    a client that disconnects meanwhile has delivered nothing, as SMTP says; `release()`
    accepts the ones still connected.
    """

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]
        self._messages: list[EmailMessage] = []
        self._arrived = threading.Condition()
        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._gate: asyncio.Event | None = None
        self._held: set[tuple[str, int]] = set()

    def start(self) -> None:
        """Start listening."""
        self._controller.start()

    def stop(self) -> None:
        """Stop listening."""
        self._controller.stop()

    async def handle_DATA(self, server, session, envelope) -> str:
        """Keep a received message and wake whoever waits for it (once the gate is open)."""
        message = email.message_from_bytes(envelope.content, policy=default)
        if self._gate is not None and not self._gate.is_set():
            gate = self._gate
            with self._arrived:
                self._held.add(session.peer)
                self._arrived.notify_all()
            try:
                await gate.wait()  # cancelled when the client goes away
            finally:
                with self._arrived:
                    self._held.discard(session.peer)
        with self._arrived:
            self._messages.append(message)
            self._arrived.notify_all()
        return "250 OK"

    def hold(self) -> None:
        """From now on, keep each new message waiting until `release`."""
        self._gate = asyncio.Event()

    def release(self) -> None:
        """Accept the messages waiting from clients still connected, and the next ones."""
        gate, self._gate = self._gate, None
        if gate is not None:
            self._controller.loop.call_soon_threadsafe(gate.set)

    def wait_held(self, count: int, timeout: float = 60) -> set[tuple[str, int]]:
        """The (host, port) of the clients waiting, once at least `count` are."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._held) >= count, timeout):
                raise AssertionError(f"{len(self._held)} of {count} clients waiting")
            return set(self._held)

    def message_ids(self) -> list[str]:
        """The Message-ID of every message accepted, repeats included."""
        with self._arrived:
            return [m["Message-ID"] for m in self._messages]

    def wait_count(self, count: int, timeout: float = 120) -> None:
        """Wait until at least `count` messages have been accepted."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._messages) >= count, timeout):
                raise AssertionError(f"{len(self._messages)} of {count} messages arrived")

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
