"""admin roles and second factor

Revision ID: d3a9c0e41f57
Revises: b8d2f6e31c24
Create Date: 2026-12-02 14:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'd3a9c0e41f57'
down_revision: Union[str, Sequence[str], None] = 'b8d2f6e31c24'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Admin roles, and the second factor: a sealed TOTP secret and recovery codes."""
    op.create_table(
        'admingrant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column('granted_by', sa.Integer(), nullable=True),
        sa.Column('created_at', prakerja_app.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['granted_by'], ['user.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'role'),
    )
    with op.batch_alter_table('admingrant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admingrant_user_id'), ['user_id'], unique=False)
    op.create_table(
        'recoverycode',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('used_at', prakerja_app.models.UTCDateTime(), nullable=True),
        sa.Column('created_at', prakerja_app.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code_hash'),
    )
    with op.batch_alter_table('recoverycode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recoverycode_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
        batch_op.add_column(sa.Column('totp_enrolled_at', prakerja_app.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
    # The admins of before were all-powerful: each keeps the super admin's role, and grants
    # the others' roles from the console.
    op.execute(
        "INSERT INTO admingrant (user_id, role, created_at)"
        " SELECT id, 'super_admin', created_at FROM \"user\" WHERE role = 'admin'"
    )


def downgrade() -> None:
    """Back to one all-powerful admin role, without a second factor."""
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_enrolled_at')
        batch_op.drop_column('totp_secret')
    with op.batch_alter_table('recoverycode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recoverycode_user_id'))
    op.drop_table('recoverycode')
    with op.batch_alter_table('admingrant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admingrant_user_id'))
    op.drop_table('admingrant')
