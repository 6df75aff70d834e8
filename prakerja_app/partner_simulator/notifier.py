"""Sends the signed status notifications, one at a time, from a background task."""

import asyncio
import json
import logging
from typing import Any

import httpx

from prakerja_app.services.money.partner.notifications import SIGNATURE_HEADER, signature

log = logging.getLogger(__name__)
ATTEMPTS = 3
RETRY_SECONDS = 0.5


class Notifier:
    """A queue of notifications and the task that POSTs them to the callback URL."""

    def __init__(self, key: str, callback_url: str | None) -> None:
        self.key = key
        self.callback_url = callback_url
        self.delay = 0.0
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def send(self, payloads: list[dict[str, Any]]) -> None:
        """Queue notifications, to go in this order (dropped while no callback is set)."""
        if self.callback_url:
            for payload in payloads:
                self._queue.put_nowait(payload)

    def clear(self) -> None:
        """Forget the notifications not sent yet."""
        while not self._queue.empty():
            self._queue.get_nowait()

    async def run(self) -> None:
        """Send queued notifications until cancelled."""
        async with httpx.AsyncClient(timeout=5.0) as client:
            while True:
                payload = await self._queue.get()
                if self.delay:
                    await asyncio.sleep(self.delay)
                await self._deliver(client, payload)

    async def _deliver(self, client: httpx.AsyncClient, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature(body, self.key)}
        for attempt in range(ATTEMPTS):
            url = self.callback_url
            if not url:
                return
            try:
                response = await client.post(url, content=body, headers=headers)
                if response.is_success:
                    return
                problem = f"HTTP {response.status_code}"
            except httpx.HTTPError as error:
                problem = f"{type(error).__name__}: {error}"
            log.warning("notification %s (attempt %d): %s", payload, attempt + 1, problem)
            await asyncio.sleep(RETRY_SECONDS)
