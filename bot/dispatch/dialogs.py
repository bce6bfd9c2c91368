"""The `dialog` context value: the open dialog of this sender in this chat, or None.

Several routers ask (the register conversation, the location question, a leader's
unknown command); one look-up per message serves them all. It is the dialog as the
message found it: a handler that opens or closes one returns its answer, so no later
router of the same message needs to see the change.
"""

from __future__ import annotations

from datetime import datetime

from bot.cache.lookups import Lookups
from bot.chat import Inbound
from bot.dispatch.lazy_session import LazySession
from models.crud.dialogs import current_dialog
from models.messaging import Dialog


async def find_dialog(
    inbound: Inbound, lazy_session: LazySession, lookups: Lookups, now: datetime
) -> Dialog | None:
    if not await lookups.has_dialog(lazy_session, inbound.chat_id, inbound.sender_id, now):
        return None  # most messages: known without a query
    return await current_dialog(
        await lazy_session(), chat_id=inbound.chat_id, sender_id=inbound.sender_id, now=now
    )
