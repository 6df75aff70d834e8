"""A real Kannel for the tests: bearerbox, Kannel's fake SMSC and smsbox, on free ports.

Debian's `kannel` and `kannel-extras` (scripts/bootstrap.sh installs them). The fake SMSC
is `fakesmsc`, connected to bearerbox's `smsc = fake` port: it plays the operator,
prints every message it is handed, and the fake driver reports each one as accepted by
the SMSC (type 8) and delivered (type 1); Kannel calls the dlr-url for both, in either
order.

    with Kannel() as kannel:
        gateway = KannelSmsGateway(kannel.settings(), dlr_url=...)
        kannel.wait_received(1)
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

import httpx

from prakerja_app.services.messaging.kannel import KannelSettings
from tests.servers import free_port

BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
STARTUP_SECONDS = 15.0
STOP_SECONDS = 5.0
POLL_SECONDS = 0.05
# fakesmsc logs each message bearerbox hands it as "Got message 3: <sender receiver
# type text>", type "text" (GSM 7-bit, as is) or "ucs-2" (UTF-16BE, URL-encoded with
# "+" for the byte 0x20).
RECEIVED = re.compile(r"Got message \d+: <(\S*) (\S*) (\S+) (.*)>$")

CONFIG = """\
group = core
admin-port = {admin_port}
admin-interface = 127.0.0.1
admin-password = "{admin_password}"
admin-deny-ip = "*.*.*.*"
admin-allow-ip = "127.0.0.1"
smsbox-port = {box_port}
smsbox-interface = 127.0.0.1
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
access-log = "{directory}/bearerbox-access.log"
dlr-storage = internal
# No store-location: queued messages live in memory only and die with bearerbox.

group = smsc
smsc = fake
smsc-id = fake
our-host = 127.0.0.1
port = {fake_port}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {box_port}
sendsms-port = {sendsms_port}
sendsms-interface = 127.0.0.1
access-log = "{directory}/smsbox-access.log"

