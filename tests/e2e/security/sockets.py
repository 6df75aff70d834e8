"""A websocket to the running backend as a script opens it, not a browser: any client
token, any Origin, any headers, any event. What an attacker holds, and nothing more."""

import os
import queue
import uuid
from collections.abc import Callable
from typing import Any

import socketio
from reflex.config import get_config

Update = dict[str, Any]
NAMESPACE = "/_event"  # Reflex's socket.io path, and the namespace its page connects to


def own_origin() -> str:
    """The origin of the app's pages (the harness fixes it before the app loads)."""
    return os.environ["PRAKERJA_PUBLIC_URL"]


class RawTab:
    """A socket.io client on the backend's event endpoint, linked to `token`, sending
    `origin` as its Origin (by default the app's own; "" sends none)."""

    def __init__(
        self, *, token: str | None = None, origin: str | None = None, **headers: str
    ) -> None:
        self.token = token or str(uuid.uuid4())
        self.updates: queue.Queue[Update] = queue.Queue()
        origin = own_origin() if origin is None else origin
        self.client = socketio.Client(
            reconnection=False,
            websocket_extra_options={"origin": origin} if origin else {"suppress_origin": True},
        )
        self.client.on("event", self.updates.put, namespace=NAMESPACE)
        self.client.connect(
            f"{get_config().api_url}?token={self.token}",
            namespaces=[NAMESPACE],
            socketio_path=NAMESPACE,
            transports=["websocket"],
            headers=headers,
            wait_timeout=15,
        )

    def send(self, state_cls, handler: str, path: str = "/", **payload: Any) -> None:
        """Emit one event, as the page's JavaScript would."""
        event = {
            "name": f"{state_cls.get_full_name()}.{handler}",
            "payload": payload,
            "router_data": {"pathname": path, "query": {}},
        }
        self.client.emit("event", event, namespace=NAMESPACE)

    def until(self, found: Callable[[Update], bool], timeout: float = 15) -> list[Update]:
        """Every update received until one satisfies `found` (queue.Empty if none comes)."""
        seen = []
        while True:
            try:
                seen.append(self.updates.get(timeout=timeout))
            except queue.Empty:
                raise AssertionError(f"no such update among {seen}") from None
            if found(seen[-1]):
                return seen

    def close(self) -> None:
        """Disconnect."""
        self.client.disconnect()

    def __enter__(self) -> "RawTab":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def delta_of(update: Update, state_cls) -> dict[str, Any]:
    """What an update says about one state (empty when nothing)."""
    return update.get("delta", {}).get(state_cls.get_full_name(), {})
