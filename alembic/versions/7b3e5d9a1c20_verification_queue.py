"""verification queue: account origins, photo fingerprints, cases and flags

Revision ID: 7b3e5d9a1c20
Revises: 5d1e7a9c3b20
Create Date: 2026-12-03 09:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '7b3e5d9a1c20'
down_revision: Union[str, Sequence[str], None] = '5d1e7a9c3b20'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """The verification queue's tables. Accounts created before keep no origin (their
    clients were never stored), and photos stored before get their fingerprint only if
    uploaded again: the sweep compares what it has."""
    op.create_table('accountorigin',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_index(op.f('ix_accountorigin_client_hash'), 'accountorigin', ['client_hash'], unique=False)
    op.create_table('photofingerprint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('photo', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('phash', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('band0', sa.Integer(), nullable=True),
    sa.Column('band1', sa.Integer(), nullable=True),
    sa.Column('band2', sa.Integer(), nullable=True),
    sa.Column('band3', sa.Integer(), nullable=True),
    sa.Column('created_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'photo')
    )
    op.create_index(op.f('ix_photofingerprint_band0'), 'photofingerprint', ['band0'], unique=False)
    op.create_index(op.f('ix_photofingerprint_band1'), 'photofingerprint', ['band1'], unique=False)
    op.create_index(op.f('ix_photofingerprint_band2'), 'photofingerprint', ['band2'], unique=False)
    op.create_index(op.f('ix_photofingerprint_band3'), 'photofingerprint', ['band3'], unique=False)
    op.create_index(op.f('ix_photofingerprint_created_at'), 'photofingerprint', ['created_at'], unique=False)
    op.create_index(op.f('ix_photofingerprint_user_id'), 'photofingerprint', ['user_id'], unique=False)
    op.create_table('verificationcase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('opened_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.Column('decided_at', prakerja_app.models.UTCDateTime(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.CheckConstraint("(status = 'open') = (decided_at IS NULL) AND (status <> 'rejected' OR length(reason) >= 10)", name='verificationcase_decision'),
    sa.CheckConstraint("status IN ('open', 'approved', 'rejected')", name='verificationcase_status'),
    sa.ForeignKeyConstraint(['decided_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_verificationcase_opened_at'), 'verificationcase', ['opened_at'], unique=False)
    op.create_index(op.f('ix_verificationcase_status'), 'verificationcase', ['status'], unique=False)
    op.create_index(op.f('ix_verificationcase_user_id'), 'verificationcase', ['user_id'], unique=False)
    op.create_index('ux_verificationcase_open', 'verificationcase', ['user_id'], unique=True, postgresql_where=sa.text("status = 'open'"), sqlite_where=sa.text("status = 'open'"))
    op.create_table('verificationflag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('other_user_id', sa.Integer(), nullable=True),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('found_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['verificationcase.id'], ),
    sa.ForeignKeyConstraint(['other_user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'key')
    )
    op.create_index(op.f('ix_verificationflag_case_id'), 'verificationflag', ['case_id'], unique=False)
    op.create_index(op.f('ix_verificationflag_kind'), 'verificationflag', ['kind'], unique=False)


def downgrade() -> None:
    """Drop the verification queue's tables."""
    op.drop_index(op.f('ix_verificationflag_kind'), table_name='verificationflag')
    op.drop_index(op.f('ix_verificationflag_case_id'), table_name='verificationflag')
    op.drop_table('verificationflag')
    op.drop_index('ux_verificationcase_open', table_name='verificationcase', postgresql_where=sa.text("status = 'open'"), sqlite_where=sa.text("status = 'open'"))
    op.drop_index(op.f('ix_verificationcase_user_id'), table_name='verificationcase')
    op.drop_index(op.f('ix_verificationcase_status'), table_name='verificationcase')
    op.drop_index(op.f('ix_verificationcase_opened_at'), table_name='verificationcase')
    op.drop_table('verificationcase')
    op.drop_index(op.f('ix_photofingerprint_user_id'), table_name='photofingerprint')
    op.drop_index(op.f('ix_photofingerprint_created_at'), table_name='photofingerprint')
    op.drop_index(op.f('ix_photofingerprint_band3'), table_name='photofingerprint')
    op.drop_index(op.f('ix_photofingerprint_band2'), table_name='photofingerprint')
    op.drop_index(op.f('ix_photofingerprint_band1'), table_name='photofingerprint')
    op.drop_index(op.f('ix_photofingerprint_band0'), table_name='photofingerprint')
    op.drop_table('photofingerprint')
    op.drop_index(op.f('ix_accountorigin_client_hash'), table_name='accountorigin')
    op.drop_table('accountorigin')
