"""What every applicant-facing form does: find the applicant, call a service, show errors.

Used by the registration wizard's steps, the marketplace and the dashboard.
"""

import asyncio
import functools
import re
from collections.abc import Callable
from typing import Any

import reflex as rx

from prakerja_app.db import in_session
from prakerja_app.services.core import clock
from prakerja_app.services.core.errors import DomainError, FormErrors
from prakerja_app.services.messaging import outbox
from prakerja_app.state.auth import AuthState


class ServiceForm(rx.State, mixin=True):
    """Field errors and a form-level message, for a page's substate."""

    errors: dict[str, str] = {}
    message: str = ""

    async def _applicant_id(self) -> int:
        """The logged-in applicant's id, from the server-side session."""
        auth = await self.get_state(AuthState)
        return (await auth._require_applicant()).id

    async def _call(self, service: Callable, **kwargs) -> tuple[bool, Any]:
        """Call `service(db, user_id=..., **kwargs)` in a thread; show its refusal, if any.

        Email and SMS the service queued are sent right after it succeeds.

        Returns:
            (True, the service's result), or (False, None) after a refusal.
        """
        self.errors, self.message = {}, ""
        try:
            user_id = await self._applicant_id()
            result = await asyncio.to_thread(in_session, service, user_id=user_id, **kwargs)
        except FormErrors as error:
            self.errors = error.errors
            return False, None
        except DomainError as error:  # AccessDenied included
            if error.field:
                self.errors = {error.field: error.message}
            else:
                self.message = error.message
            return False, None
        await asyncio.to_thread(outbox.deliver_all_pending)
        return True, result

    async def _run(self, service: Callable, **kwargs) -> bool:
        """Like `_call`, when only success matters."""
        ok, _ = await self._call(service, **kwargs)
        return ok


def form_text(form: dict, limit: int = 400) -> dict[str, str]:
    """A submitted form as strings: ticked checkboxes become "on", anything else is cut.

    Anything but a dict (a forged call) reads as an empty form.
    """
    if not isinstance(form, dict):
        return {}
    return {
        str(key): "on" if value is True else str(value)[:limit] if _scalar(value) else ""
        for key, value in form.items()
    }


def _scalar(value) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def small_number(raw: str) -> int | None:
    """The value of 1-9 ASCII digits (an id or an option's index), else None."""
    return int(raw) if re.fullmatch(r"0|[1-9][0-9]{0,8}", raw) else None


def shows_refusals(handler):
    """Wrap a step's loading handler so a refusal is shown as its message, not raised."""

    @functools.wraps(handler)
    async def guarded(self, *args):
        try:
            return await handler(self, *args)
        except DomainError as error:
            self.errors, self.message = {}, error.message
            return None

    return guarded


def at_program_time(service: Callable) -> Callable:
    """The service, called with the program clock's time as `now` (deadlines, waves and
    payment dates are program dates; the demo's clock starts in September 2020)."""

    def call(db, **kwargs):
        return service(db, now=clock.current(db), **kwargs)

    return call
