"""list uploads and the priority list

Revision ID: 4c7e91a2d5b3
Revises: b7e4a5c8d931
Create Date: 2026-12-03 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '4c7e91a2d5b3'
down_revision: Union[str, Sequence[str], None] = 'b7e4a5c8d931'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """The ministry's priority list, the uploads that replace it or the exclusion list
    with their staged lines, and the priority-list matches each draw used."""
    op.create_table('priorityentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nik', 'source')
    )
    with op.batch_alter_table('priorityentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_priorityentry_nik'), ['nik'], unique=False)
    op.create_table('listupload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('file_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=False),
    sa.Column('created_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.Column('finished_at', prakerja_app.models.UTCDateTime(), nullable=True),
    sa.Column('lines', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('invalid', sa.Integer(), nullable=False),
    sa.Column('list_size', sa.Integer(), nullable=True),
    sa.Column('list_last_id', sa.Integer(), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.CheckConstraint('lines >= 0 AND added >= 0 AND removed >= 0 AND unchanged >= 0 AND invalid >= 0', name='listupload_counts'),
    sa.ForeignKeyConstraint(['uploaded_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('listupload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listupload_status'), ['status'], unique=False)
    op.create_table('listuploadline',
    sa.Column('upload_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('nik', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('problem', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.ForeignKeyConstraint(['upload_id'], ['listupload.id'], ),
    sa.PrimaryKeyConstraint('upload_id', 'line_no')
    )
    with op.batch_alter_table('listuploadline', schema=None) as batch_op:
        batch_op.create_index('ix_listuploadline_key', ['upload_id', 'nik', 'value'], unique=False)
    op.create_table('drawpriority',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['waveapplication.id'], ),
    sa.PrimaryKeyConstraint('application_id')
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('drawpriority')
    with op.batch_alter_table('listuploadline', schema=None) as batch_op:
        batch_op.drop_index('ix_listuploadline_key')
    op.drop_table('listuploadline')
    with op.batch_alter_table('listupload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listupload_status'))
    op.drop_table('listupload')
    with op.batch_alter_table('priorityentry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_priorityentry_nik'))
    op.drop_table('priorityentry')
