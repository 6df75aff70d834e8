"""Domain errors carry a stable code for programs and an Indonesian message for people."""


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
