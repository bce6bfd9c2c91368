"""The bot never answers itself, even when a platform echoes its messages back.

Transports drop the echoes they can recognise (Wechaty's is_self); this filter is the
second line: the simulator's bot id, an id the app provides as `bot_id`, or a sender
wearing the bot's display name.
"""

from __future__ import annotations

from bot.config.settings import Settings
from bot.transport.base import Inbound
from bot.transport.simulator_chat import BOT_ID as SIMULATOR_BOT_ID


def not_from_bot(inbound: Inbound, settings: Settings, bot_id: str | None = None) -> bool:
    own_ids = {SIMULATOR_BOT_ID, *([bot_id] if bot_id else [])}
    return inbound.sender_id not in own_ids and inbound.sender_name != settings.bot.name
