"""Database sessions for the app and the command line, on the engine Reflex configures."""

import hashlib
import sqlite3

import sqlalchemy as sa
from reflex.model import get_engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session


def _sha256_hex(text: str | None) -> str | None:
    """SQL ``sha256(text)`` for SQLite: the SHA-256 of the UTF-8 text, as lowercase hex."""
    return None if text is None else hashlib.sha256(str(text).encode()).hexdigest()


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """SQLite: enforce foreign keys, let readers run beside a writer, wait on locks, and
    let SQLAlchemy own the transactions (pysqlite would start them only at the first
    write, so a read-then-write, like checking a balance before a debit, could race).
    Also adds ``sha256(text)`` (hex), which the draw orders by (PostgreSQL has its own)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        dbapi_connection.create_function("sha256", 1, _sha256_hex, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


@sa.event.listens_for(sa.engine.Engine, "begin")
def _sqlite_begin(connection: sa.engine.Connection) -> None:
    """SQLite: open the transaction at its first statement, reads included."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


def open_session() -> Session:
    """A new session on the configured database (REFLEX_DB_URL); use it in a `with`."""
    return Session(get_engine(), expire_on_commit=False)
