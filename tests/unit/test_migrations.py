"""The committed migrations build exactly the schema the models describe."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from tests.conftest import DATABASES, POSTGRES_URL, reset_postgres

ROOT = Path(__file__).resolve().parents[2]


def _upgrade_to_head(engine: sa.Engine) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    script = ScriptDirectory.from_config(config)
    with (
        engine.begin() as connection,
        EnvironmentContext(
            config, script, fn=lambda rev, _ctx: script._upgrade_revs("head", rev)
        ) as env,
    ):
        env.configure(connection=connection)
        env.run_migrations()


@pytest.mark.parametrize("database", DATABASES)
def test_migrations_match_the_models(database, tmp_path):
    if database == "postgresql":
        reset_postgres(POSTGRES_URL)
        engine = sa.create_engine(POSTGRES_URL)
    else:
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    _upgrade_to_head(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_reflex_db_sees_every_table():
    import reflex as rx

    import prakerja_app.prakerja_app  # noqa: F401

    assert set(rx.ModelRegistry.get_metadata().tables) == set(SQLModel.metadata.tables)
