"""Reflex configuration: every value can be overridden by a REFLEX_* environment variable
(REFLEX_DB_URL, REFLEX_REDIS_URL, ...)."""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

config = rx.Config(
    app_name="prakerja_app",
    # REFLEX_DB_URL overrides this (postgresql+psycopg://... in production).
    db_url="sqlite:///prakerja.db",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", radius="medium"))],
    disable_plugins=[SitemapPlugin],
)
