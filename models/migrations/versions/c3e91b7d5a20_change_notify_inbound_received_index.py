"""change log NOTIFY (PostgreSQL) and an index for the inbound log's retention

Revision ID: c3e91b7d5a20
Revises: b5d2e8f41c07
Create Date: 2026-12-07 20:00:00.000000

- PostgreSQL: a statement trigger on change_log sends NOTIFY gridbot_change, so a process
  reads the log only when something changed (a frozen copy of models/changes.py's SQL).
- Both: inbound_message(received_at), so the retention job deletes old rows by range.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c3e91b7d5a20"
down_revision: str | None = "b5d2e8f41c07"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOTIFY = [
    """CREATE OR REPLACE FUNCTION change_log_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gridbot_change', '');
    RETURN NULL;
END
$$""",
    "CREATE OR REPLACE TRIGGER change_log_notify AFTER INSERT ON change_log"
    " FOR EACH STATEMENT EXECUTE FUNCTION change_log_notify()",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in NOTIFY:
            op.get_bind().exec_driver_sql(statement)
    op.create_index(
        "ix_inbound_message_received_at", "inbound_message", ["received_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_inbound_message_received_at", table_name="inbound_message")
    if op.get_bind().dialect.name == "postgresql":
        op.get_bind().exec_driver_sql("DROP TRIGGER IF EXISTS change_log_notify ON change_log")
        op.get_bind().exec_driver_sql("DROP FUNCTION IF EXISTS change_log_notify()")
