"""The committed migrations build exactly the schema the models describe."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import Session, SQLModel

from tests.conftest import DATABASES, POSTGRES_URL, reset_postgres

ROOT = Path(__file__).resolve().parents[2]


def _upgrade_to_head(engine: sa.Engine, target: str = "head") -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    script = ScriptDirectory.from_config(config)
    with (
        engine.begin() as connection,
        EnvironmentContext(
            config, script, fn=lambda rev, _ctx: script._upgrade_revs(target, rev)
        ) as env,
    ):
        env.configure(connection=connection)
        env.run_migrations()


def _empty(database: str, tmp_path: Path) -> sa.Engine:
    if database == "postgresql":
        reset_postgres(POSTGRES_URL)
        return sa.create_engine(POSTGRES_URL)
    return sa.create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")


@pytest.mark.parametrize("database", DATABASES)
def test_migrations_match_the_models(database, tmp_path):
    engine = _empty(database, tmp_path)
    _upgrade_to_head(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_reflex_db_sees_every_table():
    import reflex as rx

    import prakerja_app.prakerja_app  # noqa: F401

    assert set(rx.ModelRegistry.get_metadata().tables) == set(SQLModel.metadata.tables)


@pytest.mark.parametrize("database", DATABASES)
def test_the_cash_ledger_owes_the_payments_scheduled_before_it(database, tmp_path, now):
    from datetime import date

    from prakerja_app.services.money import cash_ledger
    from tests import factories

    engine = _empty(database, tmp_path)
    _upgrade_to_head(engine, "04a33d8b9839")  # the revision before the cash ledger
    with Session(engine) as db:
        owner = factories.participant(db, now)
        db.exec(  # as that revision had it (with its payment.attempts, dropped since)
            sa.text(
                "INSERT INTO payment (participant_id, kind, sequence, amount, due_on, status,"
                " attempts, idempotency_key, created_at)"
                " VALUES (:owner, 'incentive', 1, 600000, :due, 'scheduled', 0, :key, :at)"
            ),
            params={
                "owner": owner.id,
                "due": date(2020, 9, 11),
                "key": f"incentive:{owner.id}:1",
                "at": now.replace(tzinfo=None),
            },
        )
        db.commit()
        _upgrade_to_head(engine)
        assert cash_ledger.balance(db, cash_ledger.owed_account(owner.id)) == 600_000
        assert cash_ledger.balance(db, cash_ledger.POOL) == -600_000
        assert cash_ledger.unbalanced(db) == []
    engine.dispose()
