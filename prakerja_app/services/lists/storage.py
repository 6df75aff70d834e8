"""Uploaded list files, kept in the private folder until applied or discarded (never
under Reflex's upload folder, which is served publicly)."""

import re
import secrets
from pathlib import Path
from typing import TextIO

from prakerja_app import settings

MAX_MEGABYTES = 64  # a list of 1.000.000 lines takes about 25 MB
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
_KEY = re.compile(r"[0-9a-f]{32}\.csv")


def folder() -> Path:
    """Where the list files are kept."""
    return settings.private_dir() / "lists"


def new_key() -> str:
    """A random name for a new file."""
    return f"{secrets.token_hex(16)}.csv"


def path_of(key: str) -> Path:
    """The file named `key` (a name `new_key` made, nothing else), its folder made."""
    if not _KEY.fullmatch(key):
        raise ValueError("not a list file's name")
    folder().mkdir(parents=True, exist_ok=True)
    return folder() / key


def open_text(key: str) -> TextIO:
    """The file as UTF-8 text (a byte order mark skipped), for the csv module."""
    return path_of(key).open(encoding="utf-8-sig", newline="")


def delete(key: str) -> None:
    """Delete the file, if it is still there."""
    path_of(key).unlink(missing_ok=True)
