"""The grid hierarchy: community → grid → micro-grid → landlord grid, each with its person."""

from __future__ import annotations

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel


class Community(SQLModel, table=True):
    __tablename__ = "community"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=64)
    name: str = Field(max_length=128)
    aliases: list[str] = Field(default_factory=list, sa_type=JSON)
    staff_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")


class Grid(SQLModel, table=True):
    __tablename__ = "grid"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=64)
    community_id: int = Field(foreign_key="community.id", index=True)
    name: str = Field(max_length=128)
    worker_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")


class MicroGrid(SQLModel, table=True):
    __tablename__ = "micro_grid"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=64)
    grid_id: int = Field(foreign_key="grid.id", index=True)
    name: str = Field(max_length=128)
    worker_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")


class LandlordGrid(SQLModel, table=True):
    """One self-built house (or a few of one landlord); its landlord leads it."""

    __tablename__ = "landlord_grid"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=64)
    micro_grid_id: int = Field(foreign_key="micro_grid.id", index=True)
    community_id: int = Field(foreign_key="community.id", index=True)  # for building look-ups
    name: str = Field(max_length=128)
    address: str | None = Field(default=None, max_length=256)
    leader_id: int = Field(foreign_key="person.id", index=True)
    group_chat: str | None = Field(default=None, unique=True, max_length=128)
    group_name: str | None = Field(default=None, max_length=128)


class LandlordGridBuilding(SQLModel, table=True):
    """A building number of a landlord grid; one landlord grid per building in a community."""

    __tablename__ = "landlord_grid_building"
    __table_args__ = (UniqueConstraint("community_id", "building"),)

    id: int | None = Field(default=None, primary_key=True)
    landlord_grid_id: int = Field(foreign_key="landlord_grid.id", index=True, ondelete="CASCADE")
    community_id: int = Field(foreign_key="community.id")
    building: str = Field(max_length=32)
