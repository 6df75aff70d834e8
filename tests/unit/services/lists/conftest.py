"""Fixtures for the list uploads' tests."""

from collections.abc import Callable
from pathlib import Path

import pytest

from prakerja_app.services.lists import storage


@pytest.fixture
def private_dir(monkeypatch, tmp_path) -> Path:
    """The private folder, kept to the test."""
    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def stored(private_dir) -> Callable[[str], str]:
    """Store a file's text as an upload would; returns its key."""

    def store(text: str | bytes) -> str:
        key = storage.new_key()
        data = text.encode() if isinstance(text, str) else text
        storage.path_of(key).write_bytes(data)
        return key

    return store
