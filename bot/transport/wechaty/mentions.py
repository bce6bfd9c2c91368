"""How WeChat writes an @mention into a message's text."""

from __future__ import annotations

from bot.chat import MentionStyle

# WeChat separates an @mention from what follows with a four-per-em space.
MENTION_SEPARATOR = "\u2005"
WECHAT_MENTIONS = MentionStyle(MENTION_SEPARATOR)
