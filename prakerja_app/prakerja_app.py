"""The Reflex app: importing the pages registers them; importing the models lets `reflex db`
see every table (they share SQLModel's metadata). In front of Reflex's own backend sit the
HTTP API (`api.create_app`: the providers' signed API and the session cookie) and the
guards (`api.guards`): the session on the websocket, the uploads, the security headers.
"""

import logging
import os

import reflex as rx

from prakerja_app import api, models, pages, settings  # noqa: F401  (imported for their registrations)
from prakerja_app.api import guards, session
from prakerja_app.db import open_session
from prakerja_app.models import utc_now
from prakerja_app.pages.admin.lists import list_upload_handlers
from prakerja_app.pages.register.personal_step import upload_handlers
from prakerja_app.state.arguments import ArgumentCheck
from prakerja_app.state.auth import SessionBinding
from prakerja_app.state.errors import log_frontend_exception, unexpected_error
from prakerja_app.state.event_log import EventLog

# The app's own loggers (prakerja_app.*, prakerja.*), with the worker's process id.
logging.basicConfig(
    level=os.environ.get("PRAKERJA_LOG_LEVEL", "WARNING").upper(),
    format="%(asctime)s %(process)d %(name)s %(levelname)s %(message)s",
)

if settings.is_production():
    settings.secret_key()  # refuses to start without PRAKERJA_SECRET_KEY

app = rx.App(
    html_lang="id",
    stylesheets=["/styles.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0b4f8a")],
    frontend_exception_handler=log_frontend_exception,
    backend_exception_handler=unexpected_error,
    api_transformer=[
        api.create_app(),
        guards.upload_guard(
            upload_handlers,
            session.upload_ticket_checker(open_session, utc_now),
            list_upload_handlers,
        ),
        guards.session_handshake,
        guards.security_headers(lambda: rx.config.get_config().api_url),
    ],
)
app.add_middleware(EventLog())
app.add_middleware(ArgumentCheck())
app.add_middleware(SessionBinding())
