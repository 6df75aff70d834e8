"""applicant search and disclosures

No schema change: each search key is already stored normalised under a unique index
(``user.email`` lowercased, ``applicantprofile.phone`` in E.164, ``applicantprofile.nik``,
``participant.card_number``), and a disclosure is an ``auditlog`` row.

Revision ID: a6d3f4b7c820
Revises: f5c2e3a6b719
Create Date: 2026-12-02 14:00:00.000000

"""
from typing import Sequence, Union

# revision identifiers, used by Alembic.
revision: str = 'a6d3f4b7c820'
down_revision: Union[str, Sequence[str], None] = 'f5c2e3a6b719'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Nothing to add (see above)."""


def downgrade() -> None:
    """Nothing to remove."""
