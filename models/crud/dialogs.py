"""Open questions per (chat, sender), each with an expiry."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from models.messaging import Dialog


async def open_dialog(
    session: AsyncSession,
    *,
    chat_id: str,
    sender_id: str,
    name: str,
    slots: Mapping[str, Any],
    expires_at: datetime,
) -> Dialog:
    """Start (or restart, replacing) the dialog of this sender in this chat."""
    dialog = (await session.exec(_of(chat_id, sender_id))).first()
    if dialog is None:
        dialog = Dialog(chat_id=chat_id, sender_id=sender_id, name=name, expires_at=expires_at)
    dialog.name = name
    dialog.slots = dict(slots)
    dialog.expires_at = expires_at
    session.add(dialog)
    await session.flush()
    return dialog


async def current_dialog(
    session: AsyncSession, *, chat_id: str, sender_id: str, now: datetime
) -> Dialog | None:
    """The sender's open dialog in this chat, or None (an expired one counts as none)."""
    dialog = (await session.exec(_of(chat_id, sender_id))).first()
    if dialog is None or dialog.expires_at <= now:
        return None
    return dialog


async def close_dialog(session: AsyncSession, *, chat_id: str, sender_id: str) -> None:
    await session.exec(
        delete(Dialog)
        .where(col(Dialog.chat_id) == chat_id)
        .where(col(Dialog.sender_id) == sender_id)
    )


async def purge_expired_dialogs(session: AsyncSession, *, now: datetime) -> int:
    result = await session.exec(delete(Dialog).where(col(Dialog.expires_at) <= now))
    return result.rowcount


def _of(chat_id: str, sender_id: str) -> SelectOfScalar[Dialog]:
    return select(Dialog).where(Dialog.chat_id == chat_id, Dialog.sender_id == sender_id)


async def dialog_expiry(session: AsyncSession, *, chat_id: str, sender_id: str) -> datetime | None:
    """When the sender's dialog in this chat expires (also if it has), or None: no dialog."""
    statement = select(Dialog.expires_at).where(
        Dialog.chat_id == chat_id, Dialog.sender_id == sender_id
    )
    return (await session.exec(statement)).first()


async def expired_dialogs(session: AsyncSession, *, name: str, now: datetime) -> list[Dialog]:
    statement = select(Dialog).where(Dialog.name == name, col(Dialog.expires_at) <= now)
    return list((await session.exec(statement)).all())
