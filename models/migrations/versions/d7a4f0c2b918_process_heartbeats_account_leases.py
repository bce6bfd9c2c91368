"""process heartbeats, account leases, and the process that claimed an outbox row

Revision ID: d7a4f0c2b918
Revises: d7f3a9c2e541
Create Date: 2026-12-08 00:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d7a4f0c2b918"
down_revision: str | None = "d7f3a9c2e541"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_process",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=128), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bot_process_heartbeat_at", "bot_process", ["heartbeat_at"])
    op.create_table(
        "account_lease",
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.Integer(), nullable=True),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account"),
    )
    op.add_column("outbox", sa.Column("claimed_by", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("claimed_by")
    op.drop_table("account_lease")
    op.drop_index("ix_bot_process_heartbeat_at", table_name="bot_process")
    op.drop_table("bot_process")
