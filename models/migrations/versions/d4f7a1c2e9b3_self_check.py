"""the monthly safety self-check: one row per house and month

Revision ID: d4f7a1c2e9b3
Revises: c3e91b7d5a20
Create Date: 2026-12-08 00:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d4f7a1c2e9b3"
down_revision: str | None = "c3e91b7d5a20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "self_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("landlord_grid_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["landlord_grid_id"], ["landlord_grid.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["leader_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("landlord_grid_id", "period"),
    )
    with op.batch_alter_table("self_check", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_self_check_landlord_grid_id"), ["landlord_grid_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_self_check_period"), ["period"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("self_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_check_period"))
        batch_op.drop_index(batch_op.f("ix_self_check_landlord_grid_id"))
    op.drop_table("self_check")
