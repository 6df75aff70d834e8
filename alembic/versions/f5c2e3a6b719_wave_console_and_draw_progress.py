"""wave console and draw progress

Revision ID: f5c2e3a6b719
Revises: e4b1d2f5a608
Create Date: 2026-12-02 14:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'f5c2e3a6b719'
down_revision: Union[str, Sequence[str], None] = 'e4b1d2f5a608'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """The operator's draw requests and their stage, draws apart from announcing, and
    quotas per province."""
    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draw_request', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('draw_requested_at', prakerja_app.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('drawn_at', prakerja_app.models.UTCDateTime(), nullable=True))
    # Waves announced before this were drawn when they were announced.
    op.execute("UPDATE wave SET drawn_at = announced_at WHERE status = 'announced'")
    op.create_table('waveprovincequota',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('province_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=False),
    sa.CheckConstraint('quota > 0', name='waveprovincequota_quota'),
    sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('wave_id', 'province_code')
    )
    with op.batch_alter_table('jobrun', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True))


def downgrade() -> None:
    """Downgrade schema: a drawn wave is announced, as the old draw did at once."""
    with op.batch_alter_table('jobrun', schema=None) as batch_op:
        batch_op.drop_column('stage')
    op.drop_table('waveprovincequota')
    op.execute("UPDATE wave SET status = 'announced', announced_at = drawn_at WHERE status = 'drawn'")
    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.drop_column('drawn_at')
        batch_op.drop_column('draw_requested_at')
        batch_op.drop_column('draw_request')
