"""Pages anyone can open: the landing page, the platforms and the catalogue, a training, a
certificate's verification, and the login."""

from prakerja_app.pages.public import catalogue, landing, login, platforms, training, verify

__all__ = ["catalogue", "landing", "login", "platforms", "training", "verify"]
