"""The API app on the test database."""

import pytest
from sqlmodel import Session

from prakerja_app.api import create_app
from tests.testclient import TestClient


@pytest.fixture
def client(engine, now):
    """The API app alone, on the test database, with the real clock fixed at `now`."""
    app = create_app(
        session_factory=lambda: Session(engine, expire_on_commit=False), real_clock=lambda: now
    )
    with TestClient(app) as test_client:
        yield test_client
