"""What handlers return: messages as data (template, context, recipient), never text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.chat import ChatKind, Inbound


@dataclass(frozen=True, slots=True)
class ToGroup:
    """A group chat, optionally @mentioning some of its members."""

    chat_id: str
    mention_ids: tuple[str, ...] = ()
    lang: str = "zh"


@dataclass(frozen=True, slots=True)
class ToPerson:
    """One person by contact id; `lang=None` means: look it up in the people register."""

    contact_id: str
    lang: str | None = None


Recipient = ToGroup | ToPerson


@dataclass(frozen=True, slots=True)
class Outbound:
    """One message to render from templates/{lang}/{template}.j2 and put in the outbox."""

    template: str
    to: Recipient
    context: Mapping[str, Any] = field(default_factory=dict)
    # It holds a bearer credential (a console login link): erased from the outbox once sent.
    secret: bool = False
    # A proactive message that can wait for the morning: queued in quiet hours, it is held
    # until they end (bot/dispatch/enqueue.py); urgent news is never held.
    hold: bool = False


def reply(
    inbound: Inbound,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    lang: str | None = None,
    mention: bool = True,
) -> Outbound:
    """An answer where the message came from: the group (@mentioning the sender) or the DM."""
    if inbound.chat_kind is ChatKind.GROUP:
        mentions = (inbound.sender_id,) if mention else ()
        to: Recipient = ToGroup(inbound.chat_id, mentions, lang or "zh")
    else:
        to = ToPerson(inbound.sender_id, lang)
    return Outbound(template, to, context or {})
