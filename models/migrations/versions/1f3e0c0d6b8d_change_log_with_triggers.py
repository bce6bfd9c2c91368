"""change log with triggers

Revision ID: 1f3e0c0d6b8d
Revises: 798877e83d8a
Create Date: 2026-11-25 15:44:25.781572

The triggers append one change_log row per changed cache key (see models/changes.py, whose
SQL this is a frozen copy of: a later change to the triggers needs a new revision).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1f3e0c0d6b8d"
down_revision: str | None = "798877e83d8a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, area, key of the row "{row}" (OLD or NEW), "{sep}" the unit separator character)
WATCHED = (
    ("group_binding", "chat", "{row}.chat_id"),
    ("landlord_grid", "chat", "{row}.group_chat"),
    ("person", "contact", "{row}.contact_id"),
    ("person_home", "contact", "(SELECT contact_id FROM person WHERE id = {row}.person_id)"),
    ("dialog", "dialog", "{row}.chat_id || {sep} || {row}.sender_id"),
)


def _key(template: str, row: str, dialect: str) -> str:
    return template.format(row=row, sep="chr(31)" if dialect == "postgresql" else "char(31)")


def _sqlite_log(area: str, template: str, row: str, *, unless_equal_to: str | None = None) -> str:
    condition = "k IS NOT NULL"
    if unless_equal_to is not None:
        condition += f" AND k IS NOT {_key(template, unless_equal_to, 'sqlite')}"
    return (
        f"INSERT INTO change_log (area, key) SELECT '{area}', k"
        f" FROM (SELECT {_key(template, row, 'sqlite')} AS k) WHERE {condition};"
    )


def _sqlite_triggers(table: str, area: str, template: str) -> list[str]:
    bodies = {
        "INSERT": _sqlite_log(area, template, "NEW"),
        "UPDATE": _sqlite_log(area, template, "OLD")
        + " "
        + _sqlite_log(area, template, "NEW", unless_equal_to="OLD"),
        "DELETE": _sqlite_log(area, template, "OLD"),
    }
    return [
        f"CREATE TRIGGER IF NOT EXISTS change_log_{table}_{event.lower()}"
        f" AFTER {event} ON {table} BEGIN {body} END"
        for event, body in bodies.items()
    ]


def _postgresql_triggers(table: str, area: str, template: str) -> list[str]:
    name = f"change_log_{table}"
    function = f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_key text;
    new_key text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_key := {_key(template, "OLD", "postgresql")};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_key := {_key(template, "NEW", "postgresql")};
    END IF;
    IF old_key IS NOT NULL THEN
        INSERT INTO change_log (area, key) VALUES ('{area}', old_key);
    END IF;
    IF new_key IS NOT NULL AND new_key IS DISTINCT FROM old_key THEN
        INSERT INTO change_log (area, key) VALUES ('{area}', new_key);
    END IF;
    RETURN NULL;
END
$$"""
    trigger = (
        f"CREATE OR REPLACE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION {name}()"
    )
    return [function, trigger]


def _execute(statement: str) -> None:
    # exec_driver_sql: no bind-parameter parsing of ":=" in the plpgsql bodies.
    op.get_bind().exec_driver_sql(statement)


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("area", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("seq"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_at"), ["at"], unique=False)

    dialect = op.get_bind().dialect.name
    build = _postgresql_triggers if dialect == "postgresql" else _sqlite_triggers
    for table, area, template in WATCHED:
        for statement in build(table, area, template):
            _execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, _area, _template in WATCHED:
        if dialect == "postgresql":
            _execute(f"DROP TRIGGER IF EXISTS change_log_{table} ON {table}")
            _execute(f"DROP FUNCTION IF EXISTS change_log_{table}()")
        else:
            for name in ("insert", "update", "delete"):
                _execute(f"DROP TRIGGER IF EXISTS change_log_{table}_{name}")

    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_at"))

    op.drop_table("change_log")
