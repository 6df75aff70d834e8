"""What every visitor sees alike, kept in each backend worker's memory for a few seconds.

The catalogue, the platforms and the landing page's figures are public, change rarely,
and on a wave's first day are asked for by thousands of tabs a second. Each worker keeps
what it read for `FRESH_FOR` seconds and reads it again at the first ask after that;
asks that arrive during that read wait for it instead of reading too. So a change (a
platform withdrawn, a training edited, a review counted), made through any worker or
straight in the database, shows on every worker within `FRESH_FOR` seconds, without the
workers, which share only the database, telling each other anything. At most `SIZE`
answers are kept: the least recently asked for go first.

Every tab of the worker gets the same answer objects, so they are read-only: frozen
dataclasses in lists that no handler changes in place. A worker runs one event loop, and
the answers are asked for from it.
"""

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

R = TypeVar("R")

FRESH_FOR = 10.0  # seconds
SIZE = 1024


class SharedAnswers:
    """Answers by key, each fresh for `fresh_for` seconds of `clock`."""

    def __init__(
        self, fresh_for: float, size: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.fresh_for, self.size, self.clock = fresh_for, size, clock
        self._answers: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._reading: dict[Hashable, asyncio.Task] = {}

    async def get(self, key: Hashable, read: Callable[[], Awaitable[R]]) -> R:
        """The fresh answer for `key`, or what ``await read()`` answers now (kept)."""
        kept = self._answers.get(key)
        if kept is not None and self.clock() < kept[0]:
            self._answers.move_to_end(key)
            return kept[1]
        task = self._reading.get(key)
        if task is None:
            task = self._reading[key] = asyncio.ensure_future(self._read(key, read))
        # Shielded: a waiter cancelled (a superseded page load) leaves the read to the rest.
        return await asyncio.shield(task)

    async def _read(self, key: Hashable, read: Callable[[], Awaitable[R]]) -> R:
        try:
            answer = await read()
        finally:
            del self._reading[key]
        self._answers[key] = (self.clock() + self.fresh_for, answer)
        self._answers.move_to_end(key)
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)
        return answer

    def clear(self) -> None:
        """Forget every answer."""
        self._answers.clear()


PUBLIC = SharedAnswers(FRESH_FOR, SIZE)


async def public(run: Callable[..., Awaitable[R]], view: Callable[..., Any], /, *args: Any) -> R:
    """``await run(view, *args)``, with `run` `forms.call` or `forms.query`, for a public
    read model (the same for every visitor): this worker's answer while it is fresh."""
    return await PUBLIC.get((view, args), lambda: run(view, *args))
