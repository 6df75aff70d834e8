"""payment runs, payout attempts and reconciliation mismatches

Revision ID: 8c4f6e2b0d31
Revises: 7b3e5d9a1c20
Create Date: 2026-12-03 13:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '8c4f6e2b0d31'
down_revision: Union[str, Sequence[str], None] = '7b3e5d9a1c20'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

RUN_OPEN = "status IN ('gathered', 'prepared', 'approved')"
ATTEMPT_LIVE = "status IN ('pending', 'created', 'sent')"


def upgrade() -> None:
    """The payment runs' tables; payments scheduled before wait for the first run. A
    payment's tries are counted by their rows now, not in `payment.attempts` (never
    written before): a native DROP COLUMN, which SQLite has since 3.35."""
    op.drop_column('payment', 'attempts')
    op.create_table('paymentrun',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('gathered_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.Column('prepared_by', sa.Integer(), nullable=True),
    sa.Column('prepared_at', prakerja_app.models.UTCDateTime(), nullable=True),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', prakerja_app.models.UTCDateTime(), nullable=True),
    sa.Column('cancelled_by', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', prakerja_app.models.UTCDateTime(), nullable=True),
    sa.Column('cancel_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('sent_at', prakerja_app.models.UTCDateTime(), nullable=True),
    sa.Column('touched_at', prakerja_app.models.UTCDateTime(), nullable=True),
    sa.CheckConstraint("status IN ('gathered', 'prepared', 'approved', 'sent', 'cancelled')", name='paymentrun_status'),
    sa.CheckConstraint("approved_by IS NULL OR (prepared_by IS NOT NULL AND approved_by <> prepared_by)", name='paymentrun_four_eyes'),
    sa.CheckConstraint("status NOT IN ('approved', 'sent') OR approved_by IS NOT NULL", name='paymentrun_approved'),
    sa.ForeignKeyConstraint(['approved_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['cancelled_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['prepared_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_paymentrun_status'), 'paymentrun', ['status'], unique=False)
    op.create_index('uq_paymentrun_one_open', 'paymentrun', [sa.text('(1)')], unique=True, sqlite_where=sa.text(RUN_OPEN), postgresql_where=sa.text(RUN_OPEN))
    op.create_table('payoutattempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('payout_account_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reference_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('failure_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('partner_updated_at', prakerja_app.models.UTCDateTime(), nullable=True),
    sa.Column('created_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.Column('finished_at', prakerja_app.models.UTCDateTime(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'created', 'sent', 'completed', 'failed', 'cancelled')", name='payoutattempt_status'),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ),
    sa.ForeignKeyConstraint(['payout_account_id'], ['payoutaccount.id'], ),
    sa.ForeignKeyConstraint(['run_id'], ['paymentrun.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key'),
    sa.UniqueConstraint('payment_id', 'number'),
    sa.UniqueConstraint('reference_no')
    )
    op.create_index('ix_payoutattempt_run_status', 'payoutattempt', ['run_id', 'status'], unique=False)
    op.create_index('uq_payoutattempt_one_live', 'payoutattempt', ['payment_id'], unique=True, sqlite_where=sa.text(ATTEMPT_LIVE), postgresql_where=sa.text(ATTEMPT_LIVE))
    op.create_table('reconciliationmismatch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reference_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('mismatch', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('our_amount', sa.Integer(), nullable=True),
    sa.Column('our_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('their_amount', sa.Integer(), nullable=True),
    sa.Column('their_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('found_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('day', 'reference_no', 'mismatch')
    )
    op.create_index(op.f('ix_reconciliationmismatch_day'), 'reconciliationmismatch', ['day'], unique=False)


def downgrade() -> None:
    """Drop the payment runs' tables."""
    op.add_column('payment', sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
    op.drop_table('reconciliationmismatch')
    op.drop_table('payoutattempt')
    op.drop_table('paymentrun')
