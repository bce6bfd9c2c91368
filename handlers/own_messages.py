"""The bot never answers itself, even when a platform echoes its messages back.

Transports drop the echoes they can recognise (Wechaty's is_self); this filter is the
second line: the bot's own id as the channel declares it, or a sender wearing the bot's
display name.
"""

from __future__ import annotations

from bot.chat import Channel, Inbound
from bot.config.settings import Settings


def not_from_bot(inbound: Inbound, settings: Settings, channel: Channel) -> bool:
    own = channel.bot_id
    return inbound.sender_name != settings.bot.name and (own is None or inbound.sender_id != own)
