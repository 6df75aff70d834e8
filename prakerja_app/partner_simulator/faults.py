"""Failures on demand, set with ``POST /_sim/faults`` (a JSON object, every field optional):

- ``timeouts``: the next N API calls are carried out, then answered only after
  ``timeout_seconds`` (default 5), later than the client waits;
- ``server_errors``: the next N API calls answer 503 and change nothing;
- ``notification_delay``: seconds to wait before sending each notification;
- ``duplicate_notifications``: send every notification twice;
- ``out_of_order_notifications``: send each approval's notifications newest first.

Time-outs are used up before server errors. ``POST /_sim/reset`` clears them.
"""

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Fault(StrEnum):
    """What happens to one API call."""

    TIMEOUT = "timeout"
    SERVER_ERROR = "server_error"


@dataclass
class Faults:
    """The faults still to come."""

    timeouts: int = 0
    server_errors: int = 0
    timeout_seconds: float = 5.0
    notification_delay: float = 0.0
    duplicate_notifications: bool = False
    out_of_order_notifications: bool = False

    def update(self, changes: dict[str, Any]) -> None:
        """Apply a ``/_sim/faults`` body: all of it, or nothing.

        Raises:
            ValueError: an unknown field, or a value of the wrong kind or below zero.
        """
        checked = {}
        for name, value in changes.items():
            if name not in self.__dataclass_fields__:
                raise ValueError(f"unknown fault {name!r}")
            kind = type(getattr(self, name))
            if kind is bool and not isinstance(value, bool):
                raise ValueError(f"{name} is true or false")
            if kind is not bool and (
                isinstance(value, bool) or not isinstance(value, int | float) or value < 0
            ):
                raise ValueError(f"{name} is a number, zero or more")
            checked[name] = kind(value)
        for name, value in checked.items():
            setattr(self, name, value)

    def take(self) -> Fault | None:
        """The fault for the next API call, used up; None for a normal call."""
        if self.timeouts:
            self.timeouts -= 1
            return Fault.TIMEOUT
        if self.server_errors:
            self.server_errors -= 1
            return Fault.SERVER_ERROR
        return None

    def as_dict(self) -> dict[str, Any]:
        """The faults as ``GET /_sim/faults`` shows them."""
        return asdict(self)
