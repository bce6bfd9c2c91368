"""The holding reply: "已收到，系统稍后处理" to a person kept waiting by a database outage.

The outbox lives in the database, so this reply goes through the transport directly. It is
for people who wait for an answer (a report, a direct message, a message to the bot), once
per person per outage (from the journal's first message until it is empty again), and only
when their message has waited `after` seconds: a short blip answers everyone as usual.
Their language is the one the bot remembers for them (no database needed), else the one
their message is written in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.cache.lookups import Lookups
from bot.chat import ChatKind, Delivery, Inbound, Transport, TransportError
from bot.kinds import Kind
from bot.lang.detect import guess_language
from bot.nlu import parse
from bot.nlu.reading import Reading
from bot.render import Renderer

logger = logging.getLogger(__name__)

TEMPLATE = "held"


@dataclass(frozen=True, slots=True)
class _Waiting:
    inbound: Inbound
    since: float  # monotonic seconds


def waits_for_an_answer(inbound: Inbound, reading: Reading) -> bool:
    """A message someone expects the bot to answer: to the bot, or a report."""
    if inbound.chat_kind is ChatKind.DIRECT or inbound.mentions_bot:
        return True
    return reading.kind is not Kind.NONE


class HoldingReplies:
    def __init__(
        self,
        *,
        transport: Transport,
        renderer: Renderer,
        lookups: Lookups,
        default_lang: str,
        after: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transport = transport
        self._renderer = renderer
        self._lookups = lookups
        self._default_lang = default_lang
        self.after = after
        self._monotonic = monotonic
        self._waiting: dict[tuple[str, str], _Waiting] = {}  # by (platform, message id)
        self._told: set[str] = set()  # senders answered in this outage
        self.sent = 0

    def journaled(self, inbound: Inbound) -> None:
        """`inbound` went to the journal: note its sender if they wait for an answer."""
        if inbound.sender_id in self._told:
            return
        if waits_for_an_answer(inbound, parse(inbound.text, inbound.timestamp)):
            key = (inbound.platform, inbound.message_id)
            self._waiting.setdefault(key, _Waiting(inbound, self._monotonic()))

    def handled(self, inbound: Inbound) -> None:
        """Its message was handled (answered as usual): no holding reply for it."""
        self._waiting.pop((inbound.platform, inbound.message_id), None)

    def told_before(self, sender_id: str) -> None:
        """A process before this one told `sender_id` in this outage (the journal says)."""
        self._told.add(sender_id)

    def outage_over(self) -> None:
        """The journal is empty: the next outage may answer everyone once again."""
        self._waiting.clear()
        self._told.clear()

    async def send_due(self) -> list[str]:
        """Send the holding replies due now; to whom they went. A sender whose reply could
        not be sent (the transport is away too) is tried again on the next call."""
        now, sent = self._monotonic(), []
        for key, waiting in list(self._waiting.items()):
            inbound = waiting.inbound
            if inbound.sender_id in self._told:
                del self._waiting[key]
                continue
            if now - waiting.since < self.after:
                continue
            try:
                await self._transport.send(self._delivery(inbound))
            except TransportError as error:
                logger.warning("could not send a holding reply to %s: %s", inbound.sender_id, error)
                continue
            self._told.add(inbound.sender_id)
            self._waiting.pop(key, None)
            sent.append(inbound.sender_id)
        self.sent += len(sent)
        return sent

    def _delivery(self, inbound: Inbound) -> Delivery:
        lang = self._lookups.language_hint(inbound.sender_id) or guess_language(
            inbound.text, self._default_lang
        )
        text = self._renderer.render(TEMPLATE, {"name": inbound.sender_name}, lang)
        if inbound.chat_kind is ChatKind.GROUP:
            return Delivery(ChatKind.GROUP, inbound.chat_id, text, (inbound.sender_id,))
        return Delivery(ChatKind.DIRECT, inbound.sender_id, text)
