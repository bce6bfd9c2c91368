"""WeChat through a Wechaty puppet service (gRPC, no TLS): the only module using wechaty.

It uses the wechaty distribution's puppet-service client, not the `Wechaty` class:
that class's start() prints and swallows a wrong token or a dead endpoint (or sleeps
60 s), its plugin manager probes 127.0.0.1:5000 and starts a scheduler at every login,
and its class-level Room/Contact caches stay bound to the first connection after a
reconnect. (So the Python 3.11 PuppetOptions __hash__ fix, needed only to import
`wechaty.wechaty`, is not needed here.)
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import functools
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import betterproto
from wechaty_grpc.wechaty import PuppetStub
from wechaty_grpc.wechaty.puppet import EventType
from wechaty_puppet import MessageType, PuppetOptions
from wechaty_puppet_service import PuppetService

from bot.chat import (
    ChatKind,
    Delivery,
    Feed,
    Inbound,
    MediaKind,
    MediaRef,
    MediaTooLarge,
    MemberJoin,
    NotConnected,
    TransportError,
)
from bot.transport.wechaty import media
from bot.transport.wechaty.connection import PuppetConnection
from bot.transport.wechaty.login import LoginQr
from bot.transport.wechaty.mapping import describe, is_transient
from bot.transport.wechaty.mentions import WECHAT_MENTIONS
from bot.transport.wechaty.reader import PuppetReader

logger = logging.getLogger(__name__)
READ_ATTEMPTS = 5
UNDECODABLE = "gridbot-replace"

# Reads one queued event through the current client; None when there is nothing to feed.
Reader = Callable[[Any], Awaitable[Inbound | MemberJoin | None]]

# The client logs every connect at INFO/WARNING through its own stderr handlers; the
# connection logs what matters, so the client's records go through ours, errors only.
for _name in ("PuppetService", "WechatyPuppetServiceConfig"):
    _library_log = logging.getLogger(_name)
    _library_log.handlers.clear()
    _library_log.propagate = True
    _library_log.setLevel(logging.ERROR)


def _replace_whole_sequence(error: UnicodeError) -> tuple[str, int]:
    """One U+FFFD for a whole undecodable sequence: the service writes a lone surrogate (a
    cut emoji) as three bytes, which the plain "replace" handler turns into three."""
    assert isinstance(error, UnicodeDecodeError)
    end, data = error.end, error.object
    while end < len(data) and 0x80 <= data[end] <= 0xBF:  # its continuation bytes
        end += 1
    return "\ufffd", end


codecs.register_error(UNDECODABLE, _replace_whole_sequence)


@functools.cache
def _lenient(response_type: type[Any]) -> type[Any]:
    """`response_type` whose text fields keep what is not UTF-8 as U+FFFD instead of
    failing the whole payload (the client decodes strictly: one bad character in a
    message, a name or a topic made it unreadable however often it was read)."""

    class Lenient(response_type):  # type: ignore[misc]
        __module__ = response_type.__module__  # where betterproto resolves the field types

        def _postprocess_single(self, wire_type: int, meta: Any, field: Any, value: Any) -> Any:
            text = meta.proto_type == betterproto.TYPE_STRING
            if text and wire_type == betterproto.WIRE_LEN_DELIM:
                return value.decode("utf-8", errors=UNDECODABLE)
            return super()._postprocess_single(wire_type, meta, field, value)

    Lenient.__name__ = Lenient.__qualname__ = response_type.__name__
    return Lenient


class _Stub(PuppetStub):  # type: ignore[misc]
    """The client's stub, reading every answer leniently and passing on the `dirty`
    events (a member's group nickname changed...) that the client's own loop drops."""

    def __init__(self, channel: Any, on_dirty: Callable[[dict[str, Any]], None]) -> None:
        super().__init__(channel)
        self._on_dirty = on_dirty

    async def _unary_unary(self, route: str, request: Any, response_type: Any, **kw: Any) -> Any:
        return await super()._unary_unary(route, request, _lenient(response_type), **kw)

    async def _unary_stream(
        self, route: str, request: Any, response_type: Any, **kw: Any
    ) -> AsyncIterator[Any]:
        stream = super()._unary_stream(route, request, _lenient(response_type), **kw)
        async for response in stream:
            # Only the event stream's answers have a type (a `Download` stream's do not).
            if getattr(response, "type", None) == EventType.EVENT_TYPE_DIRTY:
                self._on_dirty(json.loads(response.payload))
            yield response


class _PuppetClient(PuppetService):
    def _init_puppet(self) -> None:
        super()._init_puppet()
        self._puppet_stub = _Stub(self.channel, self._dirty)

    def _dirty(self, payload: dict[str, Any]) -> None:
        self._event_stream.emit("dirty", payload)


class WechatyTransport:
    platform = "wechat"
    mention_style = WECHAT_MENTIONS

    def __init__(
        self,
        *,
        endpoint: str,
        token: str,
        login_timeout: float = 60.0,
        retry_initial: float = 0.5,
        retry_max: float = 30.0,
        send_timeout: float = 15.0,
        fetch_timeout: float = 30.0,
        login_qr: LoginQr | None = None,
        scan_reminder: float = 60.0,
    ) -> None:
        self._login_qr = login_qr or LoginQr(Path("var/wechat-login.png"))
        self._connection = PuppetConnection(
            endpoint=endpoint,
            # Always both: with a token and no endpoint the client asks a public service.
            connect=lambda: _PuppetClient(PuppetOptions(token=token, end_point=endpoint)),
            listeners={
                "login": self._queue_login,
                "message": self._queue_message,
                "room-join": self._queue_join,
                "room-topic": lambda payload: self._reader.topic_changed(payload.room_id),
                "dirty": lambda payload: self._reader.dirty(payload),
            },
            retry_initial=retry_initial,
            retry_max=retry_max,
            on_scan=self._login_qr.scan,
        )
        self.endpoint = endpoint
        self._login_timeout = login_timeout
        self._scan_reminder = scan_reminder
        self._send_timeout = send_timeout
        self._fetch_timeout = fetch_timeout
        self._reader = PuppetReader(
            text_type=MessageType.MESSAGE_TYPE_TEXT,
            media_types={
                MessageType.MESSAGE_TYPE_IMAGE: MediaKind.IMAGE,
                MessageType.MESSAGE_TYPE_ATTACHMENT: MediaKind.FILE,
            },
        )
        self._inbox: asyncio.Queue[tuple[str, Reader]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def bot_id(self) -> str | None:
        """The logged-in account's contact id (None before the first login)."""
        return self._reader.bot_id or None

    @property
    def logged_in(self) -> bool:
        return self._connection.logged_in

    async def wait_until(self, *, logged_in: bool) -> None:
        """Wait for a login, or for the login or the connection to be lost."""
        await self._connection.wait_until(logged_in=logged_in)

    async def start(self, feed: Feed) -> None:
        if self._tasks:
            raise RuntimeError("the Wechaty transport is already started")
        self._tasks = [
            asyncio.create_task(self._connection.run(), name="wechaty-connection"),
            asyncio.create_task(self._consume(feed), name="wechaty-feed"),
        ]
        try:
            await self._until_logged_in()
        except TimeoutError:
            problem = self._connection.problem
            await self.stop()
            raise TransportError(
                f"cannot log in to the Wechaty puppet service at {self.endpoint} "
                f"within {self._login_timeout:g} s: {problem}"
            ) from None

    async def _until_logged_in(self) -> None:
        """`login_timeout` counts the time without a login and without a pending QR code
        scan: an operator scanning the code is waited for, however long it takes."""
        connection, waited = self._connection, 0.0
        loop = asyncio.get_running_loop()
        while not self.logged_in:
            if connection.scan_pending:
                try:
                    async with asyncio.timeout(self._scan_reminder):
                        await connection.next_change()
                except TimeoutError:
                    self._login_qr.remind()
                continue
            started = loop.time()
            try:
                async with asyncio.timeout(self._login_timeout - waited):
                    await connection.next_change()
            finally:
                waited += loop.time() - started

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._connection.close()

    async def send(self, delivery: Delivery) -> None:
        puppet = self._connection.puppet
        if puppet is None or not self.logged_in:
            raise NotConnected(
                f"not logged in to the Wechaty puppet service at {self.endpoint}: "
                f"{self._connection.problem}"
            )
        try:
            async with asyncio.timeout(self._send_timeout):
                text, mention_ids = delivery.text, list(delivery.mention_ids)
                if delivery.chat_kind is ChatKind.GROUP and mention_ids:
                    room = delivery.chat_id  # WeChat shows "@" and the group nickname
                    names = [await self._reader.shown_name(puppet, room, i) for i in mention_ids]
                    text = WECHAT_MENTIONS.written(text, names)
                await puppet.message_send_text(delivery.chat_id, text, mention_ids)
        except Exception as error:
            raise TransportError(
                f"cannot send to {delivery.chat_id} through the Wechaty puppet service at "
                f"{self.endpoint}: {describe(error)}"
            ) from error

    async def fetch_media(self, media_ref: MediaRef, *, limit: int) -> bytes:
        puppet = self._connection.puppet
        if puppet is None or not self.logged_in:
            raise NotConnected(f"not logged in to the Wechaty puppet service at {self.endpoint}")
        try:
            async with asyncio.timeout(self._fetch_timeout):
                return await media.fetch(puppet, media_ref, limit=limit)
        except (MediaTooLarge, NotConnected):
            raise
        except Exception as error:
            raise TransportError(
                f"cannot fetch the {media_ref.kind.value} of message {media_ref.key} from the "
                f"Wechaty puppet service at {self.endpoint}: {describe(error)}"
            ) from error

    async def _consume(self, feed: Feed) -> None:
        """One consumer keeps WeChat's order: a person's messages reach the bot in sequence."""
        while True:
            what, read = await self._inbox.get()
            event = await self._read(what, read)
            if event is None:
                continue
            try:
                await feed(event)
            except Exception:
                logger.exception("the bot failed on the WeChat %s", what)

    async def _read(self, what: str, read: Reader) -> Inbound | MemberJoin | None:
        """Read through the connection, waiting out a reconnect, so a drop loses nothing;
        what the service refuses to give is skipped at once, holding up nothing after it."""
        for attempt in range(1, READ_ATTEMPTS + 1):
            await self.wait_until(logged_in=True)
            try:
                return await read(self._connection.puppet)
            except Exception as error:
                if self.logged_in and not is_transient(error):  # a drop is never final
                    logger.error("cannot read the WeChat %s, skipped: %s", what, describe(error))
                    return None
                logger.warning(
                    "cannot read the WeChat %s (attempt %d of %d): %s",
                    *(what, attempt, READ_ATTEMPTS, describe(error)),
                )
                await asyncio.sleep(0.2 * attempt)  # a dropping connection is not logged out yet
        logger.error("gave up reading the WeChat %s", what)
        return None

    def _queue_login(self, payload: Any) -> None:
        read = functools.partial(self._reader.login, bot_id=payload.contact_id)
        self._inbox.put_nowait(("login", read))

    def _queue_message(self, payload: Any) -> None:
        read = functools.partial(self._reader.message, message_id=payload.message_id)
        self._inbox.put_nowait((f"message {payload.message_id}", read))

    def _queue_join(self, payload: Any) -> None:
        read = functools.partial(self._reader.join, payload=payload)
        self._inbox.put_nowait((f"room-join in {payload.room_id}", read))
