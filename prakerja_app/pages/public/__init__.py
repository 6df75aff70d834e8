"""Pages anyone can open: the landing page, the platforms and the catalogue, a training, a
certificate's verification, the login, and a forgotten password."""

from prakerja_app.pages.public import (
    catalogue,
    landing,
    login,
    password_reset,
    platforms,
    training,
    verify,
)

__all__ = ["catalogue", "landing", "login", "password_reset", "platforms", "training", "verify"]
