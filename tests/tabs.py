"""A browser tab without a browser: its Reflex state tree, on the test database, and what
its websocket handshake carries. Fixtures for tests that drive page states directly."""

import inspect
import uuid
from typing import Any

import pytest
import reflex as rx
from reflex.istate.data import HeaderData, SessionData
from reflex.state import State
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from reflex_base.registry import RegistrationContext

import prakerja_app.db
from prakerja_app.api.guards import SESSION_SCHEME
from prakerja_app.prakerja_app import app  # registers every state
from prakerja_app.services.accounts.tokens import token_hash
from prakerja_app.state.public import PUBLIC


@pytest.fixture
def anyio_backend():
    return "asyncio"


DROPPED = "dropped by the app's middleware"


class LockedState:
    """What `async with self` needs in a background handler: the state, already locked.

    Reflex hands background handlers a StateProxy that needs the running app's state
    manager; this stand-in delegates to the plain state instead.
    """

    def __init__(self, state: rx.State) -> None:
        object.__setattr__(self, "_state", state)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc) -> None:
        return None

    def __getattr__(self, name: str):
        return getattr(self._state, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._state, name, value)


async def _drained(result: Any) -> list:
    """Everything a handler returned or yielded."""
    if inspect.isawaitable(result):
        result = await result
    if inspect.isasyncgen(result):
        return [event async for event in result]
    if inspect.isgenerator(result):
        return list(result)
    return [result]


class Tab:
    """A browser tab's state tree: ``tab(SomeState)`` is a substate; `connect` sets what
    the tab's websocket handshake carries, as `api.guards.session_handshake` passes it."""

    def __init__(self) -> None:
        self.root = State(_reflex_internal_init=True)
        self.over(uuid.uuid4().hex)

    def over(self, connection: str) -> None:
        """Send the next events over this websocket connection (socket.io's session id)."""
        self.root.rx_router_session = SessionData(client_token="tab", session_id=connection)

    def __call__(self, state_cls):
        return self.root.get_substate(state_cls.get_full_name().split("."))

    def connect(self, session_token: str | None = None, **headers: str) -> None:
        """Reconnect with this session cookie (None: none) and these other headers."""
        if session_token is not None:
            headers["authorization"] = f"{SESSION_SCHEME} {token_hash(session_token)}"
        self.root.rx_router_headers = HeaderData.from_router_data({"headers": headers})

    async def send(self, name: str, payload: Any) -> list | str:
        """Send the event `name` (a handler's full name) as a browser would: through the
        app's middleware, then to the handler with Reflex's argument conversion.

        Returns:
            What the handler returned or yielded, or DROPPED.
        """
        registered = RegistrationContext.get().event_handlers[name]
        event = Event(name=name, payload=payload)
        if await app._preprocess(self.root, event) is not None:
            return DROPPED
        handler = registered.handler
        state = self(registered.states[0])
        target = LockedState(state) if handler.is_background else state
        return await _drained(handler.fn(target, **_prepare_event_payload(handler, payload)))


class Clock:
    """A clock that moves only when the test moves it, for the answers a worker keeps
    (`state.public.SharedAnswers`)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def states(engine, monkeypatch) -> Tab:
    """A fresh tab whose handlers use the test database, with no public answers kept
    from an earlier test (`state.public`): `states(SomeState)`."""
    monkeypatch.setattr(prakerja_app.db, "get_engine", lambda: engine)
    PUBLIC.clear()
    return Tab()
