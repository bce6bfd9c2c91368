"""Group chat ↔ landlord grid bindings: look-up, bind, unbind, with who and when.

`landlord_grids_of_chat` is the one answer to "which houses does this group cover". A
chat bound to exactly one grid is mirrored in `LandlordGrid.group_chat` (unique), so the
directory's pre-bound groups and code reading that column agree with the bindings; a chat
covering several grids has no mirror (the message's building or the sender's home picks).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.binding import GroupBinding
from models.crud.grid import landlord_grid_by_group_chat
from models.grid import LandlordGrid


async def landlord_grids_of_chat(session: AsyncSession, *, chat_id: str) -> list[LandlordGrid]:
    """The grids a group covers, in binding order; [] for an unbound group."""
    single = await landlord_grid_by_group_chat(session, chat_id=chat_id)
    if single is not None:
        return [single]
    return await bound_grids(session, chat_id=chat_id)


async def bound_grids(session: AsyncSession, *, chat_id: str) -> list[LandlordGrid]:
    """The grids bound to a chat covering several (no `group_chat` mirror), in binding order."""
    statement = (
        select(LandlordGrid)
        .join(GroupBinding, col(GroupBinding.landlord_grid_id) == LandlordGrid.id)
        .where(GroupBinding.chat_id == chat_id)
        .where(col(GroupBinding.unbound_at).is_(None))
        .order_by(col(GroupBinding.bound_at), col(GroupBinding.id))
    )
    return list((await session.exec(statement)).all())


async def group_chat_of_grid(session: AsyncSession, *, landlord_grid_id: int) -> str | None:
    """The group a landlord grid is discussed in (also when its group covers several)."""
    statement = (
        select(GroupBinding.chat_id)
        .where(GroupBinding.landlord_grid_id == landlord_grid_id)
        .where(col(GroupBinding.unbound_at).is_(None))
    )
    bound = (await session.exec(statement)).first()
    if bound is not None:
        return bound
    return (await session.get_one(LandlordGrid, landlord_grid_id)).group_chat


async def binding_log(session: AsyncSession, *, chat_id: str) -> list[GroupBinding]:
    statement = (
        select(GroupBinding).where(GroupBinding.chat_id == chat_id).order_by(col(GroupBinding.id))
    )
    return list((await session.exec(statement)).all())


async def bind_grid(
    session: AsyncSession,
    *,
    chat_id: str,
    landlord_grid: LandlordGrid,
    by_id: int,
    now: datetime,
    account_of: Callable[[str], str] | None = None,
) -> None:
    """Add `landlord_grid` to the chat's grids; its binding in another chat of the same chat
    account ends (`account_of`: which account a stored id is on, bot/accounts.py; without
    it, every other binding of the grid ends). A house may so have its residents' WeChat
    group and its staff's WeCom work group at once."""
    grid_id = _id(landlord_grid)
    await _adopt_directory_binding(session, chat_id=chat_id, now=now)
    if landlord_grid.group_chat and landlord_grid.group_chat != chat_id:
        await _adopt_directory_binding(session, chat_id=landlord_grid.group_chat, now=now)
    elsewhere = await _active(session, landlord_grid_id=grid_id)
    if account_of is not None:
        account = account_of(chat_id)
        elsewhere = [row for row in elsewhere if account_of(row.chat_id) == account]
    for row in elsewhere:
        _end(session, row, by_id=by_id, now=now)
    session.add(
        GroupBinding(chat_id=chat_id, landlord_grid_id=grid_id, bound_by_id=by_id, bound_at=now)
    )
    await session.flush()
    for chat in {chat_id, *(row.chat_id for row in elsewhere)}:
        await _mirror(session, chat_id=chat)


async def unbind_grids(
    session: AsyncSession, *, chat_id: str, grid_ids: set[int], by_id: int, now: datetime
) -> None:
    await _adopt_directory_binding(session, chat_id=chat_id, now=now)
    for row in await _active(session, chat_id=chat_id):
        if row.landlord_grid_id in grid_ids:
            _end(session, row, by_id=by_id, now=now)
    await session.flush()
    await _mirror(session, chat_id=chat_id)


async def _adopt_directory_binding(session: AsyncSession, *, chat_id: str, now: datetime) -> None:
    """A group bound by the directory gets its row before it is first changed in chat."""
    if await binding_log(session, chat_id=chat_id):
        return
    for grid in await landlord_grids_of_chat(session, chat_id=chat_id):
        session.add(GroupBinding(chat_id=chat_id, landlord_grid_id=_id(grid), bound_at=now))
    await session.flush()


async def _active(
    session: AsyncSession, *, chat_id: str | None = None, landlord_grid_id: int | None = None
) -> list[GroupBinding]:
    statement = select(GroupBinding).where(col(GroupBinding.unbound_at).is_(None))
    if chat_id is not None:
        statement = statement.where(GroupBinding.chat_id == chat_id)
    if landlord_grid_id is not None:
        statement = statement.where(GroupBinding.landlord_grid_id == landlord_grid_id)
    return list((await session.exec(statement)).all())


def _end(session: AsyncSession, row: GroupBinding, *, by_id: int, now: datetime) -> None:
    row.unbound_at, row.unbound_by_id = now, by_id
    session.add(row)


async def _mirror(session: AsyncSession, *, chat_id: str) -> None:
    """`LandlordGrid.group_chat` = chat for a chat with exactly one active grid, else nobody."""
    await session.exec(
        update(LandlordGrid)
        .where(col(LandlordGrid.group_chat) == chat_id)
        .values(group_chat=None)
        .execution_options(synchronize_session="fetch")
    )
    active = await _active(session, chat_id=chat_id)
    if len(active) == 1:
        grid = await session.get_one(LandlordGrid, active[0].landlord_grid_id)
        grid.group_chat = chat_id
        session.add(grid)
    await session.flush()


def _id(grid: LandlordGrid) -> int:
    if grid.id is None:
        raise ValueError("a landlord grid without an id")
    return grid.id
