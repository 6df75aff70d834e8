"""What the server logs, and what the tab sees, when something goes wrong.

Both handlers are the app's (``rx.App(frontend_exception_handler=...,
backend_exception_handler=...)``). Whatever a browser sends may end up in an exception's
message, so a message is logged quoted, on one line, cut short: nobody can write a
fake log line through it. The traceback's frames come from our code and are kept.
"""

import logging
import time
import traceback

import reflex as rx
from reflex.event import EventSpec

logger = logging.getLogger(__name__)
FRONTEND_ERRORS_PER_MINUTE = 30
MESSAGE_CHARS = 300
UNEXPECTED = "Terjadi kesalahan di server. Muat ulang halaman, lalu coba lagi."
_frontend_errors: list[float] = []


def _quoted(exception: BaseException) -> str:
    return repr(str(exception)[:MESSAGE_CHARS])


def log_frontend_exception(exception: Exception) -> None:
    """Log a browser's error report on one line, at most a few a minute: the report
    comes from the browser, so it may be anything, sent as often as it likes."""
    now = time.monotonic()
    _frontend_errors[:] = [t for t in _frontend_errors if now - t < 60]
    if len(_frontend_errors) >= FRONTEND_ERRORS_PER_MINUTE:
        return
    _frontend_errors.append(now)
    logger.warning("frontend error: %s", _quoted(exception))


def unexpected_error(exception: Exception) -> EventSpec:
    """Log a handler's unexpected exception (its frames, its message quoted) and tell
    the tab, in words an applicant understands, without any detail."""
    frames = "".join(traceback.format_tb(exception.__traceback__))
    logger.error("unexpected %s: %s\n%s", type(exception).__name__, _quoted(exception), frames)
    return rx.toast(UNEXPECTED, level="error", fallback_to_alert=True, position="top-center")
