"""People: directory entries (with a key) and chat participants (first seen in a chat)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, unique=True, max_length=64)  # the directory key
    contact_id: str | None = Field(default=None, unique=True, max_length=128)  # platform id
    name: str = Field(max_length=128)
    phone: str | None = Field(default=None, max_length=32)
    # The directory says the phone may be shown on the public household page (一键四知).
    phone_public: bool = False
    lang: str = Field(default="zh", max_length=8)
    roles: list[str] = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)

    def has_role(self, role: str) -> bool:
        return role in self.roles


class PersonHome(SQLModel, table=True):
    """Where a person lives (a room of a landlord grid), apart from Person because the landlord
    grid already points at its leader, and a foreign-key cycle would need ALTER on SQLite."""

    __tablename__ = "person_home"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    landlord_grid_id: int = Field(foreign_key="landlord_grid.id", index=True, ondelete="CASCADE")
    room: str | None = Field(default=None, max_length=32)


class PersonContact(SQLModel, table=True):
    """A person's contact on another chat account (config `[[accounts]]`): someone linked
    on WeChat and on WeCom is one person with two contacts. `Person.contact_id` is the one
    they use (their direct messages go there); this table holds the others, one per
    account, so a message from any of them is from the same person (models/crud/contacts.py).
    Ids are as stored (bot/accounts.py): the account is in them, and kept here for queries.
    """

    __tablename__ = "person_contact"
    __table_args__ = (UniqueConstraint("person_id", "account"),)

    contact_id: str = Field(primary_key=True, max_length=128)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    account: str = Field(max_length=32)
    linked_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
