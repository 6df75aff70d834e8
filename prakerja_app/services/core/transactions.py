"""One policy for transactions: a service that says "commits" does its work in
`committing(db)`; everything in the block is committed together, or nothing is.

Services that say "flushes; the caller commits" add to the caller's transaction instead
(an outbox message, an audit entry, a ledger entry belong with the change they record).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session


@contextmanager
def committing(db: Session) -> Iterator[Session]:
    """Commit the block's work when it ends normally; roll it all back if it raises."""
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.commit()


def lock_rows(db: Session, touch: sa.Update, select_for_update: sa.Select[Any]) -> None:
    """Lock the rows a change is about, until the transaction ends: on PostgreSQL a
    ``SELECT ... FOR UPDATE``; on SQLite, which has no row locks, `touch` (a no-op
    UPDATE of those rows) as the transaction's first statement, which waits for the
    write lock (busy_timeout).

    In SQLite's WAL mode a write after a read in one transaction fails at once
    ("database is locked") when another writer committed in between, so a read-only
    transaction still open (the program clock's read) is ended first.
    """
    if db.get_bind().dialect.name == "sqlite":
        if db.in_transaction() and not (db.new or db.dirty or db.deleted):
            db.commit()
        db.exec(touch.execution_options(synchronize_session=False))
    else:
        db.execute(select_for_update.with_for_update()).all()
