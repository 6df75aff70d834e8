"""Fixtures for the registration services' tests, which ask for them by name."""

from pathlib import Path

import pytest

from tests import factories


@pytest.fixture
def registration_env(monkeypatch, tmp_path) -> Path:
    """The registration services' settings, kept to the test; returns the private folder.

    Private files (photos, the generated one-time-code key) go to the test's own folder,
    in development mode, with no configured secret key or public URL (links point at the
    default address); passwords hash cheaply.
    """
    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(tmp_path))
    for name in ("REFLEX_ENV_MODE", "PRAKERJA_SECRET_KEY", "PRAKERJA_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    factories.cheap_password_hashing(monkeypatch)
    return tmp_path


@pytest.fixture
def motivation_setting(db) -> dict:
    """The seed's motivation test (1 minute, 3 questions), saved as the program setting."""
    return factories.motivation_setting(db)
