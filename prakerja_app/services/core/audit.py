"""The audit trail: every change the program office must be able to account for.

The log is append-only and hash-chained. Entry number ``seq`` stores ``prev_hash``, the
``row_hash`` of entry ``seq - 1`` (`GENESIS` for the first), and its own ``row_hash``:
SHA-256 over a canonical JSON encoding of its fields and ``prev_hash`` (`row_hash`).
`verify_chain` recomputes it all and names the first entry that does not hold.

How entries join the chain, and why there:
- `record` only queues the entry on the session (``db.info``), in the caller's
  transaction; nothing is locked and nothing is written yet.
- At the caller's commit (a ``before_commit`` session event), the session's other
  changes are flushed first, and then the queued entries are appended under a lock on
  the one-row chain head (`AuditChainHead`): ``UPDATE ... SET seq = seq + n RETURNING``
  takes the row lock (PostgreSQL) or the write lock (SQLite, which serialises writers
  anyway) and answers the previous number and hash; the entries are inserted and the
  head moves to the last hash. The lock is held from there to the end of the commit,
  not for the caller's transaction, so a long draw or a slow request does not stop
  every login from being logged.
- Two transactions appending at once queue on the head's row lock; under READ
  COMMITTED the second one's UPDATE sees the first's committed head, so the chain has
  neither forks nor gaps (``seq`` is also unique in the database). A rolled-back
  transaction rolls back its head move with its entries, and its queue is dropped, so
  it leaves no trace.
- Limit: one chain serialises the commits of every transaction that audits (about a
  millisecond each on PostgreSQL). If that ever bounds sign-ups, the next step is a
  sealer job that chains committed, unchained rows in batches; not needed today.

On PostgreSQL the migration also adds a trigger refusing UPDATE and DELETE on the log:
it stops the app's own role (a bug, an injected statement) from rewriting history. It
does not stop a DBA or the table's owner, who can drop the trigger; the chain and a copy
of the head kept elsewhere are what reveal that.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from prakerja_app.models import AuditChainHead, AuditLog, utc_now
from prakerja_app.services.core.sql import table_of

GENESIS = "0" * 64

# PostgreSQL: the log refuses UPDATE and DELETE (and TRUNCATE), whoever the app's role is.
APPEND_ONLY_POSTGRESQL = (
    """CREATE OR REPLACE FUNCTION auditlog_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'auditlog is append-only: % refused', TG_OP;
    END $$""",
    """CREATE TRIGGER auditlog_append_only BEFORE UPDATE OR DELETE ON auditlog
    FOR EACH ROW EXECUTE FUNCTION auditlog_append_only()""",
    """CREATE TRIGGER auditlog_no_truncate BEFORE TRUNCATE ON auditlog
    FOR EACH STATEMENT EXECUTE FUNCTION auditlog_append_only()""",
)
DROP_APPEND_ONLY_POSTGRESQL = (
    "DROP TRIGGER IF EXISTS auditlog_no_truncate ON auditlog",
    "DROP TRIGGER IF EXISTS auditlog_append_only ON auditlog",
    "DROP FUNCTION IF EXISTS auditlog_append_only()",
)
_QUEUE = "audit_queue"
# The fields each hash covers besides the entry's number and the previous hash, in order.
_HASHED = (
    "actor_user_id",
    "action",
    "entity",
    "entity_id",
    "before_json",
    "after_json",
    "created_at",
)
_BATCH = 5000


def record(
    db: Session,
    *,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Queue an audit entry in the caller's transaction: it joins the chain when the
    caller commits (it cannot be read before), and vanishes if the caller rolls back.

    An entry queued inside a savepoint stays queued if only the savepoint rolls back
    (no caller records inside one).
    """
    if not db.in_transaction():
        db.begin()  # so that a rollback, even with nothing else done, drops the queue
    db.info.setdefault(_QUEUE, []).append(
        {
            "actor_user_id": actor_id,
            "action": action,
            "entity": entity,
            "entity_id": None if entity_id is None else str(entity_id),
            "before_json": None if before is None else json.dumps(before, default=str),
            "after_json": None if after is None else json.dumps(after, default=str),
            "created_at": utc_now(),
        }
    )


_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _digest(fields: tuple[Any, ...]) -> str:
    """SHA-256 (hex) of the canonical encoding: (seq, prev_hash, actor_user_id, action,
    entity, entity_id, before_json, after_json, created_at), the time as naive-UTC ISO."""
    *values, created_at = fields
    moment = created_at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    return hashlib.sha256(_CANONICAL.encode([*values, moment]).encode()).hexdigest()


