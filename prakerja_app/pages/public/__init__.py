"""Pages anyone can open: the landing page, the platforms and the catalogue, a training, a
certificate's verification, the login, a forgotten password, and the page for an address
that does not exist."""

from prakerja_app.pages.public import (
    catalogue,
    landing,
    login,
    not_found,
    password_reset,
    platforms,
    training,
    verify,
)

__all__ = [
    "catalogue",
    "landing",
    "login",
    "not_found",
    "password_reset",
    "platforms",
    "training",
    "verify",
]
