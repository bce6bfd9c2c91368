"""chat accounts: the account each outbox row goes out on, and people's contacts per account

Revision ID: d4f6a8b0c2e1
Revises: d4a7f0b2c9e1
Create Date: 2026-12-08 00:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d4f6a8b0c2e1"
down_revision: str | None = "d4a7f0b2c9e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every row so far was queued by the single transport: the account named "main".
    op.add_column(
        "outbox",
        sa.Column("account", sa.String(length=32), server_default="main", nullable=False),
    )
    op.create_table(
        "person_contact",
        sa.Column("contact_id", sa.String(length=128), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=32), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id"),
        sa.UniqueConstraint("person_id", "account"),
    )
    op.create_index("ix_person_contact_person_id", "person_contact", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_person_contact_person_id", table_name="person_contact")
    op.drop_table("person_contact")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("account")
