"""The audit log's hash chain: entries join it at commit, in one line, and any edit or
deletion made behind the app's back is named by `verify_chain`."""

import threading

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import AuditLog
from prakerja_app.services.core import audit
from prakerja_app.services.core.audit import ChainCheck, ChainProblem
from tests.conftest import POSTGRES_URL


def _log(db: Session, n: int, action: str = "test.action") -> None:
    for i in range(n):
        audit.record(db, actor_id=None, action=action, entity="wave", entity_id=i, after={"i": i})
    db.commit()


def _seqs(db: Session) -> list[int]:
    return list(db.exec(select(AuditLog.seq).order_by(col(AuditLog.seq))).all())


def _tamper(engine: sa.Engine, statement: str) -> None:
    """Change the log as someone with SQL access could, past the app's trigger."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.exec_driver_sql(statement)


def test_entries_join_the_chain_at_commit_in_order(db):
    audit.record(db, actor_id=None, action="a", entity="wave", entity_id=1)
    assert db.exec(select(AuditLog)).all() == []  # queued, not yet written
    db.commit()
    _log(db, 2)
    rows = db.exec(select(AuditLog).order_by(col(AuditLog.seq))).all()
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == audit.GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.row_hash for r in rows[:-1]]
    assert audit.verify_chain(db) == ChainCheck(3)


def test_a_rolled_back_transaction_leaves_no_trace(db):
    _log(db, 1)
    audit.record(db, actor_id=None, action="lost", entity="wave")
    db.rollback()
    _log(db, 1)
    assert _seqs(db) == [1, 2]
    assert db.exec(select(AuditLog).where(AuditLog.action == "lost")).all() == []
    assert audit.verify_chain(db).intact


def test_an_empty_log_is_intact(db):
    assert audit.verify_chain(db) == ChainCheck(0)


def test_editing_a_row_in_the_database_is_detected(db, engine):
    _log(db, 5)
    _tamper(engine, "UPDATE auditlog SET after_json = '{\"i\": 99}' WHERE seq = 3")
    assert audit.verify_chain(db) == ChainCheck(2, 3, ChainProblem.CHANGED)


def test_a_rewritten_hash_breaks_the_next_link(db, engine):
    _log(db, 5)
    _tamper(engine, f"UPDATE auditlog SET row_hash = '{'a' * 64}' WHERE seq = 2")
    assert audit.verify_chain(db).broken_seq == 2
    _tamper(engine, f"UPDATE auditlog SET prev_hash = '{'b' * 64}' WHERE seq = 4")
    assert audit.verify_chain(db).broken_seq == 2


def test_a_deleted_row_is_named(db, engine):
    _log(db, 5)
    _tamper(engine, "DELETE FROM auditlog WHERE seq = 2")
    assert audit.verify_chain(db) == ChainCheck(1, 2, ChainProblem.MISSING)


def test_deleting_the_newest_rows_is_detected_by_the_head(db, engine):
    _log(db, 5)
    _tamper(engine, "DELETE FROM auditlog WHERE seq >= 4")
    assert audit.verify_chain(db) == ChainCheck(3, 4, ChainProblem.MISSING)


@pytest.mark.parametrize("engine", ["postgresql"] if POSTGRES_URL else [], indirect=True)
def test_the_app_cannot_update_or_delete_entries_on_postgresql(db, engine):
    with engine.begin() as conn:
        for statement in audit.APPEND_ONLY_POSTGRESQL:
            conn.execute(sa.text(statement))
    _log(db, 2)
    for statement in ("UPDATE auditlog SET action = 'x'", "DELETE FROM auditlog"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert audit.verify_chain(db).intact


def test_concurrent_transactions_make_one_chain(engine):
    """Threads appending at once, on their own connections (on PostgreSQL: concurrent
    transactions queueing on the head's row lock), give one chain without gaps.

    On SQLite a transaction that read before another's commit cannot then write (it is
    refused, "database is locked", and rolls back whole): the chain holds the others.
    """
    threads, per_thread = 6, 15
    start = threading.Barrier(threads)
    committed: list[int] = []
    failures: list[BaseException] = []

    def append(worker: int) -> None:
        start.wait()
        for i in range(per_thread):
            with Session(engine) as session:
                try:
                    session.exec(select(AuditLog.id).limit(1)).all()  # work before it
                    audit.record(session, actor_id=None, action=f"w{worker}", entity="x")
                    if i % 5 == 4:
                        session.rollback()  # leaves no trace
                        continue
                    session.commit()
                    committed.append(worker)
                except sa.exc.OperationalError as error:
                    failures.append(error)

    workers = [threading.Thread(target=append, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if engine.dialect.name == "postgresql":
        assert failures == []
        assert len(committed) == threads * (per_thread - per_thread // 5)
    assert all("database is locked" in str(error) for error in failures)
    with Session(engine) as db:
        assert _seqs(db) == list(range(1, len(committed) + 1))
        assert audit.verify_chain(db) == ChainCheck(len(committed))
