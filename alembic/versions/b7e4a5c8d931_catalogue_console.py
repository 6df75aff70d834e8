"""catalogue console

Revision ID: b7e4a5c8d931
Revises: a6d3f4b7c820
Create Date: 2026-12-02 15:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import prakerja_app.models
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'b7e4a5c8d931'
down_revision: Union[str, Sequence[str], None] = 'a6d3f4b7c820'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """No schema change: a delisting uses the platform's existing status, withdrawn_at
    (its effective time) and withdrawal_reason, and training.active takes a training off
    sale."""


def downgrade() -> None:
    """Nothing to undo."""
