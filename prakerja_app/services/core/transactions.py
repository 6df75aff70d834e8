"""One policy for transactions: a service that says "commits" does its work in
`committing(db)`; everything in the block is committed together, or nothing is.

Services that say "flushes; the caller commits" add to the caller's transaction instead
(an outbox message, an audit entry, a ledger entry belong with the change they record).
"""

from collections.abc import Iterator
from contextlib import contextmanager

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
