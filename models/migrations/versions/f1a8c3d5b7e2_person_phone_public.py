"""a directory person's phone may be shown on the public household page (一键四知)

Revision ID: f1a8c3d5b7e2
Revises: d4f7a1c2e9b3
Create Date: 2026-12-08 01:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f1a8c3d5b7e2"
down_revision: str | None = "d4f7a1c2e9b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "person",
        sa.Column("phone_public", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    # Not a batch (copy and rename) on SQLite: the change log's triggers on person_home
    # name person, and a rename under them fails. SQLite >= 3.35 drops a column in place.
    op.execute("ALTER TABLE person DROP COLUMN phone_public")
