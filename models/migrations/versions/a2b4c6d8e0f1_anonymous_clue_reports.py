"""clue reports (线索举报): events marked anonymous, and the audit of reveals

Revision ID: a2b4c6d8e0f1
Revises: f1a8c3d5b7e2
Create Date: 2026-12-08 01:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a2b4c6d8e0f1"
down_revision: str | None = "f1a8c3d5b7e2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "event", sa.Column("anonymous", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_table(
        "reporter_reveal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=256), nullable=False),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["viewer_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reporter_reveal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reporter_reveal_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reporter_reveal_revealed_at"), ["revealed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reporter_reveal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporter_reveal_revealed_at"))
        batch_op.drop_index(batch_op.f("ix_reporter_reveal_event_id"))
    op.drop_table("reporter_reveal")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("anonymous")
