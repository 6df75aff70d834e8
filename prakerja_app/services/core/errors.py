"""Refusals: a service raises a `DomainError` with a stable code, never a sentence.

Each area names its codes in one enum (`AccountError`, `RegistrationError`, ...), in its
own ``errors`` module. The code says what went wrong, ``field`` where the person should
look, and ``details`` the numbers or dates the explanation needs (the seconds to wait,
the balance left). The sentence a person reads is made from these in
`prakerja_app.services.views.messages`, the one table of refusal texts.
"""

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

T = TypeVar("T")


class CoreError(StrEnum):
    """Refusals shared by every area."""

    FORM_INVALID = "form_invalid"
    LOGIN_REQUIRED = "login_required"
    ACCESS_DENIED = "access_denied"
    INVALID_REQUEST = "invalid_request"
    PHONE_REQUIRED = "phone_required"
    PHONE_INVALID = "phone_invalid"
    RATE_LIMITED = "rate_limited"  # details: scope, minutes


class DomainError(Exception):
    """A rule of the program refused the request; nothing was changed.

    Attributes:
        code: the area's error code, e.g. ``RegistrationError.NIK_LENGTH``.
        field: the form field the explanation belongs next to, if any.
        details: the facts the explanation needs, e.g. ``{"seconds": 23}``.
    """

    def __init__(self, code: StrEnum, field: str | None = None, **details: Any) -> None:
        super().__init__(str(code))
        self.code = code
        self.field = field
        self.details = details

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!s}, field={self.field!r}, {self.details!r})"


class AccessDenied(DomainError):
    """The caller is not logged in, or lacks the role or ownership the action needs."""

    def __init__(self, code: StrEnum = CoreError.ACCESS_DENIED) -> None:
        super().__init__(code)


class FormErrors(DomainError):
    """Several fields of one form are wrong; each refusal belongs next to its field.

    Attributes:
        errors: field name -> that field's refusal.
    """

    def __init__(self, errors: dict[str, DomainError]) -> None:
        super().__init__(CoreError.FORM_INVALID)
        self.errors = errors


def collect(errors: dict[str, DomainError], field: str, check: Callable[[], T]) -> T | None:
    """Run one field's check; on a DomainError keep it under `field` and return None."""
    try:
        return check()
    except DomainError as error:
        errors[field] = error
        return None


def refuse_fields(**errors: DomainError) -> FormErrors:
    """A FormErrors from field=refusal pairs, each refusal tied to its field."""
    for field, error in errors.items():
        error.field = field
    return FormErrors(errors)
