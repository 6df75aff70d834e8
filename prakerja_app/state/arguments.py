"""Every event's arguments must fit its handler before the handler runs.

A browser can send any event name with any payload. Reflex would call the handler with
whatever arrived (``fn(state, **payload)``): a missing argument or an unknown one raises
TypeError, a string where a form dict belongs raises later. `ArgumentCheck` drops such
events for this app's handlers, by the handler's own signature: the names must match,
and each value must have its annotated type (``dict`` for a form, ``str``, ``int``,
``list[rx.UploadFile]`` only as Reflex's upload endpoint builds it). What a form holds is
the handler's to check (`state.forms.form_text`) and the services'.

``setvar`` (Reflex's generic setter, which every state has) is refused outright: no page
uses it, so it is only a way in.
"""

import inspect
import logging
import typing
from typing import Any

from reflex.middleware import Middleware
from reflex.state import StateUpdate
from reflex_base.event import EventHandler
from reflex_base.registry import RegistrationContext

logger = logging.getLogger(__name__)
OUR_STATES = "prakerja_app"


def _fits(value: Any, hint: Any) -> bool:
    """Whether a received value has the annotated type (the hints our handlers use)."""
    if hint is Any:
        return True
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(_fits(v, item) for v in value)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(hint, type) and isinstance(value, hint)


def arguments_fit(handler: EventHandler, payload: Any) -> bool:
    """Whether `payload` names exactly the handler's parameters, each of its type."""
    if not isinstance(payload, dict):
        return False
    parameters = list(inspect.signature(handler.fn).parameters.values())[1:]  # self
    hints = typing.get_type_hints(handler.fn)
    required = {p.name for p in parameters if p.default is inspect.Parameter.empty}
    if not required <= payload.keys() <= {p.name for p in parameters}:
        return False
    return all(_fits(value, hints.get(name, Any)) for name, value in payload.items())


def is_ours(handler: EventHandler) -> bool:
    """Whether the handler belongs to one of this app's states."""
    return handler.state is not None and handler.state.__module__.startswith(OUR_STATES)


class ArgumentCheck(Middleware):
    """Drops an event for one of our handlers when its arguments do not fit."""

    async def preprocess(self, app, state, event):
        """Let the event through (None), or end it here with an empty update."""
        handler = RegistrationContext.get().event_handlers[event.name].handler
        if not is_ours(handler):
            return None
        if handler.fn.__name__ != "setvar" and arguments_fit(handler, event.payload):
            return None
        # The name is a registered handler's (Reflex checked), so it is safe to log.
        logger.warning("event refused, its arguments do not fit: %s", event.name)
        return StateUpdate()
