"""Which landlord grids a group chat covers, bound in the chat and kept as history.

A binding row is never deleted: unbinding (or rebinding elsewhere) sets `unbound_at` and
`unbound_by_id`, so the rows of a chat are its binding log (who bound, who unbound, when).
Active rows are those with `unbound_at` None. Bindings are by room id, so a renamed group
keeps them. `LandlordGrid.group_chat` mirrors a chat bound to exactly one grid (see
models/crud/bindings.py), so code that reads it keeps working.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow


class GroupBinding(SQLModel, table=True):
    __tablename__ = "group_binding"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: str = Field(index=True, max_length=128)
    landlord_grid_id: int = Field(foreign_key="landlord_grid.id", index=True, ondelete="CASCADE")
    bound_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    bound_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    unbound_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    unbound_at: datetime | None = Field(default=None, sa_type=TZDateTime)


class SeenGroup(SQLModel, table=True):
    """A group the bot is in that no landlord grid was bound to when it was first seen.

    It remembers that the introduction was posted and staff were told (each once), and a
    pending numbered choice after an ambiguous "绑定 …" (the codes offered, to whom, when).
    """

    __tablename__ = "seen_group"

    chat_id: str = Field(primary_key=True, max_length=128)
    topic: str | None = Field(default=None, max_length=128)
    first_seen_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    introduced_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    staff_notified_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    choice_codes: list[str] = Field(default_factory=list, sa_type=JSON)
    choice_by: str | None = Field(default=None, max_length=128)
    choice_at: datetime | None = Field(default=None, sa_type=TZDateTime)
