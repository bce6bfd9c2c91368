"""invite_throttle and privacy_notice: the invite throttle and the privacy advice given,
shared by every process and kept over restarts

Revision ID: d4a7f0b2c9e1
Revises: a2b4c6d8e0f1
Create Date: 2026-12-08 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d4a7f0b2c9e1"
down_revision: str | None = "a2b4c6d8e0f1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invite_throttle",
        sa.Column("contact_id", sa.String(length=128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("contact_id"),
    )
    op.create_table(
        "privacy_notice",
        sa.Column("chat_id", sa.String(length=128), nullable=False),
        sa.Column("contact_id", sa.String(length=128), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "contact_id"),
    )


def downgrade() -> None:
    op.drop_table("privacy_notice")
    op.drop_table("invite_throttle")
