"""A per-browser "wait N seconds" counter, ticking on the server, for resend buttons."""

import asyncio

import reflex as rx

PURPOSES = ("email", "sms")


class ResendCountdown(rx.State):
    """Seconds until a code or link may be sent again, per purpose ("email", "sms")."""

    waits: dict[str, int] = {}
    _ticking: dict[str, bool] = {}

    def _start(self, purpose: str, seconds: int):
        """Begin counting down (call inside the state's lock); return the ticking event."""
        self.waits[purpose] = max(0, int(seconds))
        return ResendCountdown.tick(purpose) if seconds > 0 else None

    @rx.event(background=True)
    async def tick(self, purpose: str):
        """Count down one second at a time until zero (one counter per purpose)."""
        async with self:
            if purpose not in PURPOSES or self._ticking.get(purpose):
                return
            self._ticking[purpose] = True
        left = 1
        while left > 0:
            await asyncio.sleep(1)
            async with self:
                left = self.waits.get(purpose, 0) - 1
                self.waits[purpose] = max(left, 0)
                if left <= 0:
                    self._ticking[purpose] = False


def wait_of(purpose: str):
    """The seconds left for `purpose`, as a var for the page."""
    return ResendCountdown.waits.get(purpose, 0)
