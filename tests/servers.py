"""What the tests' own servers need: a free local port, and a fresh PostgreSQL database
beside PRAKERJA_TEST_DATABASE_URL's for an app under test."""

import socket

import sqlalchemy as sa


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_postgres_database(server_url: str, suffix: str) -> str:
    """Drop and create the database `<server_url's database>_<suffix>`; its URL."""
    url = sa.make_url(server_url)
    server = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"{url.database}_{suffix}"
    with server.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return url.set(database=name).render_as_string(hide_password=False)
