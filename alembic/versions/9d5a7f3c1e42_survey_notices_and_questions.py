"""survey notices, and the three surveys' questions

Revision ID: 9d5a7f3c1e42
Revises: 8c4f6e2b0d31
Create Date: 2026-12-03 14:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlmodel import Session

import prakerja_app.models

# revision identifiers, used by Alembic.
revision: str = '9d5a7f3c1e42'
down_revision: Union[str, Sequence[str], None] = '8c4f6e2b0d31'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """The notices' table; the surveys get their questions (rows seeded before had none,
    and a database that never ran the demo seed had no surveys at all)."""
    op.create_table('surveynotice',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('queued_at', prakerja_app.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('participant_id', 'sequence')
    )
    from prakerja_app.services.surveys import questions

    with Session(bind=op.get_bind()) as db:
        questions.install(db)
        db.commit()


def downgrade() -> None:
    """Drop the notices (the questions stay)."""
    op.drop_table('surveynotice')
