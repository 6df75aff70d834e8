"""the cash ledger of incentives and survey payments, by double entry

Revision ID: 34a5aac0f3f5
Revises: 04a33d8b9839
Create Date: 2026-12-03 09:45:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '34a5aac0f3f5'
down_revision: Union[str, Sequence[str], None] = '04a33d8b9839'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_PAYMENTS = sa.table(
    'payment',
    sa.column('id', sa.Integer()),
    sa.column('participant_id', sa.Integer()),
    sa.column('amount', sa.Integer()),
    sa.column('idempotency_key', sa.String()),
    sa.column('created_at', prakerja_app.models.UTCDateTime()),
)
_ENTRIES = sa.table(
    'cashentry',
    sa.column('journal', sa.String()),
    sa.column('account', sa.String()),
    sa.column('amount', sa.Integer()),
    sa.column('payment_id', sa.Integer()),
    sa.column('created_at', prakerja_app.models.UTCDateTime()),
)


def _owe_existing_payments() -> None:
    """Every payment scheduled before the ledger existed: pool to what is owed."""
    journal = sa.literal('owed:') + _PAYMENTS.c.idempotency_key
    for account, amount in (
        (sa.literal('pool'), -_PAYMENTS.c.amount),
        (sa.literal('owed:') + sa.cast(_PAYMENTS.c.participant_id, sa.String()), _PAYMENTS.c.amount),
    ):
        op.execute(_ENTRIES.insert().from_select(
            ['journal', 'account', 'amount', 'payment_id', 'created_at'],
            sa.select(journal, account, amount, _PAYMENTS.c.id, _PAYMENTS.c.created_at),
        ))


def upgrade() -> None:
    """The cash ledger: append-only, each journal balanced (checked at commit on PostgreSQL)."""
    op.create_table('cashentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('journal', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('account', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.CheckConstraint('amount <> 0', name='cashentry_amount_nonzero'),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('journal', 'account')
    )
    with op.batch_alter_table('cashentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cashentry_account'), ['account'], unique=False)
        batch_op.create_index(batch_op.f('ix_cashentry_journal'), ['journal'], unique=False)
        batch_op.create_index(batch_op.f('ix_cashentry_payment_id'), ['payment_id'], unique=False)
    _owe_existing_payments()
    for statement in prakerja_app.models.CASH_LEDGER_RULES.get(op.get_bind().dialect.name, ()):
        op.execute(sa.text(statement))


def downgrade() -> None:
    """No cash ledger."""
    op.drop_table('cashentry')  # its triggers go with it
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(sa.text("DROP FUNCTION IF EXISTS cashentry_append_only()"))
        op.execute(sa.text("DROP FUNCTION IF EXISTS cashentry_balanced()"))
