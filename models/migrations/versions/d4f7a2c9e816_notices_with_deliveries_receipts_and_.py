"""notices with deliveries, receipts and the send pace; outbox rows held for quiet hours

Revision ID: d4f7a2c9e816
Revises: d7a4f0c2b918
Create Date: 2026-12-08 00:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d4f7a2c9e816"
down_revision: str | None = "d7a4f0c2b918"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "send_pace",
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_outbox_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("account"),
    )
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_name", sa.String(length=256), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("groups", sa.Integer(), nullable=False),
        sa.Column("houses", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("key", sa.String(length=191), nullable=True),
        sa.ForeignKeyConstraint(["sender_id"], ["person.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notice_send_at"), ["send_at"], unique=False)

    op.create_table(
        "notice_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("chat_kind", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=128), nullable=False),
        sa.Column("mention_ids", sa.JSON(), nullable=True),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("context", sa.JSON(), nullable=True),
        sa.Column("houses", sa.JSON(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["notice_id"], ["notice.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("notice_id", "chat_id", "template"),
    )
    with op.batch_alter_table("notice_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notice_delivery_notice_id"), ["notice_id"], unique=False
        )
        batch_op.create_index(
            "ix_notice_delivery_pick", ["account", "status", "urgent", "due_at"], unique=False
        )

    op.create_table(
        "notice_house",
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("landlord_grid_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("receipt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("receipt_by_id", sa.Integer(), nullable=True),
        sa.Column("receipt_via", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["landlord_grid_id"], ["landlord_grid.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["leader_id"], ["person.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["notice_id"], ["notice.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["receipt_by_id"], ["person.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("notice_id", "landlord_grid_id"),
    )
    with op.batch_alter_table("notice_house", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notice_house_landlord_grid_id"), ["landlord_grid_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_notice_house_remind_at"), ["remind_at"], unique=False)

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hold", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("hold")

    with op.batch_alter_table("notice_house", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_house_remind_at"))
        batch_op.drop_index(batch_op.f("ix_notice_house_landlord_grid_id"))

    op.drop_table("notice_house")
    with op.batch_alter_table("notice_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_notice_delivery_pick")
        batch_op.drop_index(batch_op.f("ix_notice_delivery_notice_id"))

    op.drop_table("notice_delivery")
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_send_at"))

    op.drop_table("notice")
    op.drop_table("send_pace")