group = sendsms-user
username = {username}
password = "{password}"
"""


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=POLL_SECONDS).close()
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Received:
    """One message as the fake SMSC got it; `coding` is "text" or "ucs-2"."""

    sender: str
    receiver: str
    coding: str
    text: str


class Kannel:
    """bearerbox, fakesmsc and smsbox in a temporary folder; a context manager."""

    username = "prakerja"

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="kannel-"))
        self.password = secrets.token_urlsafe(16)
        self.admin_password = secrets.token_urlsafe(16)
        self.admin_port, self.box_port, self.fake_port, self.sendsms_port = (
            free_port() for _ in range(4)
        )
        self.config = self.directory / "kannel.conf"
        self.config.write_text(
            CONFIG.format(
                directory=self.directory,
                username=self.username,
                password=self.password,
                admin_password=self.admin_password,
                admin_port=self.admin_port,
                box_port=self.box_port,
                fake_port=self.fake_port,
                sendsms_port=self.sendsms_port,
            )
        )
        self._processes: dict[str, subprocess.Popen[bytes]] = {}

    @property
    def sendsms_url(self) -> str:
        """smsbox's sendsms interface."""
        return f"http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms"

    def settings(self, sender: str = "PRAKERJA") -> KannelSettings:
        """Settings for `KannelSmsGateway` that reach this Kannel."""
        return KannelSettings(self.sendsms_url, self.username, self.password, sender)

    # --- starting and stopping ---------------------------------------------------------

    def __enter__(self) -> "Kannel":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start the three boxes, each once the one it talks to is ready."""
        try:
            self._run("bearerbox", BEARERBOX, str(self.config))
            self._wait("bearerbox's fake SMSC port", lambda: _listening(self.fake_port))
            # A message to send keeps fakesmsc out of its interactive mode; -m 0 sends none.
            self._run(
                "fakesmsc",
                *(FAKESMSC, "-H", "127.0.0.1", "-r", str(self.fake_port), "-m", "0"),
                "0 0 text unused",
            )
            self._wait("fakesmsc online", lambda: "(online" in self._status())
            self.start_smsbox()
        except BaseException:
            self.stop()
            raise

    def start_smsbox(self) -> None:
        """Start smsbox; returns once it is connected and its sendsms port answers."""
        self._run("smsbox", SMSBOX, str(self.config))
        self._wait("smsbox connected", lambda: "smsbox:" in self._status())
        self._wait("the sendsms port", lambda: self._answers(self.sendsms_url))

    def stop_smsbox(self) -> None:
        """Stop smsbox: sendsms no longer answers (bearerbox keeps the SMSC link)."""
        self._end("smsbox")

    @contextmanager
    def down(self) -> Iterator[None]:
        """smsbox is stopped inside the block and running again after it."""
        self.stop_smsbox()
        try:
            yield
        finally:
            self.start_smsbox()

    def stop(self) -> None:
        """Stop every box (smsbox first) and remove the temporary folder."""
        for name in ("smsbox", "fakesmsc", "bearerbox"):
            self._end(name)
        shutil.rmtree(self.directory, ignore_errors=True)

    # --- what the operator received ------------------------------------------------------

    def received(self, to: str | None = None) -> list[Received]:
        """The messages fakesmsc has printed so far (only those to `to`), oldest first."""
        messages = []
        for line in self._log("fakesmsc").splitlines():
            match = RECEIVED.search(line)
            if match is None:
                continue
            sender, receiver, coding, data = match.groups()
            if coding == "ucs-2":
                data = unquote_to_bytes(data.replace("+", " ")).decode("utf-16-be")
            if to is None or receiver == to:
                messages.append(Received(sender, receiver, coding, data))
        return messages

    def wait_received(
        self, count: int, to: str | None = None, timeout: float = 5.0
    ) -> list[Received]:
        """`received(to)`, once it holds at least `count` messages (waits `timeout` s)."""
        deadline = time.monotonic() + timeout
        while len(messages := self.received(to)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"fakesmsc got {len(messages)} messages, not {count}")
            time.sleep(POLL_SECONDS)
        return messages

    # --- helpers -------------------------------------------------------------------------

    def _run(self, name: str, *command: str) -> None:
        with (self.directory / f"{name}.log").open("ab") as output:
            self._processes[name] = subprocess.Popen(
                command,
                cwd=self.directory,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, ended as one
            )

    def _end(self, name: str) -> None:
        """SIGTERM to the box's process group, SIGKILL if it lingers."""
        process = self._processes.pop(name, None)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if process is None or process.poll() is not None:
                return
            with suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with suppress(subprocess.TimeoutExpired):
                process.wait(STOP_SECONDS)

    def _log(self, name: str) -> str:
        path = self.directory / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _tail(self, name: str) -> str:
        """The last lines of a box's log, without a panic's backtrace."""
        lines = [line for line in self._log(name).splitlines() if "PANIC: /" not in line]
        return "\n".join(lines[-15:])

    def _status(self) -> str:
        url = f"http://127.0.0.1:{self.admin_port}/status.txt"
        try:
            return httpx.get(url, params={"password": self.admin_password}, timeout=1).text
        except httpx.HTTPError:
            return ""

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            httpx.get(url, timeout=1)  # no credentials: 403, but an answer
        except httpx.HTTPError:
            return False
        return True

    def _wait(self, what: str, ready: Callable[[], bool]) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not ready():
            dead = [name for name, p in self._processes.items() if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                tails = "\n".join(f"--- {name}.log\n{self._tail(name)}" for name in self._processes)
                problem = f"{', '.join(dead)} exited" if dead else f"{STARTUP_SECONDS:.0f} s"
                raise RuntimeError(f"Kannel: no {what} ({problem})\n{tails}")
            time.sleep(POLL_SECONDS)
