"""provider keys sealed, api call log, price lock

Revision ID: 04a33d8b9839
Revises: 4c7e91a2d5b3
Create Date: 2026-12-03 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '04a33d8b9839'
down_revision: Union[str, Sequence[str], None] = '4c7e91a2d5b3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_PROVIDERS = sa.table(
    'trainingprovider',
    sa.column('id', sa.Integer()),
    sa.column('sign_key', sa.String()),
    sa.column('sign_key_sealed', sa.String()),
)


def _move_keys(source: str, target: str, change) -> None:
    """Copy each provider's key from column `source` to `target` through `change`."""
    conn = op.get_bind()
    column = _PROVIDERS.c[source]
    rows = conn.execute(sa.select(_PROVIDERS.c.id, column).where(column.is_not(None))).all()
    for provider_id, key in rows:
        conn.execute(
            sa.update(_PROVIDERS)
            .where(_PROVIDERS.c.id == provider_id)
            .values({target: change(key)})
        )


def upgrade() -> None:
    """Seal the providers' signing keys with the app's secret (PRAKERJA_SECRET_KEY, which
    the migration reads like the app), log API calls, and lock a sold training's price."""
    from prakerja_app.models import PRICE_LOCK
    from prakerja_app.services.core.secret_box import seal

    with op.batch_alter_table('trainingprovider', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_key_sealed', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True))
        batch_op.add_column(sa.Column('key_issued_at', prakerja_app.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('previous_key_sealed', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True))
        batch_op.add_column(sa.Column('previous_key_until', prakerja_app.models.UTCDateTime(), nullable=True))
    _move_keys('sign_key', 'sign_key_sealed', seal)
    with op.batch_alter_table('trainingprovider', schema=None) as batch_op:
        batch_op.drop_column('sign_key')

    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.add_column(sa.Column('price_locked_at', prakerja_app.models.UTCDateTime(), nullable=True))
    op.execute(sa.text(
        "UPDATE training SET price_locked_at ="
        " (SELECT min(bought_at) FROM purchase WHERE purchase.training_id = training.id)"
    ))
    for statement in PRICE_LOCK.get(op.get_bind().dialect.name, ()):
        op.execute(sa.text(statement))

    op.create_table('apicall',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('endpoint', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=False),
    sa.Column('error_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('called_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['trainingprovider.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('apicall', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apicall_called_at'), ['called_at'], unique=False)
        batch_op.create_index('ix_apicall_provider_called', ['provider_id', 'called_at'], unique=False)


def downgrade() -> None:
    """Back to plaintext keys, no call log and no price lock."""
    from prakerja_app.services.core.secret_box import open_sealed

    with op.batch_alter_table('apicall', schema=None) as batch_op:
        batch_op.drop_index('ix_apicall_provider_called')
        batch_op.drop_index(batch_op.f('ix_apicall_called_at'))
    op.drop_table('apicall')

    op.execute(sa.text("DROP TRIGGER IF EXISTS training_price_locked ON training"
                       if op.get_bind().dialect.name == 'postgresql'
                       else "DROP TRIGGER IF EXISTS training_price_locked"))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(sa.text("DROP FUNCTION IF EXISTS training_price_locked()"))
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.drop_column('price_locked_at')

    with op.batch_alter_table('trainingprovider', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
    _move_keys('sign_key_sealed', 'sign_key', open_sealed)
    with op.batch_alter_table('trainingprovider', schema=None) as batch_op:
        batch_op.drop_column('previous_key_until')
        batch_op.drop_column('previous_key_sealed')
        batch_op.drop_column('key_issued_at')
        batch_op.drop_column('sign_key_sealed')
