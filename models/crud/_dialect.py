"""The one place that knows SQLite and PostgreSQL spell upserts differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def upsert(session: AsyncSession, table: Any) -> postgresql.Insert | sqlite.Insert:
    """An INSERT with `on_conflict_do_nothing/do_update` (same API on both dialects)."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
