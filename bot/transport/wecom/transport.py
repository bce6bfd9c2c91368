"""GridBot's chat model on the WeCom smart robot (frames.py, connection.py).

- A group message reaches the robot only when it @mentions it (`mentions_bot` is always
  set); a direct message always does. WeCom leaves "@<robot> " in the text: it is taken
  out when the robot's name is known ([bot] name), so "@梧桐小助手 绑定 …" reads as
  "绑定 …" does on WeChat. WeCom gives no names, so `sender_name` is the userid, and no
  list of who else was @mentioned.
- Each callback carries a `req_id`: the first message GridBot sends back to that chat (to
  that sender in a group: the one it @mentions) answers on it (`aibot_respond_msg`), within
  `reply_window` seconds; everything else is sent on the robot's own (`aibot_send_msg`),
  as is an answer whose req_id the service no longer takes.
- The service may deliver a callback twice (after a reconnect): the last `seen_max`
  message ids are remembered and a repeat is dropped (the pipeline's inbound log catches
  older ones).
- A quote's text becomes `quoted_text` ("收到" quoting an assignment acknowledges it);
  voice arrives as WeCom's transcript; an image as its (encrypted, short-lived) URL in
  `images`; mixed messages as their text and their images.
- The protocol has no event for people joining a group: WeCom sends `enter_chat` when
  someone opens a direct chat with the robot (the first time in a day), which is not a
  join, so no `MemberJoin` comes from WeCom.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections import OrderedDict

from bot.chat import (
    ChatKind,
    Delivery,
    Feed,
    Inbound,
    MediaRef,
    MentionStyle,
    NotConnected,
    TransportError,
)
from bot.clock import Clock
from bot.transport.wecom import frames
from bot.transport.wecom.connection import ConnectionLost, Refused, WecomConnection

logger = logging.getLogger(__name__)
PLATFORM = "wecom"
# People type "@梧桐小助手 10幢漏水": the name, then a plain space.
WECOM_MENTIONS = MentionStyle(" ")
_ANSWERS_EXPIRED = frozenset({frames.INVALID_REQ_ID, frames.STREAM_EXPIRED})


class WecomTransport:
    platform = PLATFORM
    mention_style = WECOM_MENTIONS

    def __init__(
        self,
        *,
        url: str,
        bot_id: str,
        secret: str,
        clock: Clock,
        heartbeat: float = 30.0,
        retry_initial: float = 1.0,
        retry_max: float = 30.0,
        connect_timeout: float = 30.0,
        answer_timeout: float = 10.0,
        reply_window: float = 60.0,
        seen_max: int = 4096,
        bot_name: str | None = None,
    ) -> None:
        self._bot_id = bot_id
        # "@<robot> " as members write it: taken out of group messages' text, as WeChat
        # carries a mention beside the text (every group message here @s the robot).
        self._own_mention = (
            None if not bot_name else re.compile(rf"(?:^|\s)@{re.escape(bot_name)}(?=\s|$)\s*")
        )
        self._clock = clock
        self._connection = WecomConnection(
            url=url,
            bot_id=bot_id,
            secret=secret,
            on_frame=self._on_frame,
            heartbeat=heartbeat,
            retry_initial=retry_initial,
            retry_max=retry_max,
            answer_timeout=answer_timeout,
        )
        self.url = url
        self._connect_timeout = connect_timeout
        self._reply_window = reply_window
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._seen_max = seen_max
        # Callbacks not answered yet: chat id → sender id → (req_id, when, monotonic).
        self._unanswered: dict[str, dict[str, tuple[str, float]]] = {}
        self._inbox: asyncio.Queue[Inbound] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def bot_id(self) -> str:
        return self._bot_id

    @property
    def logged_in(self) -> bool:
        return self._connection.subscribed

    @property
    def connects(self) -> int:
        """Subscriptions so far (each reconnect adds one)."""
        return self._connection.connects

    async def start(self, feed: Feed) -> None:
        """Connect and subscribe; TransportError if the service refuses the robot or cannot
        be reached within `connect_timeout` seconds."""
        if self._tasks:
            raise RuntimeError("the WeCom transport is already started")
        connection = self._connection
        self._tasks = [
            asyncio.create_task(connection.run(), name="wecom-connection"),
            asyncio.create_task(self._consume(feed), name="wecom-feed"),
        ]
        try:
            async with asyncio.timeout(self._connect_timeout):
                await connection.wait_until(lambda: connection.subscribed or connection.refused)
        except TimeoutError:
            problem = connection.problem
            await self.stop()
            raise TransportError(
                f"cannot reach the WeCom robot service at {self.url} within "
                f"{self._connect_timeout:g} s: {problem}"
            ) from None
        if not connection.subscribed:
            problem = connection.problem
            await self.stop()
            raise TransportError(
                f"WeCom refused robot {self._bot_id}: {problem} (check its Bot ID and Secret)"
            )

    async def stop(self) -> None:
        await self._connection.close()
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def fetch_media(self, media: MediaRef, *, limit: int) -> bytes:
        # Not wired yet (issue 18's photos landed as this transport did): its images come
        # as `Inbound.images` (encrypted URLs), not as `media`, so nothing asks for them;
        # a caller that does is told plainly instead of getting bytes it cannot trust.
        raise TransportError("fetching WeCom images is not implemented yet")

    async def send(self, delivery: Delivery) -> None:
        if not self._connection.subscribed:
            raise NotConnected(f"the WeCom robot is not connected: {self._connection.problem}")
        text = delivery.text
        if delivery.chat_kind is ChatKind.GROUP and delivery.mention_ids:
            text = frames.mentioned(text, delivery.mention_ids)
        answering = self._answer_for(delivery)
        try:
            if answering is not None:
                try:
                    await self._connection.request(frames.respond(answering, text))
                    return
                except Refused as refused:
                    if refused.code not in _ANSWERS_EXPIRED:
                        raise
                    logger.info("WeCom no longer takes an answer on %s: sent on its own", answering)
            await self._connection.request(frames.send(delivery.chat_id, text))
        except (Refused, ConnectionLost, TimeoutError) as error:
            raise TransportError(
                f"cannot send to {delivery.chat_id} through the WeCom robot: "
                f"{error!r}"
                + ("" if not isinstance(error, ConnectionLost) else " (it will be sent again)")
            ) from error

    def _answer_for(self, delivery: Delivery) -> str | None:
        """The req_id to answer on: the unanswered callback of this chat from the person
        the delivery @mentions (in a direct chat: from that person), taken once."""
        waiting = self._unanswered.get(delivery.chat_id)
        if not waiting:
            return None
        senders = (
            delivery.mention_ids if delivery.chat_kind is ChatKind.GROUP else (delivery.chat_id,)
        )
        now = time.monotonic()
        for sender in senders:
            found = waiting.pop(sender, None)
            if found is not None and now - found[1] < self._reply_window:
                return found[0]
        return None

    async def _on_frame(self, frame: frames.Frame) -> None:
        if frame.get("cmd") == frames.EVENT:
            kind = frames.event_type(frame)
            logger.debug("WeCom event %s (nothing for GridBot to do)", kind or "?")
            return
        message = frames.message(frame)
        if message is None:
            logger.warning("WeCom callback without a sender or message id: %.200s", frame)
            return
        if message.msg_id in self._seen:
            logger.info("WeCom delivered message %s again: dropped", message.msg_id)
            return
        self._remember(message)
        await self._inbox.put(self._inbound(message))

    def _remember(self, message: frames.Message) -> None:
        self._seen[message.msg_id] = None
        while len(self._seen) > self._seen_max:
            self._seen.popitem(last=False)
        now = time.monotonic()
        for chat_id, waiting in list(self._unanswered.items()):
            for sender, (_, at) in list(waiting.items()):
                if now - at >= self._reply_window:
                    del waiting[sender]
            if not waiting:
                del self._unanswered[chat_id]
        chat = self._unanswered.setdefault(message.chat_id, {})
        chat[message.sender_id] = (message.req_id, now)

    def _inbound(self, message: frames.Message) -> Inbound:
        return Inbound(
            platform=PLATFORM,
            message_id=message.msg_id,
            chat_id=message.chat_id,
            chat_kind=ChatKind.GROUP if message.group else ChatKind.DIRECT,
            sender_id=message.sender_id,
            sender_name=message.sender_id,  # WeCom gives no names
            sender_named=False,
            text=self._without_own_mention(message.text) if message.group else message.text,
            # When it arrived: `create_time` is the sender's clock, in seconds or in ms.
            timestamp=self._clock.now(),
            mentions_bot=message.group,  # a group message reaches the robot only so
            quoted_text=message.quoted_text,
            images=message.images,
        )

    def _without_own_mention(self, text: str) -> str:
        if self._own_mention is None:
            return text
        return self._own_mention.sub(" ", text).strip()

    async def _consume(self, feed: Feed) -> None:
        """Hand messages on in order, apart from the connection's reading: a slow handler
        must not keep the pings' answers waiting."""
        while True:
            inbound = await self._inbox.get()
            try:
                await feed(inbound)
            except Exception:
                logger.exception("handling WeCom message %s failed", inbound.message_id)
