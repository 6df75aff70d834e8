"""hash chained audit log

Revision ID: e4b1d2f5a608
Revises: d3a9c0e41f57
Create Date: 2026-12-02 14:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'e4b1d2f5a608'
down_revision: Union[str, Sequence[str], None] = 'd3a9c0e41f57'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _chain_existing_rows() -> None:
    """Give the rows logged before the chain their numbers and hashes, in id order."""
    from prakerja_app.services.core.audit import GENESIS, row_hash

    log = sa.table(
        'auditlog',
        sa.column('id', sa.Integer()),
        sa.column('actor_user_id', sa.Integer()),
        sa.column('action', sa.String()),
        sa.column('entity', sa.String()),
        sa.column('entity_id', sa.String()),
        sa.column('before_json', sa.String()),
        sa.column('after_json', sa.String()),
        sa.column('created_at', prakerja_app.models.UTCDateTime()),
        sa.column('seq', sa.Integer()),
        sa.column('prev_hash', sa.String()),
        sa.column('row_hash', sa.String()),
    )
    conn = op.get_bind()
    seq, last_hash = 0, GENESIS
    rows = conn.execute(sa.select(log).order_by(log.c.id)).mappings().all()
    for row in rows:
        seq += 1
        digest = row_hash(dict(row), seq, last_hash)
        conn.execute(
            sa.update(log)
            .where(log.c.id == row['id'])
            .values(seq=seq, prev_hash=last_hash, row_hash=digest)
        )
        last_hash = digest
    head = sa.table(
        'auditchainhead', sa.column('id'), sa.column('seq'), sa.column('last_hash')
    )
    conn.execute(sa.insert(head).values(id=1, seq=seq, last_hash=last_hash))


def upgrade() -> None:
    """Number and hash-chain the audit log, with its chain head; append-only on PostgreSQL."""
    from prakerja_app.services.core.audit import APPEND_ONLY_POSTGRESQL

    op.create_table(
        'auditchainhead',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('last_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('auditlog', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    _chain_existing_rows()
    with op.batch_alter_table('auditlog', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False)
        batch_op.alter_column('row_hash', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_auditlog_seq'), ['seq'], unique=True)
        batch_op.create_index(batch_op.f('ix_auditlog_entity'), ['entity'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        for statement in APPEND_ONLY_POSTGRESQL:
            op.execute(sa.text(statement))


def downgrade() -> None:
    """Back to an unchained log."""
    from prakerja_app.services.core.audit import DROP_APPEND_ONLY_POSTGRESQL

    if op.get_bind().dialect.name == 'postgresql':
        for statement in DROP_APPEND_ONLY_POSTGRESQL:
            op.execute(sa.text(statement))
    with op.batch_alter_table('auditlog', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auditlog_entity'))
        batch_op.drop_index(batch_op.f('ix_auditlog_seq'))
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
    op.drop_table('auditchainhead')
