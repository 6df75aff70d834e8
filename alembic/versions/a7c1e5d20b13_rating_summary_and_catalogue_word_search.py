"""rating summary and catalogue word search

Revision ID: a7c1e5d20b13
Revises: c6591e980ec8
Create Date: 2026-12-02 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'a7c1e5d20b13'
down_revision: Union[str, Sequence[str], None] = 'c6591e980ec8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


TRIGRAM_INDEXES = ("title", "description")  # of training, for the catalogue's word search


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('trainingrating',
    sa.Column('training_id', sa.Integer(), nullable=False),
    sa.Column('reviews', sa.Integer(), nullable=False),
    sa.Column('stars', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['training_id'], ['training.id'], ),
    sa.PrimaryKeyConstraint('training_id')
    )
    op.execute(
        "INSERT INTO trainingrating (training_id, reviews, stars)"
        " SELECT training_id, count(*), sum(stars) FROM review GROUP BY training_id"
    )
    op.create_index(op.f('ix_training_published_on'), 'training', ['published_on'], unique=False)
    # GIN trigram indexes on PostgreSQL; SQLite makes plain ones of the same names, so both
    # databases have the schema the models declare.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in TRIGRAM_INDEXES:
        op.create_index(
            f'ix_training_{column}_trgm', 'training', [column], unique=False,
            postgresql_using='gin', postgresql_ops={column: 'gin_trgm_ops'},
        )


def downgrade() -> None:
    """Downgrade schema (pg_trgm stays: other objects may use it)."""
    for column in TRIGRAM_INDEXES:
        op.drop_index(f'ix_training_{column}_trgm', table_name='training')
    op.drop_index(op.f('ix_training_published_on'), table_name='training')
    op.drop_table('trainingrating')
