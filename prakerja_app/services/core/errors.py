"""Domain errors carry a stable code for programs and an Indonesian message for people."""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class DomainError(Exception):
    """A rule of the program refused the request; nothing was changed.

    Attributes:
        code: a stable machine-readable reason, e.g. ``"nik_length"``.
        message: the sentence shown to the user, in Bahasa Indonesia.
        field: the form field the message belongs next to, if any.
    """

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class AccessDenied(DomainError):
    """The caller is not logged in, or lacks the role or ownership the action needs."""

    def __init__(self, message: str = "Anda tidak berhak membuka halaman ini.") -> None:
        super().__init__("access_denied", message)


class FormErrors(DomainError):
    """Several fields of one form are wrong; each message belongs next to its field.

    Attributes:
        errors: field name -> Indonesian message.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("form_invalid", "Periksa kembali isian yang ditandai.")
        self.errors = errors


def collect(errors: dict[str, str], field: str, check: Callable[[], T]) -> T | None:
    """Run one field's check; on a DomainError note its message under `field`, return None."""
    try:
        return check()
    except DomainError as error:
        errors[field] = error.message
        return None
