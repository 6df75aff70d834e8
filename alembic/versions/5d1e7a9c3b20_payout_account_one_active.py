"""payout account: one active per participant, deactivation time

Revision ID: 5d1e7a9c3b20
Revises: 34a5aac0f3f5
Create Date: 2026-12-03 09:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models

# revision identifiers, used by Alembic.
revision: str = '5d1e7a9c3b20'
down_revision: Union[str, Sequence[str], None] = '34a5aac0f3f5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """A participant has at most one active payout account (a partial unique index, on
    SQLite and PostgreSQL); a replaced account keeps the time it was deactivated."""
    with op.batch_alter_table('payoutaccount', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deactivated_at', prakerja_app.models.UTCDateTime(), nullable=True))
        batch_op.create_index(
            'uq_payoutaccount_one_active',
            ['participant_id'],
            unique=True,
            sqlite_where=sa.text('active'),
            postgresql_where=sa.text('active'),
        )


def downgrade() -> None:
    """Drop the index and the column."""
    with op.batch_alter_table('payoutaccount', schema=None) as batch_op:
        batch_op.drop_index('uq_payoutaccount_one_active')
        batch_op.drop_column('deactivated_at')
