"""The program office's pages (Manajemen Pelaksana)."""

from prakerja_app.pages.admin import home

__all__ = ["home"]
