"""One module per page; importing this package registers every page with the app."""

from prakerja_app.pages import (
    admin_home,
    catalogue,
    confirm_email,
    dashboard,
    dev_mailbox,
    dev_platform,
    landing,
    login,
    platforms,
    register,
    training,
    verify,
)

__all__ = [
    "admin_home",
    "catalogue",
    "confirm_email",
    "dashboard",
    "dev_mailbox",
    "dev_platform",
    "landing",
    "login",
    "platforms",
    "register",
    "training",
    "verify",
]
