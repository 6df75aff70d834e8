"""Shared fixtures: the database each test runs on, and the browser for e2e tests.

Every database test runs on a fresh SQLite file, and also on PostgreSQL when
PRAKERJA_TEST_DATABASE_URL is set (`.ci/run` sets it when the server answers; in a
parallel run, each worker on a database of its own).
"""

import os
from collections.abc import Iterator
from datetime import datetime

# Jobs queue in memory: a handler's nudge waits there; a test runs a task when it wants
# to (the browser tests start a consumer on it; the production test uses Redis).
os.environ.setdefault("PRAKERJA_JOBS_MEMORY", "1")

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

import prakerja_app.db  # noqa: F401  (SQLite pragmas)
from prakerja_app import models  # noqa: F401  (registers the tables)
from prakerja_app.services.core.formatting import wib_to_utc
from tests.servers import fresh_postgres_database

pytest.register_assert_rewrite("tests.factories")  # its checks fail with pytest's diffs

POSTGRES_URL = os.environ.get("PRAKERJA_TEST_DATABASE_URL", "")
if POSTGRES_URL and os.environ.get("PYTEST_XDIST_WORKER"):
    # The unit tests run in several processes (pytest-xdist): each has a database of its
    # own beside the configured one, since every test starts by emptying it.
    POSTGRES_URL = fresh_postgres_database(POSTGRES_URL, os.environ["PYTEST_XDIST_WORKER"])
DATABASES = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


def reset_postgres(url: str) -> None:
    """Empty the test database on PostgreSQL: drop and recreate its public schema."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=DATABASES)
def engine(request, tmp_path) -> Iterator[sa.Engine]:
    """An engine on an empty database with every table, SQLite or PostgreSQL."""
    if request.param == "postgresql":
        reset_postgres(POSTGRES_URL)
        engine = sa.create_engine(POSTGRES_URL)
    else:
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'test.db'}")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine) -> Iterator[Session]:
    """A session on the test database."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def now() -> datetime:
    """The demo's moment: Friday 4 September 2020, 10:00 WIB."""
    return wib_to_utc(2020, 9, 4, 10, 0)
