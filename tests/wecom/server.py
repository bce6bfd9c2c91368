"""A local WeCom smart-robot service: a WebSocket server on 127.0.0.1 speaking the robot's
frames (tests/wecom/frames/, one example of each), for the real client code in
bot/transport/wecom/ to connect to.

    endpoint = WecomEndpoint(bot_id="aibWutongStaff01", secret="…")
    url = await endpoint.start()                   # ws://127.0.0.1:PORT/
    req = await endpoint.say("daiguohua", "收到", chat_id="wrk…", quote="新事件 #…")
    sent = await endpoint.next_sent()              # what the robot sent: respond or send
    await endpoint.drop()                          # the service closes the connection
    endpoint.drop_on_next_send = True              # ... as the robot's next message arrives

What it checks as the service does: the subscription's Bot ID and Secret; that an answer
(`aibot_respond_msg`) names a callback's req_id not answered yet (else errcode 846605);
each request gets its answer with the same req_id. Every frame the robot sent is kept
(`received`) and each is checked against the shape of its example.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from tests.net import free_port

FRAMES = Path(__file__).parent / "frames"
Frame = dict[str, Any]
WAIT = 20.0  # bounds a hang on a busy machine; a passing test never waits this long
_numbers = itertools.count(1)


@cache
def example(name: str) -> Frame:
    """One recorded frame (tests/wecom/frames/NAME.json)."""
    data = json.loads((FRAMES / f"{name}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def shape(value: Any) -> Any:
    """A frame's structure: its keys and the types of its values, not the values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value[:1]]
    return type(value).__name__


@dataclass(frozen=True, slots=True)
class Sent:
    """A message the robot sent: an answer on a callback, or one of its own."""

    cmd: str  # aibot_respond_msg or aibot_send_msg
    chat_id: str  # the group's chatid, or the person's userid
    group: bool
    text: str
    answered: str | None  # the callback's req_id an answer went on


