"""How a page's state calls the program's services, and shows what they refuse.

One policy for time: a service that takes ``now`` gets the program clock's time, always
through `call` (the demo's clock starts in September 2020; in production it is the real
time). Read models without ``now`` go through `query`. Both run in a worker thread on a
session of their own, so the event loop never waits for the database.
"""

import asyncio
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from prakerja_app.db import open_session
from prakerja_app.jobs import nudge_delivery
from prakerja_app.services.core import clock
from prakerja_app.services.core.errors import DomainError, FormErrors
from prakerja_app.services.views import messages
from prakerja_app.state.auth import AuthState

R = TypeVar("R")


def _at_program_time(service: Callable[..., R], kwargs: dict[str, Any]) -> R:
    with open_session() as db:
        return service(db, now=clock.current(db), **kwargs)


def _in_session(view: Callable[..., R], args: tuple, kwargs: dict[str, Any]) -> R:
    with open_session() as db:
        return view(db, *args, **kwargs)


async def call(service: Callable[..., R], /, **kwargs: Any) -> R:
    """Run ``service(db, now=<program time>, **kwargs)`` off the event loop."""
    return await asyncio.to_thread(_at_program_time, service, kwargs)


async def query(view: Callable[..., R], /, *args: Any, **kwargs: Any) -> R:
    """Run ``view(db, *args, **kwargs)`` (a read without ``now``) off the event loop."""
    return await asyncio.to_thread(_in_session, view, args, kwargs)


class ServiceForm(rx.State, mixin=True):
    """Field errors and a form-level message, for a page's substate."""

    errors: dict[str, str] = {}
    message: str = ""

    async def _applicant_id(self) -> int:
        """The logged-in applicant's id, from the server-side session."""
        auth = await self.get_state(AuthState)
        return (await auth._require_applicant()).id

    def _show_refusal(self, error: DomainError) -> None:
        """Show a refusal next to its field, or above the form."""
        if isinstance(error, FormErrors):
            self.errors = messages.field_texts(error)
        elif error.field:
            self.errors = {error.field: messages.text(error)}
        else:
            self.message = messages.text(error)

    async def _call(self, service: Callable, **kwargs) -> tuple[bool, Any]:
        """`call` the service for the logged-in applicant (``user_id``); show a refusal.

        The job workers are nudged to send the email and SMS the service queued.

        Returns:
            (True, the service's result), or (False, None) after a refusal.
        """
        self.errors, self.message = {}, ""
        try:
            user_id = await self._applicant_id()
            result = await call(service, user_id=user_id, **kwargs)
        except DomainError as error:  # AccessDenied and FormErrors included
            self._show_refusal(error)
            return False, None
        nudge_delivery()
        return True, result

    async def _run(self, service: Callable, **kwargs) -> bool:
        """Like `_call`, when only success matters."""
        ok, _ = await self._call(service, **kwargs)
        return ok


def form_text(form: dict, limit: int = 400) -> dict[str, str]:
    """A submitted form as strings, each cut at `limit`: a ticked checkbox reads "on",
    and anything a browser's form cannot send (numbers, lists, objects) reads as empty.

    Anything but a dict (a forged call) reads as an empty form.
    """
    if not isinstance(form, dict):
        return {}
    return {
        str(key): "on" if value is True else value[:limit] if isinstance(value, str) else ""
        for key, value in form.items()
    }


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
            self.errors, self.message = {}, messages.text(error)
            return None

    return guarded
