"""What every logged-in wizard step does: find the applicant, call a service, show errors."""

import asyncio
import functools
import re
from collections.abc import Callable

import reflex as rx

from prakerja_app.db import in_session
from prakerja_app.services import messaging
from prakerja_app.services.errors import AccessDenied, DomainError, FormErrors
from prakerja_app.state.auth import AuthState


class StepForm(rx.State, mixin=True):
    """Field errors and a form-level message, for a step's substate."""

    errors: dict[str, str] = {}
    message: str = ""

    async def _applicant_id(self) -> int:
        """The logged-in applicant's id, from the server-side session."""
        auth = await self.get_state(AuthState)
        return (await auth.require_applicant()).id

    async def _run(self, service: Callable, **kwargs) -> bool:
        """Call `service(db, user_id=..., **kwargs)` in a thread; show its refusal, if any.

        Email and SMS the service queued are sent right after it succeeds.

        Returns:
            True when the service succeeded.
        """
        self.errors, self.message = {}, ""
        try:
            user_id = await self._applicant_id()
            await asyncio.to_thread(in_session, service, user_id=user_id, **kwargs)
        except FormErrors as error:
            self.errors = error.errors
            return False
        except AccessDenied as error:
            self.message = error.message
            return False
        except DomainError as error:
            if error.field:
                self.errors = {error.field: error.message}
            else:
                self.message = error.message
            return False
        await asyncio.to_thread(messaging.deliver_all_pending)
        return True


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
