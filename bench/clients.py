"""Many browser tabs on a running Reflex backend, without a browser.

`running_backend` starts the production backend (granian, no frontend) with a bare page
beside the app's: its on_load handlers only count (`BareState`), the reference the
benchmarks measure the app's events against. Each `Tab` is one websocket to the
backend's event endpoint, speaking socket.io (engine.io 4) as the page's JavaScript does,
with asyncio and wsproto (the websocket library Reflex's server already brings). `drive`
runs tabs side by side, each sending its next event when the previous one is answered,
and times every event from sending it to the update that ends it.
"""

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import reflex as rx
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Ping, Request, TextMessage

ROOT = Path(__file__).resolve().parents[1]
BARE_PAGE = "/bench-bare"
NAMESPACE = "/_event"  # Reflex's socket.io path, and the namespace its page connects to
Update = dict[str, Any]


class Tab:
    """A websocket to the backend linked to a fresh client token, sending `origin`."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer
        self._ws = WSConnection(ConnectionType.CLIENT)
        self._texts: list[str] = []
        self._partial = ""

    @classmethod
    async def open(cls, host: str, port: int, origin: str) -> "Tab":
        """Connect and join Reflex's namespace."""
        tab = cls(*await asyncio.open_connection(host, port))
        target = f"{NAMESPACE}/?EIO=4&transport=websocket&token={uuid.uuid4()}"
        headers = [(b"origin", origin.encode())]
        tab._write(Request(host=f"{host}:{port}", target=target, extra_headers=headers))
        await tab._receive(lambda text: text.startswith("0"))  # engine.io's open packet
        tab._write(TextMessage(f"40{NAMESPACE},"))
        await tab._receive(lambda text: text.startswith(f"40{NAMESPACE},"))
        return tab

    def _write(self, event: Any) -> None:
        self._writer.write(self._ws.send(event))

    async def _receive(self, wanted: Callable[[str], bool]) -> str:
        """Read until a text message satisfies `wanted`; answer pings on the way."""
        while True:
            while self._texts:
                text = self._texts.pop(0)
                if text == "2":  # engine.io ping
                    self._write(TextMessage("3"))
                elif wanted(text):
                    return text
            data = await self._reader.read(65536)
            if not data:
                raise ConnectionError("the backend closed the websocket")
            self._ws.receive_data(data)
            for event in self._ws.events():
                if isinstance(event, TextMessage):
                    self._partial += event.data
                    if event.message_finished:
                        self._texts.append(self._partial)
                        self._partial = ""
                elif isinstance(event, Ping):
                    self._write(event.response())
                elif not isinstance(event, AcceptConnection):
                    raise ConnectionError(f"unexpected {event!r}")

    async def send(
        self, name: str, payload: dict, path: str, done: Callable[[Update], bool]
    ) -> float:
        """Send the event `name` from the page at `path` ("/pelatihan?page=2"); return
        the seconds until an update satisfies `done`."""
        route, _, query = path.partition("?")
        params = dict(pair.split("=", 1) for pair in query.split("&") if pair)
        event = {
            "name": name,
            "payload": payload,
            "router_data": {"pathname": route, "asPath": path, "query": params},
        }
        prefix = f"42{NAMESPACE},"
        started = time.perf_counter()
        self._write(TextMessage(prefix + json.dumps(["event", event])))
        while True:
            text = await self._receive(lambda text: text.startswith(prefix))
            kind, update = json.loads(text[len(prefix) :])
            if kind == "event" and done(update):
                return time.perf_counter() - started

    async def close(self) -> None:
        """Close the connection."""
        self._writer.close()
        await self._writer.wait_closed()


@dataclass(frozen=True)
class Run:
    """The seconds each event took, and the events answered a second over the run."""

    seconds: list[float]
    rate: float


async def drive(
    host: str,
    port: int,
    origin: str,
    clients: int,
    events: int,
    send: Callable[[Tab, int, int], Awaitable[float]],
) -> Run:
    """Open `clients` tabs, then let each call ``send(tab, client, n)`` `events` times
    in a row, all tabs at once."""
    tabs = await asyncio.gather(*(Tab.open(host, port, origin) for _ in range(clients)))
    seconds: list[float] = []

    async def one(tab: Tab, client: int) -> None:
        seconds.extend([await send(tab, client, n) for n in range(events)])

    started = time.perf_counter()
    await asyncio.gather(*(one(tab, client) for client, tab in enumerate(tabs)))
    elapsed = time.perf_counter() - started
    await asyncio.gather(*(tab.close() for tab in tabs))
    return Run(seconds, len(seconds) / elapsed)


# --- the backend ---------------------------------------------------------------------------


class BareState(rx.State):
    """The reference: a handler that only counts (so that its answer carries a delta)."""

    count: int = 0

    @rx.event
    def ping(self) -> None:
        """Count."""
        self.count += 1


def backend():
    """The app's ASGI application plus a page whose two on_load handlers are the bare one,
    as the landing page has two (granian's factory: ``--factory bench.clients:backend``)."""
    from prakerja_app.prakerja_app import app

    on_load = [BareState.ping, BareState.ping]
    app.add_page(lambda: rx.fragment(), route=BARE_PAGE, on_load=on_load)
    return app()


@contextmanager
def running_backend(port: int) -> Iterator[None]:
    """The production backend (no frontend, one worker) under granian, until the block
    ends."""
    process = subprocess.Popen(
        [
            sys.executable,
            *("-m", "granian", "--interface", "asgi", "--factory"),
            *("--host", "127.0.0.1", "--port", str(port), "--workers", "1"),
            "bench.clients:backend",
        ],
        cwd=ROOT,
        env={**os.environ, "REFLEX_ENV_MODE": "prod", "REFLEX_SKIP_COMPILE": "true"},
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/ping").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the backend did not start")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(30)
