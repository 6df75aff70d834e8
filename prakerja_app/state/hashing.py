"""Password hashing for the page states: threads of its own, reached through a short line.

argon2 is slow on purpose (about 20 ms of CPU a hash). On asyncio's default pool, where
every handler's database work runs (`asyncio.to_thread`), a burst of 200 logins queued
ahead of everyone's queries. So hashes and checks run on `settings.hash_threads()` threads
of their own, at a lower CPU priority than everything else, and a caller first takes a
`turn`: a few hold one at a time (twice the threads, so the pool keeps working while
they are at the database), the others wait in line, and beyond `settings.hash_queue()`
in line a caller is refused at once, before it reads or writes anything. The pool is per
process (backend worker), the line per event loop.
"""

import asyncio
import os
import sys
import threading
import weakref
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import cache
from typing import TypeVar

from prakerja_app import settings
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.errors import DomainError

R = TypeVar("R")
THREAD_NAME_PREFIX = "prakerja-hash"
TURNS_PER_THREAD = 2  # a turn per thread hashing, one more per thread at the database
NICENESS = 10  # added to the hashing threads' nice value: they take the CPU left over


class _Line:
    """Who is in line for an event loop's turns (waiting or holding one), and the turns."""

    def __init__(self) -> None:
        self.inside = 0
        self.turns = asyncio.Semaphore(TURNS_PER_THREAD * settings.hash_threads())


_lines: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Line] = weakref.WeakKeyDictionary()


def _step_back() -> None:
    """Lower this thread's CPU priority (Linux keeps one per thread), so the event loop,
    the database work and the database server go first when the CPUs are busy."""
    if sys.platform == "linux":
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + NICENESS)


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(
        settings.hash_threads(), thread_name_prefix=THREAD_NAME_PREFIX, initializer=_step_back
    )


@asynccontextmanager
async def turn() -> AsyncIterator[None]:
    """Wait in line for a turn at the hashing threads; refused at once when the line is full.

    Raises:
        DomainError: ``busy`` when `settings.hash_queue()` callers are in line already.
    """
    loop = asyncio.get_running_loop()
    if loop not in _lines:
        _lines[loop] = _Line()
    line = _lines[loop]
    if line.inside >= settings.hash_queue():
        raise DomainError(AccountError.BUSY)
    line.inside += 1
    try:
        async with line.turns:
            yield
    finally:
        line.inside -= 1


async def run(fn: Callable[..., R], /, *args: object) -> R:
    """``fn(*args)`` (a password's hash or check) on the hashing threads, during a `turn`."""
    return await asyncio.get_running_loop().run_in_executor(_pool(), fn, *args)
