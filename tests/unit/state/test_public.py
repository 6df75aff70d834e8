"""Public answers in a worker's memory: kept while fresh, then read again, read once
however many tabs ask at the same time, never kept when the read fails."""

import asyncio

import pytest

from prakerja_app.state.public import SharedAnswers
from tests.tabs import Clock


class Reader:
    """A read that counts how often it ran, answering with that count (or raising)."""

    def __init__(self, failing: int = 0) -> None:
        self.reads, self.failing = 0, failing
        self.open = asyncio.Event()
        self.open.set()

    async def __call__(self) -> int:
        self.reads += 1
        await self.open.wait()
        if self.reads <= self.failing:
            raise RuntimeError("the database did not answer")
        return self.reads


def test_an_answer_is_kept_while_fresh_then_read_again():
    clock, read = Clock(), Reader()
    answers = SharedAnswers(10, 8, clock)

    async def asks() -> list[int]:
        seen = [await answers.get("catalogue", read)]
        clock.now = 9.9
        seen.append(await answers.get("catalogue", read))
        clock.now = 10.0
        seen.append(await answers.get("catalogue", read))
        return seen

    assert asyncio.run(asks()) == [1, 1, 2]


def test_tabs_asking_during_a_read_wait_for_that_read():
    answers, read = SharedAnswers(10, 8, Clock()), Reader()
    read.open.clear()

    async def asks() -> list[int]:
        waiting = [asyncio.ensure_future(answers.get("landing", read)) for _ in range(5)]
        await asyncio.sleep(0)  # every tab has asked
        read.open.set()
        return list(await asyncio.gather(*waiting))

    assert asyncio.run(asks()) == [1] * 5
    assert read.reads == 1


def test_a_failed_read_is_not_kept():
    answers, read = SharedAnswers(10, 8, Clock()), Reader(failing=1)

    async def asks() -> int:
        with pytest.raises(RuntimeError):
            await answers.get("landing", read)
        return await answers.get("landing", read)

    assert asyncio.run(asks()) == 2


def test_a_tab_that_stops_waiting_leaves_the_read_to_the_others():
    answers, read = SharedAnswers(10, 8, Clock()), Reader()
    read.open.clear()

    async def asks() -> int:
        leaving = asyncio.ensure_future(answers.get("landing", read))
        staying = asyncio.ensure_future(answers.get("landing", read))
        await asyncio.sleep(0)
        leaving.cancel()  # a newer page load superseded this one
        read.open.set()
        return await staying

    assert asyncio.run(asks()) == 1
    assert read.reads == 1


def test_the_answers_asked_for_least_recently_go_first():
    answers, read = SharedAnswers(10, 2, Clock()), Reader()

    async def asks() -> list[int]:
        for key in ("page 1", "page 2", "page 1", "page 3"):
            await answers.get(key, read)
        return [await answers.get(key, read) for key in ("page 1", "page 2")]

    assert asyncio.run(asks()) == [1, 4]  # page 2 was dropped for page 3, and read again