class WecomEndpoint:
    def __init__(self, *, bot_id: str, secret: str) -> None:
        self.bot_id = bot_id
        self.secret = secret
        self.groups: set[str] = set()  # chat ids the robot is in (a send elsewhere fails)
        self.received: list[Frame] = []
        self.subscriptions = 0
        self.answer_pings = True
        self.drop_on_next_send = False
        self.refuse_next_send: tuple[int, str] | None = None
        self._sent: asyncio.Queue[Sent] = asyncio.Queue()
        self._callbacks: dict[str, tuple[str, bool]] = {}  # req_id → (chat id, group)
        self._answered: set[str] = set()
        self._socket: web.WebSocketResponse | None = None
        self._subscribed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/", self._serve)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"ws://127.0.0.1:{port}/"
        return self.url

    async def stop(self) -> None:
        await self.drop()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what people do in WeCom ---------------------------------------------------------

    async def say(
        self,
        user_id: str,
        text: str,
        *,
        chat_id: str | None = None,
        quote: str | None = None,
        msgid: str | None = None,
    ) -> str:
        """`user_id` writes `text` to the robot: in group `chat_id` (where it must @ the
        robot to be heard), or directly; `quote`: the text of a message it quotes."""
        body: Frame = {"msgtype": "text", "text": {"content": text}}
        if quote is not None:
            body["quote"] = {"msgtype": "text", "text": {"content": quote}}
        return await self.callback(user_id, body, chat_id=chat_id, msgid=msgid)

    async def callback(
        self, user_id: str, content: Frame, *, chat_id: str | None = None, msgid: str | None = None
    ) -> str:
        """An `aibot_msg_callback` from `user_id`, its body built on the recorded example
        with `content` (msgtype and its fields); the callback's req_id."""
        name = "msg_callback_group_text" if chat_id else "msg_callback_single_text"
        frame = copy.deepcopy(example(name))
        number = next(_numbers)
        frame["headers"]["req_id"] = f"req{number:06d}"
        body = frame["body"]
        for field in ("text", "voice", "image", "mixed", "quote"):
            body.pop(field, None)
        body.update(content)
        body.update(msgid=msgid or f"msg{number:06d}", aibotid=self.bot_id, create_time=0)
        body["from"] = {"userid": user_id}
        if chat_id:
            body["chatid"] = chat_id
            self.groups.add(chat_id)
        self._callbacks[frame["headers"]["req_id"]] = (chat_id or user_id, bool(chat_id))
        await self.push(frame)
        return str(frame["headers"]["req_id"])

    async def push(self, frame: Frame) -> None:
        socket = self._socket
        assert socket is not None and not socket.closed, "the robot is not connected"
        await socket.send_str(json.dumps(frame, ensure_ascii=False))

    async def kick(self) -> None:
        """Another connection subscribed with this robot: `disconnected_event`, then close."""
        await self.push(copy.deepcopy(example("event_disconnected")))
        await self.drop()

    async def drop(self) -> None:
        """The service closes the robot's connection."""
        socket, self._socket = self._socket, None
        if socket is not None:
            await socket.close()

    async def next_sent(self) -> Sent:
        async with asyncio.timeout(WAIT):
            return await self._sent.get()

    def pending_sent(self) -> list[Sent]:
        taken = []
        while not self._sent.empty():
            taken.append(self._sent.get_nowait())
        return taken

    async def subscribed(self, count: int) -> None:
        """Until `count` subscriptions have succeeded (the first connect, then reconnects)."""
        async with asyncio.timeout(WAIT), self._subscribed:
            await self._subscribed.wait_for(lambda: self.subscriptions >= count)

    # -- the service's side ----------------------------------------------------------------

    async def _serve(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        async for message in socket:
            if message.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(message.data)
            self.received.append(frame)
            await self._answer(socket, frame)
        if self._socket is socket:
            self._socket = None
        return socket

    async def _answer(self, socket: web.WebSocketResponse, frame: Frame) -> None:
        cmd, req = frame.get("cmd"), frame["headers"]["req_id"]
        examples = {
            "aibot_subscribe": "subscribe",
            "ping": "ping",
            "aibot_respond_msg": "respond_msg",
            "aibot_send_msg": "send_msg",
        }
        assert cmd in examples, f"a frame the service does not know: {frame}"
        assert shape(frame) == shape(example(examples[cmd])), f"not the documented shape: {frame}"
        if cmd == "aibot_subscribe":
            body = frame["body"]
            if (body["bot_id"], body["secret"]) != (self.bot_id, self.secret):
                await _reply(socket, req, 40058, "invalid bot_id or secret")
                await socket.close()
                return
            await self.drop()  # one connection per robot, as the service keeps
            self._socket = socket
            await _reply(socket, req)
            async with self._subscribed:
                self.subscriptions += 1
                self._subscribed.notify_all()
            return
        if socket is not self._socket:
            return  # not subscribed: the service ignores it
        if cmd == "ping":
            if self.answer_pings:
                await _reply(socket, req)
            return
        if self.drop_on_next_send:  # the connection breaks as the message arrives
            self.drop_on_next_send = False
            await self.drop()
            return
        if self.refuse_next_send is not None:
            code, text = self.refuse_next_send
            self.refuse_next_send = None
            await _reply(socket, req, code, text)
            return
        await self._deliver(socket, cmd, req, frame["body"])

    async def _deliver(
        self, socket: web.WebSocketResponse, cmd: str, req: str, body: Frame
    ) -> None:
        if cmd == "aibot_respond_msg":
            if req not in self._callbacks or req in self._answered:
                await _reply(socket, req, 846605, "invalid req_id")
                return
            self._answered.add(req)
            chat_id, group = self._callbacks[req]
            sent = Sent(cmd, chat_id, group, body["stream"]["content"], req)
        else:
            chat_id = body["chatid"]
            sent = Sent(cmd, chat_id, chat_id in self.groups, body["markdown"]["content"], None)
        await self._sent.put(sent)
        await _reply(socket, req)


async def _reply(socket: web.WebSocketResponse, req: str, code: int = 0, text: str = "ok") -> None:
    await socket.send_str(json.dumps({"headers": {"req_id": req}, "errcode": code, "errmsg": text}))
