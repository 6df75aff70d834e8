"""One module per page; importing this package registers every page with the app."""

from prakerja_app.pages import admin_home, landing, login, register

__all__ = ["admin_home", "landing", "login", "register"]
