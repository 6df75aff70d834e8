"""The backend's own HTTP endpoints, in front of Reflex: the providers' signed
redeem-code API (`redeem`), the session cookie (`session`), the SMS delivery reports
and the health check (`operations`), the payment partner's notifications
(`partner_notifications`); and the ASGI guards around everything (`guards`).

`create_app()` is the FastAPI app that `prakerja_app.prakerja_app` hands to Reflex as an
``api_transformer``: Reflex mounts its own backend inside it, so these routes answer
first and every other path falls through to Reflex. Swagger UI (which loads its
JavaScript from a CDN) is served only outside production; the OpenAPI JSON always is.
"""

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from sqlmodel import Session

from prakerja_app import settings
from prakerja_app.api import operations, partner_notifications, redeem, session
from prakerja_app.models import utc_now


def _default_session() -> Session:
    from prakerja_app.db import open_session  # Reflex's configured engine; only needed here

    return open_session()


def create_app(
    *,
    session_factory: Callable[[], Session] | None = None,
    real_clock: Callable[[], datetime] = utc_now,
) -> FastAPI:
    """The API as an ASGI app of its own (Reflex mounts its backend inside it).

    Args:
        session_factory: makes a database session per request (default: the app's).
        real_clock: the real time, for timestamps and sessions (tests fix it).
    """
    make_session = session_factory or _default_session
    app = FastAPI(
        title="Kartu Prakerja: API redeem code",
        version="1.0",
        description=redeem.DESCRIPTION,
        openapi_url=redeem.OPENAPI_URL,
        docs_url=None if settings.is_production() else redeem.DOCS_URL,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.include_router(redeem.router(make_session, real_clock))
    app.include_router(session.router(make_session, real_clock))
    app.include_router(operations.router(make_session, real_clock))
    app.include_router(partner_notifications.router(make_session, real_clock))
    return app


__all__ = ["create_app"]
