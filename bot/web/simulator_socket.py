"""One browser tab's WebSocket conversation with the simulator.

The tab says who it is and which group it looks at ("watch"), posts ("post"), sends a photo
or file ("photo": its name and base64 bytes), joins a group ("join"); the server answers
with the history, then pushes every new line the tab shows.
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from bot.chat import ChatKind
from bot.transport.simulator.chat import ChatLine, SimulatorError, Subscription, checked_file
from bot.transport.simulator.transport import SimulatorTransport


class SocketSession:
    def __init__(self, simulator: SimulatorTransport, socket: web.WebSocketResponse) -> None:
        self._simulator = simulator
        self._socket = socket
        self._sending = asyncio.Lock()  # the pump and the replies share one socket
        self.identity: str | None = None
        self.group: str | None = None

    async def handle(self, raw: str) -> None:
        try:
            request = json.loads(raw)
            if not isinstance(request, dict):
                raise SimulatorError("bad_request", "a request is a JSON object")
            await self._answer(request)
        except json.JSONDecodeError:
            await self._send({"type": "error", "code": "bad_request", "message": "not JSON"})
        except SimulatorError as error:
            await self._send({"type": "error", "code": error.code, "message": str(error)})

    async def pump(self, subscription: Subscription) -> None:
        while True:
            line = await subscription.lines.get()
            if line is None:
                await self._send({"type": "resync"})
            elif self._shows(line):
                await self._send({"type": "line", "line": line.to_json()})
            elif line.chat_kind is ChatKind.GROUP:
                await self._send({"type": "activity", "group": line.chat_id})

    async def _answer(self, request: dict[str, object]) -> None:
        kind = request.get("type")
        if kind == "watch":
            await self._watch(request.get("identity"), request.get("group"))
        elif kind == "post":
            await self._post(request.get("chat"), request.get("text"))
        elif kind == "photo":
            await self._photo(request.get("chat"), request.get("name"), request.get("data"))
        elif kind == "join":
            identity, group = self._identity(), self._watched_group()
            await self._simulator.join(sender_id=identity, chat_id=group)
            await self._send({"type": "joined", "group": group})
        else:
            raise SimulatorError("bad_request", f"unknown request type {kind!r}")

    async def _watch(self, requested_identity: object, requested_group: object) -> None:
        identity = self._simulator.person(requested_identity).contact_id
        group = None if requested_group is None else self._simulator.group(requested_group).chat_id
        self.identity, self.group = identity, group
        history = self._simulator.history
        await self._send(
            {
                "type": "history",
                "identity": identity,
                "group": group,
                "member": group is not None and self._simulator.is_member(group, identity),
                "group_lines": [line.to_json() for line in history(ChatKind.GROUP, group or "")],
                "direct_lines": [line.to_json() for line in history(ChatKind.DIRECT, identity)],
            }
        )

    async def _post(self, chat: object, text: object) -> None:
        identity = self._identity()
        if chat == "direct":
            await self._simulator.post_direct(sender_id=identity, text=text)
        elif chat == "group":
            group = self._watched_group()
            await self._simulator.post_group(sender_id=identity, chat_id=group, text=text)
        else:
            raise SimulatorError("bad_request", f"post to 'group' or 'direct', not {chat!r}")

    async def _photo(self, chat: object, name: object, data: object) -> None:
        identity, (content, filename, media_kind) = self._identity(), checked_file(name, data)
        if chat not in ("group", "direct"):
            raise SimulatorError("bad_request", f"send to 'group' or 'direct', not {chat!r}")
        group = self._watched_group() if chat == "group" else None
        await self._simulator.post_file(
            sender_id=identity, chat_id=group, data=content, name=filename, kind=media_kind
        )

    def _identity(self) -> str:
        if self.identity is None:
            raise SimulatorError("no_identity", "choose who you are first")
        return self.identity

    def _watched_group(self) -> str:
        if self.group is None:
            raise SimulatorError("no_group", "choose a group first")
        return self.group

    def _shows(self, line: ChatLine) -> bool:
        if line.chat_kind is ChatKind.GROUP:
            return line.chat_id == self.group
        return line.chat_id == self.identity

    async def _send(self, message: dict[str, object]) -> None:
        async with self._sending:
            if not self._socket.closed:
                await self._socket.send_json(message)
