"""Shared fixtures for driving Reflex states without a browser."""

import pytest
from reflex.state import State

import prakerja_app.db
import prakerja_app.prakerja_app  # registers every state


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def states(engine, monkeypatch):
    """A fresh state tree whose handlers use the test database: `states(SomeState)`."""
    monkeypatch.setattr(prakerja_app.db, "get_engine", lambda: engine)
    root = State(_reflex_internal_init=True)

    def get(state_cls):
        return root.get_substate(state_cls.get_full_name().split("."))

    return get
