"""The pages, by audience; importing this package registers every page with the app."""

from prakerja_app.pages import admin, dev, participant, public, register

__all__ = ["admin", "dev", "participant", "public", "register"]
