"""The Reflex app: importing the pages registers them; importing the models lets `reflex db`
see every table (they share SQLModel's metadata). In front of Reflex's own backend sit the
HTTP API (`api.create_app`: the providers' signed API and the session cookie) and the
guards (`api.guards`): the session on the websocket, the uploads, the security headers.
"""

import logging
import time

import reflex as rx

from prakerja_app import api, models, pages, settings  # noqa: F401  (imported for their registrations)
from prakerja_app.api import guards, session
from prakerja_app.db import open_session
from prakerja_app.models import utc_now
from prakerja_app.pages.register.personal_step import upload_handlers
from prakerja_app.state.auth import SessionBinding

if settings.is_production():
    settings.secret_key()  # refuses to start without PRAKERJA_SECRET_KEY

logger = logging.getLogger(__name__)
FRONTEND_ERRORS_PER_MINUTE = 30
_frontend_errors: list[float] = []


def log_frontend_exception(exception: Exception) -> None:
    """Log a browser's error report on one line, cut short, at most a few a minute: the
    report comes from the browser, so it may be anything, sent as often as it likes."""
    now = time.monotonic()
    _frontend_errors[:] = [t for t in _frontend_errors if now - t < 60]
    if len(_frontend_errors) >= FRONTEND_ERRORS_PER_MINUTE:
        return
    _frontend_errors.append(now)
    logger.warning("frontend error: %r", str(exception)[:300])


app = rx.App(
    html_lang="id",
    stylesheets=["/styles.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0b4f8a")],
    frontend_exception_handler=log_frontend_exception,
    api_transformer=[
        api.create_app(),
        guards.upload_guard(upload_handlers, session.upload_ticket_checker(open_session, utc_now)),
        guards.session_handshake,
        guards.security_headers(lambda: rx.config.get_config().api_url),
    ],
)
app.add_middleware(SessionBinding())
