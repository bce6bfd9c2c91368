"""What the directory sync steps share: the statistics and the change-detecting assignment."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession


@dataclass
class SyncStats:
    """Rows created and updated per table (table name → count)."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


def assign(row: SQLModel, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


async def ids_by_code(session: AsyncSession, model: Any) -> dict[str, int]:
    rows = (await session.exec(select(model.code, model.id))).all()
    return {code: ident for code, ident in rows}