def row_hash(entry: dict[str, Any], seq: int, prev_hash: str) -> str:
    """The hash of an entry's fields, its number and the previous entry's hash."""
    return _digest((seq, prev_hash, *(entry[name] for name in _HASHED)))


def _insert_head(db: OrmSession) -> None:
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    db.execute(
        dialect.insert(table_of(AuditChainHead))
        .values(id=1, seq=0, last_hash=GENESIS)
        .on_conflict_do_nothing()
    )


def _take_head(db: OrmSession, count: int) -> tuple[int, str]:
    """Lock the chain head and reserve `count` numbers; the last number and hash before."""
    head = table_of(AuditChainHead)
    move = (
        sa.update(head)
        .where(head.c.id == 1)
        .values(seq=head.c.seq + count)
        .returning(head.c.seq, head.c.last_hash)
    )
    row = db.execute(move).first()
    if row is None:  # a database made without the migration (tests): start the chain
        _insert_head(db)
        row = db.execute(move).one()
    return row.seq - count, row.last_hash


def _append(db: OrmSession) -> None:
    """Append the session's queued entries to the chain, last thing before the commit."""
    queued = db.info.pop(_QUEUE, None)
    if not queued:
        return
    db.flush()  # the caller's own changes first: the head is locked only after them
    seq, last_hash = _take_head(db, len(queued))
    rows = []
    for entry in queued:
        seq += 1
        digest = row_hash(entry, seq, last_hash)
        rows.append({**entry, "seq": seq, "prev_hash": last_hash, "row_hash": digest})
        last_hash = digest
    db.execute(sa.insert(table_of(AuditLog)), rows)
    head = table_of(AuditChainHead)
    db.execute(sa.update(head).where(head.c.id == 1).values(last_hash=last_hash))


@sa.event.listens_for(OrmSession, "before_commit")
def _before_commit(session: OrmSession) -> None:
    if session.get_nested_transaction() is None:  # the outermost commit, not a savepoint
        _append(session)


@sa.event.listens_for(OrmSession, "after_soft_rollback")
def _after_rollback(session: OrmSession, previous_transaction: Any) -> None:
    if not previous_transaction.nested:
        session.info.pop(_QUEUE, None)


# --- checking the chain ----------------------------------------------------------------


class ChainProblem(StrEnum):
    """Why an entry breaks the chain."""

    CHANGED = "changed"  # its fields no longer give its hash
    UNLINKED = "unlinked"  # it does not hold the previous entry's hash
    MISSING = "missing"  # an entry with this number is gone (deleted)


@dataclass(frozen=True)
class ChainCheck:
    """What `verify_chain` found: entries checked, and the first broken one if any."""

    checked: int
    broken_seq: int | None = None
    problem: ChainProblem | None = None

    @property
    def intact(self) -> bool:
        """Whether every entry holds."""
        return self.broken_seq is None


def _entries(db: Session) -> Iterator[tuple[Any, ...]]:
    """Every entry as (the hashed fields in `_digest`'s order, row_hash), in chain order,
    read in batches by number (keyset paging) with Core rows: no ORM objects."""
    log = table_of(AuditLog)
    columns = [log.c.seq, log.c.prev_hash, *(log.c[name] for name in _HASHED), log.c.row_hash]
    after = 0
    connection = db.connection()
    while True:
        batch = connection.execute(
            sa.select(*columns).where(log.c.seq > after).order_by(log.c.seq).limit(_BATCH)
        ).all()
        yield from batch
        if len(batch) < _BATCH:
            return
        after = batch[-1][0]


def verify_chain(db: Session) -> ChainCheck:
    """Recompute the whole chain, in order, against the head; a read, it changes nothing.

    Returns:
        The number of entries checked and, if one does not hold, the first one's number
        and why (a number with no entry, from a deletion, is ``missing``).
    """
    expected, last_hash = 1, GENESIS
    for entry in _entries(db):
        seq, prev_hash, *_, stored_hash = entry
        if seq != expected:
            return ChainCheck(expected - 1, expected, ChainProblem.MISSING)
        if prev_hash != last_hash:
            return ChainCheck(expected - 1, expected, ChainProblem.UNLINKED)
        if _digest(tuple(entry[:-1])) != stored_hash:
            return ChainCheck(expected - 1, expected, ChainProblem.CHANGED)
        expected, last_hash = expected + 1, stored_hash
    head = db.get(AuditChainHead, 1, populate_existing=True)
    if head is not None and head.seq >= expected:  # the newest entries were deleted
        return ChainCheck(expected - 1, expected, ChainProblem.MISSING)
    if head is not None and head.last_hash != last_hash:
        return ChainCheck(expected - 1, expected - 1, ChainProblem.CHANGED)
    return ChainCheck(expected - 1)
