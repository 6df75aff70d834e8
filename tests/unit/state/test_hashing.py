"""The hashing threads and the line to them."""

import asyncio
import os
import threading

import pytest

from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.errors import DomainError
from prakerja_app.state import hashing

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def test_work_runs_on_the_hashing_threads_not_the_default_pool():
    name = await hashing.run(lambda: threading.current_thread().name)
    default = await asyncio.to_thread(lambda: threading.current_thread().name)
    assert name.startswith(hashing.THREAD_NAME_PREFIX)
    assert not default.startswith(hashing.THREAD_NAME_PREFIX)


async def test_the_hashing_threads_give_the_cpu_to_everything_else_first():
    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert await hashing.run(niceness) == min(19, niceness() + hashing.NICENESS)


async def test_the_line_refuses_beyond_its_length_at_once_and_takes_callers_again(monkeypatch):
    monkeypatch.setenv("PRAKERJA_HASH_THREADS", "1")  # 2 turns
    monkeypatch.setenv("PRAKERJA_HASH_QUEUE", "3")
    two_inside, leave = asyncio.Event(), asyncio.Event()
    turns_taken: list[int] = []

    async def caller(n: int) -> None:
        async with hashing.turn():
            turns_taken.append(n)
            if len(turns_taken) == 2:
                two_inside.set()
            await leave.wait()

    callers = [asyncio.create_task(caller(n)) for n in range(3)]
    await two_inside.wait()  # two hold a turn; the third (started before) waits for one
    with pytest.raises(DomainError) as refused:
        async with hashing.turn():
            pass
    assert refused.value.code == AccountError.BUSY
    leave.set()
    await asyncio.gather(*callers)
    assert turns_taken == [0, 1, 2]
    async with hashing.turn():  # the line is empty again
        pass
