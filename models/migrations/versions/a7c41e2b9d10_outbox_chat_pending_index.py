"""outbox index for a chat's older pending rows

Revision ID: a7c41e2b9d10
Revises: 1f3e0c0d6b8d
Create Date: 2026-11-25 16:08:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a7c41e2b9d10"
down_revision: str | None = "1f3e0c0d6b8d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_chat_id_status_id", "outbox", ["chat_id", "status", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_chat_id_status_id", table_name="outbox")
