"""One module per page; importing this package registers every page with the app."""

from prakerja_app.pages import (
    admin_home,
    confirm_email,
    dashboard,
    dev_mailbox,
    landing,
    login,
    register,
)

__all__ = [
    "admin_home",
    "confirm_email",
    "dashboard",
    "dev_mailbox",
    "landing",
    "login",
    "register",
]
