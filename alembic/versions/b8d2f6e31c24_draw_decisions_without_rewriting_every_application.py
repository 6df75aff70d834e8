"""draw decisions without rewriting every application

Revision ID: b8d2f6e31c24
Revises: a7c1e5d20b13
Create Date: 2026-12-02 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'b8d2f6e31c24'
down_revision: Union[str, Sequence[str], None] = 'a7c1e5d20b13'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """The draw writes only the excluded and the KK-capped; results fan out afterwards."""
    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_queued_through', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('results_queued_at', prakerja_app.models.UTCDateTime(), nullable=True))
    # Waves drawn before this queued their messages inside the draw.
    op.execute(
        "UPDATE wave SET results_queued_at = announced_at,"
        " results_queued_through = (SELECT max(id) FROM waveapplication WHERE wave_id = wave.id)"
        " WHERE status = 'announced'"
    )
    with op.batch_alter_table('waveapplication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_waveapplication_result'))
        batch_op.drop_index(batch_op.f('ix_waveapplication_wave_id'))
        batch_op.create_index(
            'ix_waveapplication_decided',
            ['wave_id', 'result'],
            unique=False,
            postgresql_where=sa.text("result <> 'pending'"),
            sqlite_where=sa.text("result <> 'pending'"),
        )
        batch_op.drop_column('priority_group')
        batch_op.drop_column('draw_rank')


def downgrade() -> None:
    """Downgrade schema (the derived results are not written back)."""
    with op.batch_alter_table('waveapplication', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draw_rank', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('priority_group', sa.Integer(), nullable=True))
        batch_op.drop_index('ix_waveapplication_decided')
        batch_op.create_index(batch_op.f('ix_waveapplication_wave_id'), ['wave_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_waveapplication_result'), ['result'], unique=False)
    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.drop_column('results_queued_at')
        batch_op.drop_column('results_queued_through')
