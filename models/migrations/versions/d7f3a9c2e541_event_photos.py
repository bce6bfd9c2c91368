"""event photos

Revision ID: d7f3a9c2e541
Revises: d4f6a8b0c2e1
Create Date: 2026-12-07 23:54:49.131443

event_photo: the photos kept with an event (a reporter's, a leader's fix), by content hash.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d7f3a9c2e541"
down_revision: str | None = "d4f6a8b0c2e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("file", sa.String(length=80), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("source_message_id", sa.String(length=128), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sender_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "file"),
    )
    with op.batch_alter_table("event_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_photo_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_photo_event_id"))

    op.drop_table("event_photo")
