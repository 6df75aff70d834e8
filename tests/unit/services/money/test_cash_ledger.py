"""The cash ledger: scheduling owes each instalment once, every journal balances, the
ledger is append-only, and an unbalanced journal is found (and refused at commit on
PostgreSQL)."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import select

from prakerja_app.models import CashEntry
from prakerja_app.services.money import cash_ledger, incentives
from prakerja_app.services.money.cash_ledger import POOL, Leg, owed_account
from prakerja_app.services.money.errors import MoneyError
from tests import factories


def _entries(db) -> list[tuple[str, str, int]]:
    rows = db.exec(select(CashEntry.journal, CashEntry.account, CashEntry.amount)).all()
    return sorted(rows)


def test_scheduling_owes_each_instalment_once(db, now):
    owner = factories.participant(db, now)
    incentives.schedule(db, owner.id, date(2020, 9, 11), now)
    db.commit()
    incentives.schedule(db, owner.id, date(2021, 1, 1), now)  # again: nothing new
    db.commit()
    owed = owed_account(owner.id)
    assert cash_ledger.balance(db, owed) == 2_400_000
    assert cash_ledger.balance(db, POOL) == -2_400_000
    assert cash_ledger.total(db) == 0 and cash_ledger.unbalanced(db) == []
    assert _entries(db)[:2] == [
        (f"owed:incentive:{owner.id}:1", owed, 600_000),
        (f"owed:incentive:{owner.id}:1", POOL, -600_000),
    ]
    assert len(_entries(db)) == 8


def test_a_journal_is_written_once(db, now):
    legs = [Leg(POOL, -50_000), Leg(owed_account(7), 50_000)]
    assert cash_ledger.post(db, "owed:survey:7:1", legs, now) is True
    assert cash_ledger.post(db, "owed:survey:7:1", legs, now) is False  # a retry
    db.commit()
    assert len(_entries(db)) == 2


@pytest.mark.parametrize(
    "legs",
    [
        [Leg(POOL, -50_000), Leg(owed_account(7), 40_000)],  # does not sum to zero
        [Leg(POOL, -50_000)],  # one leg
        [Leg(POOL, 0), Leg(owed_account(7), 0)],  # nothing moves
        [Leg(POOL, -50_000), Leg(POOL, 50_000)],  # one account twice
    ],
)
def test_an_unbalanced_journal_is_refused_and_writes_nothing(db, now, legs):
    refused = factories.raised(cash_ledger.post, db, "bad", legs, now)
    assert refused.code == MoneyError.CASH_JOURNAL_UNBALANCED
    assert _entries(db) == []


def test_the_ledger_is_append_only(db, now):
    cash_ledger.post(db, "j", [Leg(POOL, -1), Leg(owed_account(1), 1)], now)
    db.commit()
    for statement in ("UPDATE cashentry SET amount = 2", "DELETE FROM cashentry"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.exec(sa.text(statement))
        db.rollback()
    assert cash_ledger.total(db) == 0 and len(_entries(db)) == 2


def _raw_leg(db, journal: str, account: str, amount: int) -> None:
    db.exec(
        sa.text(
            "INSERT INTO cashentry (journal, account, amount, created_at)"
            " VALUES (:journal, :account, :amount, CURRENT_TIMESTAMP)"
        ).bindparams(journal=journal, account=account, amount=amount)
    )


def test_an_unbalanced_journal_written_around_the_service_is_caught(db, now, engine):
    """On PostgreSQL it cannot commit; on SQLite the reconciliation check names it."""
    _raw_leg(db, "forged", POOL, -600_000)
    if engine.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DatabaseError, match="does not balance"):
            db.commit()
        db.rollback()
        assert _entries(db) == []
    else:
        db.commit()
        assert cash_ledger.unbalanced(db) == ["forged"]
        assert cash_ledger.total(db) == -600_000
