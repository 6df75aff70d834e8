"""The Reflex app: importing the pages registers them; importing the models lets `reflex db`
see every table (they share SQLModel's metadata); `api.app` (the providers' signed HTTP API)
is mounted as Reflex's api_transformer, in front of Reflex's own backend."""

import reflex as rx

from prakerja_app import api, models, pages, settings  # noqa: F401  (imported for their registrations)

if settings.is_production():
    settings.secret_key()  # refuses to start without PRAKERJA_SECRET_KEY

app = rx.App(
    html_lang="id",
    stylesheets=["/styles.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0b4f8a")],
    api_transformer=api.app,
)
