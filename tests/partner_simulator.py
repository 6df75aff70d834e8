"""The partner simulator as the tests run it: a separate process on a free port, and a
small server that receives its notifications.

    with PartnerSimulator() as simulator:
        partner = IrisPartner(simulator.settings)
        simulator.faults(timeouts=1)
"""

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from prakerja_app.settings import ROOT, PartnerSettings
from tests.servers import free_port

STARTUP_SECONDS = 15.0
POLL_SECONDS = 0.05
SETTINGS = PartnerSettings("", "test-creator-key", "test-approver-key", "test-notification-key")


class PartnerSimulator:
    """``python -m prakerja_app.partner_simulator`` with the test keys; a context manager."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = PartnerSettings(
            self.url, SETTINGS.creator_key, SETTINGS.approver_key, SETTINGS.notification_key
        )
        self._process: subprocess.Popen[bytes] | None = None
        self._client = httpx.Client(base_url=f"{self.url}/_sim", timeout=5)

    def __enter__(self) -> "PartnerSimulator":
        env = {name: value for name, value in os.environ.items() if name != "REFLEX_ENV_MODE"}
        env |= {
            "PRAKERJA_PARTNER_CREATOR_KEY": SETTINGS.creator_key,
            "PRAKERJA_PARTNER_APPROVER_KEY": SETTINGS.approver_key,
            "PRAKERJA_PARTNER_NOTIFICATION_KEY": SETTINGS.notification_key,
        }
        self._process = subprocess.Popen(
            [sys.executable, "-m", "prakerja_app.partner_simulator", "--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError("the partner simulator did not start")
            time.sleep(POLL_SECONDS)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        self._client.close()

    def _answers(self) -> bool:
        try:
            return self._client.get("/faults", timeout=1).is_success
        except httpx.HTTPError:
            return False

    def control(self, path: str, body: Any = None) -> Any:
        """POST (with a body) or GET a ``/_sim`` control; its JSON answer."""
        path = f"/{path}"
        response = self._client.get(path) if body is None else self._client.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        """No accounts, payouts, faults or callback."""
        self.control("reset", {})
        self.control("callback", {"url": None})

    def faults(self, **faults: Any) -> None:
        """Set faults (see prakerja_app/partner_simulator/faults.py)."""
        self.control("faults", faults)

    def payouts(self) -> list[dict]:
        """Every payout the simulator holds."""
        return self.control("payouts")


@dataclass(frozen=True)
class Received:
    """One notification as it arrived: its raw body and signature header."""

    body: bytes
    signature: str | None


class NotificationReceiver:
    """A local HTTP server keeping every POST it gets; a context manager."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._changed:
                    receiver.received.append(Received(body, self.headers.get("Iris-Signature")))
                    receiver._changed.notify_all()
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/iris/notifications"

    def __enter__(self) -> "NotificationReceiver":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The notifications, once at least `count` have arrived (fails after `timeout` s)."""
        return self.wait_until(lambda got: len(got) >= count, timeout)

    def wait_until(self, ready: Callable[[list[Received]], bool], timeout: float) -> list[Received]:
        """The notifications, once `ready` says so of them."""
        with self._changed:
            if not self._changed.wait_for(lambda: ready(self.received), timeout):
                raise AssertionError(f"got {len(self.received)} notifications: not ready")
            return list(self.received)
