"""Reflex configuration: every value can be overridden by a REFLEX_* environment variable
(REFLEX_DB_URL, REFLEX_REDIS_URL, REFLEX_BACKEND_HOST, REFLEX_TRUSTED_PROXY_HOPS, ...)."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from prakerja_app import settings

config = rx.Config(
    app_name="prakerja_app",
    # REFLEX_DB_URL overrides this (postgresql+psycopg://... in production).
    db_url="sqlite:///prakerja.db",
    # Chosen explicitly: Reflex's default (disk) pickles every tab's state into .states/.
    # In memory for one process; in Redis, with an expiry, for several workers.
    state_manager_mode="redis" if os.environ.get("REFLEX_REDIS_URL") else "memory",
    redis_token_expiration=3600,  # seconds a tab's state outlives its last event
    # Listen on loopback unless told otherwise (a reverse proxy sits in front).
    backend_host="127.0.0.1",
    # The browser may only come from the site's own origin (CORS and the websocket).
    cors_allowed_origins=settings.allowed_origins(),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", radius="medium"))],
    disable_plugins=[SitemapPlugin],
)
