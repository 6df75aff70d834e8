"""A browser tab without a browser: its Reflex state tree, on the test database, and what
its websocket handshake carries. Fixtures for tests that drive page states directly."""

import pytest
from reflex.istate.data import HeaderData
from reflex.state import State

import prakerja_app.db
import prakerja_app.prakerja_app  # registers every state
from prakerja_app.api.guards import SESSION_SCHEME
from prakerja_app.services.accounts.tokens import token_hash


@pytest.fixture
def anyio_backend():
    return "asyncio"


class Tab:
    """A browser tab's state tree: ``tab(SomeState)`` is a substate; `connect` sets what
    the tab's websocket handshake carries, as `api.guards.session_handshake` passes it."""

    def __init__(self) -> None:
        self.root = State(_reflex_internal_init=True)

    def __call__(self, state_cls):
        return self.root.get_substate(state_cls.get_full_name().split("."))

    def connect(self, session_token: str | None = None, **headers: str) -> None:
        """Reconnect with this session cookie (None: none) and these other headers."""
        if session_token is not None:
            headers["authorization"] = f"{SESSION_SCHEME} {token_hash(session_token)}"
        self.root.rx_router_headers = HeaderData.from_router_data({"headers": headers})


@pytest.fixture
def states(engine, monkeypatch) -> Tab:
    """A fresh tab whose handlers use the test database: `states(SomeState)`."""
    monkeypatch.setattr(prakerja_app.db, "get_engine", lambda: engine)
    return Tab()
