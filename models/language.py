"""A language a person chose explicitly, apart from Person (whose `lang` follows their writing)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow


class LanguageChoice(SQLModel, table=True):
    """A language a person asked for ("English please"): it no longer follows their writing."""

    __tablename__ = "language_choice"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    lang: str = Field(max_length=8)
    chosen_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
