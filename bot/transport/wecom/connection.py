"""The robot's long connection: connect, subscribe, ping, read, and reconnect with backoff.

One task (`run`) keeps the connection: it connects, subscribes with the Bot ID and
Secret, and once the answer says ok it pings every `heartbeat` seconds and hands each
callback frame to `on_frame`. When the socket closes, a ping goes unanswered twice, or the
subscription is refused, it waits (`retry_initial`, doubling up to `retry_max`) and
connects again, for as long as it runs. The service closes a connection when another one
subscribes with the same robot (`disconnected_event`): then this one stops reconnecting
(two processes on one robot would take it from each other all day) and says why.

`request` sends one frame and waits for its answer (matched by req_id). A connection lost
meanwhile fails the request (`ConnectionLost`): the caller cannot know whether it arrived,
and the outbox sends it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable

import aiohttp

from bot.transport.wecom import frames

logger = logging.getLogger(__name__)
MISSED_PINGS = 2  # unanswered pings before the connection counts as dead (as the SDK)

FrameHandler = Callable[[frames.Frame], Awaitable[None]]


class ConnectionLost(Exception):
    """The connection closed while a request waited for its answer."""


class Refused(Exception):
    """The service answered a request with an error code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"errcode {code}: {message}")
        self.code = code


class WecomConnection:
    def __init__(
        self,
        *,
        url: str,
        bot_id: str,
        secret: str,
        on_frame: FrameHandler,
        heartbeat: float = 30.0,
        retry_initial: float = 1.0,
        retry_max: float = 30.0,
        answer_timeout: float = 10.0,
    ) -> None:
        self.url = url
        self._bot_id = bot_id
        self._secret = secret
        self._on_frame = on_frame
        self._heartbeat = heartbeat
        self._retry_initial = retry_initial
        self._retry_max = retry_max
        self._answer_timeout = answer_timeout
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._waiting: dict[str, asyncio.Future[frames.Frame]] = {}
        self._changed = asyncio.Condition()
        self.subscribed = False
        self.problem = "not connected yet"
        self.refused = False  # the last subscription was refused (a wrong Bot ID or Secret)
        self.replaced = False  # another connection took the robot: no reconnecting
        self.connects = 0  # subscriptions that succeeded (a reconnect adds one)
        self._closing = False

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Until `condition()` holds (checked at each change of the connection's state)."""
        async with self._changed:
            await self._changed.wait_for(condition)

    async def _set(self, *, subscribed: bool, problem: str | None = None) -> None:
        async with self._changed:
            self.subscribed = subscribed
            if problem is not None:
                self.problem = problem
            self._changed.notify_all()

    async def run(self) -> None:
        delay = self._retry_initial
        async with aiohttp.ClientSession() as session:
            while not (self.replaced or self._closing):
                before = self.connects
                try:
                    problem = await self._connect_once(session)
                except (
                    aiohttp.ClientError,
                    OSError,
                    TimeoutError,
                    Refused,
                    ConnectionLost,
                ) as error:
                    problem = f"{type(error).__name__}: {error}" if str(error) else repr(error)
                if self.replaced or self._closing:
                    break
                await self._set(subscribed=False, problem=problem)
                if self.connects > before:  # it was up: start the backoff over
                    delay = self._retry_initial
                logger.warning("WeCom connection lost (%s); again in %.1f s", problem, delay)
                await asyncio.sleep(delay)
                delay = min(self._retry_max, delay * 2)

    async def _connect_once(self, session: aiohttp.ClientSession) -> str:
        """One connection, subscribed and kept alive until it ends; why it ended."""
        async with session.ws_connect(self.url, autoping=True) as ws:
            self._ws = ws
            reader = asyncio.create_task(self._read(ws), name="wecom-read")
            try:
                try:
                    await self.request(frames.subscribe(self._bot_id, self._secret), ready=True)
                except Refused:
                    self.refused = True  # a wrong Bot ID or Secret: start() says so
                    raise
                self.refused = False
                self.connects += 1
                await self._set(subscribed=True, problem="")
                logger.info(
                    "WeCom robot %s subscribed (connection %d)", self._bot_id, self.connects
                )
                return await self._keep_alive(ws, reader)
            finally:
                self._ws = None
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader
                self._fail_waiting("the WeCom connection closed")
                await self._set(subscribed=False)

    async def _keep_alive(
        self, ws: aiohttp.ClientWebSocketResponse, reader: asyncio.Task[None]
    ) -> str:
        """Ping every `heartbeat` seconds until the socket closes, or until pings go
        unanswered `MISSED_PINGS` times in a row (then close it: a dead connection)."""
        missed = 0
        while True:
            done, _ = await asyncio.wait({reader}, timeout=self._heartbeat)
            if done:
                return "the service closed the connection"
            try:
                await self.request(frames.ping(), wait=self._heartbeat)
                missed = 0
            except (TimeoutError, Refused) as error:
                missed += 1
                logger.warning("WeCom ping unanswered (%r), %d in a row", error, missed)
                if missed >= MISSED_PINGS:
                    await ws.close()
                    return f"{missed} pings unanswered"
            except ConnectionLost:
                return "the service closed the connection"

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        try:
            async for incoming in ws:
                if incoming.type is not aiohttp.WSMsgType.TEXT:
                    continue
                try:
                    frame = json.loads(incoming.data)
                except ValueError:
                    logger.warning("WeCom sent a frame that is not JSON: %.200s", incoming.data)
                    continue
                if isinstance(frame, dict):
                    await self._dispatch(frame)
        finally:  # whoever waits for an answer on this connection waits in vain
            self._fail_waiting("the WeCom connection closed")

    async def _dispatch(self, frame: frames.Frame) -> None:
        cmd = frame.get("cmd")
        if cmd in (frames.MESSAGE, frames.EVENT):
            if cmd == frames.EVENT and frames.event_type(frame) == "disconnected_event":
                self.replaced = True
                self.problem = (
                    "another connection subscribed with this robot (the service closed this "
                    "one): is a second GridBot running with the same Bot ID?"
                )
                logger.error("WeCom: %s", self.problem)
            try:
                await self._on_frame(frame)
            except Exception:  # one bad callback must not end the connection
                logger.exception("handling a WeCom %s failed", cmd)
            return
        waiting = self._waiting.pop(str((frame.get("headers") or {}).get("req_id", "")), None)
        if waiting is not None and not waiting.done():
            waiting.set_result(frame)
        elif waiting is None:
            logger.debug("WeCom answer nobody waits for: %.200s", frame)

    async def request(
        self, frame: frames.Frame, *, wait: float | None = None, ready: bool = False
    ) -> frames.Frame:
        """Send `frame`, return its answer: `Refused` if it says no, `ConnectionLost` if the
        connection closes first (or is not subscribed: `ready` for the subscription itself),
        TimeoutError without an answer in time."""
        ws = self._ws
        if ws is None or ws.closed or not (self.subscribed or ready):
            raise ConnectionLost(self.problem or "not connected")
        key = str(frame["headers"]["req_id"])
        answer: asyncio.Future[frames.Frame] = asyncio.get_running_loop().create_future()
        self._waiting[key] = answer
        try:
            await ws.send_str(json.dumps(frame, ensure_ascii=False))
            async with asyncio.timeout(wait or self._answer_timeout):
                result = await answer
        except (ConnectionResetError, aiohttp.ClientError) as error:
            raise ConnectionLost(str(error) or "the connection closed while sending") from error
        finally:
            self._waiting.pop(key, None)
        failed = frames.error_of(result)
        if failed is not None:
            raise Refused(*failed)
        return result

    def _fail_waiting(self, reason: str) -> None:
        waiting, self._waiting = self._waiting, {}
        for future in waiting.values():
            if not future.done():
                future.set_exception(ConnectionLost(reason))

    async def close(self) -> None:
        self._closing = True  # no reconnecting after this
        ws = self._ws
        if ws is not None:
            await ws.close()
