"""The page states' fixtures: a tab's state tree on the test database (`tests.tabs`), and
a full line to the hashing threads."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from prakerja_app.state import hashing
from tests.tabs import *  # noqa: F403  (pytest finds the fixtures here)


@asynccontextmanager
async def _someone_in_line() -> AsyncIterator[None]:
    inside, leave = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with hashing.turn():
            inside.set()
            await leave.wait()

    holder = asyncio.create_task(hold())
    await inside.wait()
    try:
        yield
    finally:
        leave.set()
        await holder


@pytest.fixture
def full_hashing_line(monkeypatch):
    """``async with full_hashing_line():`` the line to the hashing threads holds one
    caller, and someone else is that caller until the block ends."""
    monkeypatch.setenv("PRAKERJA_HASH_QUEUE", "1")
    return _someone_in_line
