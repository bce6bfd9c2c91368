"""The mock WeChat behind a real Wechaty puppet service (tests/puppet/server.mjs).

`MockWeChat` drives one Node process over a line protocol on its stdin/stdout: people
say things in groups or to the bot, join groups, change their group nicknames, the gRPC
service stops and restarts, the account waits for a QR code scan; what the bot sent comes
back as `Sent` values, in order. Thread-safe and not tied to an event loop, so one process
serves a whole test session; `reset()` puts its world back as it started.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import itertools
import json
import secrets
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

SERVER = Path(__file__).parent / "puppet" / "server.mjs"
MARK = "@@gridbot "  # starts every protocol line; other stdout lines are library logs
SENT_WAIT = 10.0  # generous: the machine may be busy; a pass never waits this long


class MockWeChatError(Exception):
    """The Node side refused a command."""


@dataclass(frozen=True, slots=True)
class Sent:
    """One message the bot sent, as the mock WeChat received it."""

    room_id: str | None  # set for a group message
    to_id: str | None  # set for a direct message
    text: str
    mention_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Room:
    id: str
    topic: str
    members: tuple[str, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)  # contact id -> group nickname


@dataclass(frozen=True, slots=True)
class World:
    bot_id: str
    bot_name: str
    contacts: dict[str, str]  # contact id -> name
    rooms: tuple[Room, ...]

    def as_json(self) -> str:
        return json.dumps(
            {
                "bot": {"id": self.bot_id, "name": self.bot_name},
                "contacts": [{"id": i, "name": n} for i, n in self.contacts.items()],
                "rooms": [
                    {
                        "id": room.id,
                        "topic": room.topic,
                        "members": list(room.members),
                        "aliases": dict(room.aliases),
                    }
                    for room in self.rooms
                ],
            },
            ensure_ascii=False,
        )


class MockWeChat:
    """Drives one Node puppet service process over its stdin/stdout line protocol."""

    @classmethod
    def launch(cls, world: World, workdir: Path, *, token_prefix: str = "gridbot-") -> MockWeChat:
        """Start `node server.mjs` with a fresh token (`token_prefix` + random hex); returns
        once it serves."""
        (workdir / "world.json").write_text(world.as_json(), encoding="utf-8")
        log = (workdir / "node.log").open("w", encoding="utf-8")
        token = f"{token_prefix}{secrets.token_hex(8)}"
        process = subprocess.Popen(
            ["node", str(SERVER), token, str(workdir / "world.json")],
            cwd=SERVER.parent,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        service = cls(process, world, log)
        try:
            service.wait_ready(30)
        except BaseException:
            service.close()
            raise
        return service

    def __init__(self, process: subprocess.Popen[str], world: World, log: IO[str]) -> None:
        self.world = world
        self.bot_id = world.bot_id
        self.token = ""
        self.endpoint = ""
        self._process = process
        self._log = log
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._replies: dict[int, concurrent.futures.Future[dict[str, Any]]] = {}
        self._ready: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()
        self._sent: list[Sent] = []
        self._taken = 0
        self._waiters: list[concurrent.futures.Future[None]] = []
        self._reader = threading.Thread(target=self._read, name="mock-wechat-reader", daemon=True)
        self._reader.start()

    # -- what people do in the mock WeChat ------------------------------------------------
    async def say_in_room(
        self, room_id: str, sender_id: str, text: str, *, mentions: tuple[str, ...] = ()
    ) -> str:
        """A person posts in a group; returns the message id the bot will see."""
        reply = await self.command(
            "say", room=room_id, text=text, mentions=list(mentions), **{"from": sender_id}
        )
        return str(reply["message_id"])

    async def say_to_bot(self, sender_id: str, text: str) -> str:
        reply = await self.command("say_to_bot", text=text, **{"from": sender_id})
        return str(reply["message_id"])

    async def send_file(
        self,
        sender_id: str,
        data: bytes,
        *,
        room_id: str | None = None,
        name: str = "photo.jpg",
        kind: str = "image",
    ) -> str:
        """A person sends an image (`kind="image"`) or another file (`"file"`) in a group
        (`room_id`) or, without one, to the bot; the service hands out `data` for it.
        Returns the message id."""
        reply = await self.command(
            "send_file",
            room=room_id,
            base64=base64.b64encode(data).decode(),
            filename=name,
            kind=kind,
            **{"from": sender_id},
        )
        return str(reply["message_id"])

    async def join_room(self, room_id: str, member_ids: tuple[str, ...], inviter_id: str) -> None:
        await self.command("join", room=room_id, members=list(member_ids), inviter=inviter_id)

    async def create_room(self, room_id: str, topic: str, member_ids: tuple[str, ...]) -> None:
        """A new group (the bot among `member_ids` to be in it); ids must be new per session."""
        await self.command("create_room", room=room_id, topic=topic, members=list(member_ids))

    async def create_contact(self, contact_id: str, name: str) -> None:
        """A new person (e.g. with a nickname that gives their room); ids new per session."""
        await self.command("create_contact", contact=contact_id, nickname=name)

    async def set_room_alias(self, room_id: str, contact_id: str, alias: str) -> None:
        """A member sets their group nickname (room alias); "" clears it. The service tells
        its clients with a `dirty` event, as WeChat services do."""
        await self.command("set_room_alias", room=room_id, contact=contact_id, alias=alias)

    async def ask_for_scan(self, qrcode: str) -> None:
        """From the next connect on, the account is logged out and the service asks for a
        scan of the QR code holding `qrcode` (again every 200 ms) until `confirm_scan()`."""
        await self.command("login_mode", mode="scan", qrcode=qrcode)

    async def confirm_scan(self) -> None:
        """The operator scans the code and confirms on the phone: the account logs in."""
        await self.command("confirm_scan")

    async def stop_service(self) -> None:
        """Shut the gRPC server down (the bot's connection drops); the mock WeChat stays."""
        await self.command("stop")

    async def start_service(self) -> None:
        """Serve again on the same endpoint."""
        await self.command("start")

    # -- what the bot did ------------------------------------------------------------------
    @property
    def sent(self) -> list[Sent]:
        with self._lock:
            return list(self._sent)

    async def next_sent(self) -> Sent:
        """The next message the bot sent (in order), waiting up to SENT_WAIT seconds for it."""
        try:
            async with asyncio.timeout(SENT_WAIT):
                while True:
                    with self._lock:
                        if self._taken < len(self._sent):
                            self._taken += 1
                            return self._sent[self._taken - 1]
                        waiter: concurrent.futures.Future[None] = concurrent.futures.Future()
                        self._waiters.append(waiter)
                    await asyncio.wrap_future(waiter)
        except TimeoutError:
            raise AssertionError(
                f"the bot sent nothing more to WeChat within {SENT_WAIT:g} s; "
                f"sent so far: {self.sent}"
            ) from None

    async def reset(self) -> None:
        """Nothing sent yet, the world as it started (members, nicknames, logging in at
        once), serving."""
        with self._lock:
            self._sent.clear()
            self._taken = 0
        await self.command("reset_world")
        await self.command("start")  # a no-op when it runs

    # -- the protocol ----------------------------------------------------------------------
    async def command(self, name: str, **arguments: Any) -> dict[str, Any]:
        number = next(self._ids)
        reply: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()
        # ASCII with \u escapes: a text with a lone surrogate (as WeChat sends some) can
        # still be written to the pipe, and JSON.parse gives Node the same string.
        line = json.dumps({"id": number, "cmd": name, **arguments}, ensure_ascii=True)
        with self._lock:
            if self._process.poll() is not None:
                raise MockWeChatError(
                    f"{name}: the puppet service process has exited; see {self._log.name}"
                )
            self._replies[number] = reply
            assert self._process.stdin is not None
            self._process.stdin.write(line + "\n")
            self._process.stdin.flush()
        try:
            answer = await asyncio.wait_for(asyncio.wrap_future(reply), 10)
        except TimeoutError:
            raise MockWeChatError(f"{name}: no answer within 10 s; see {self._log.name}") from None
        if not answer.get("ok"):
            raise MockWeChatError(f"{name}: {answer.get('error')}")
        return answer

    def wait_ready(self, timeout: float) -> None:
        try:
            ready = self._ready.result(timeout)
        except concurrent.futures.TimeoutError:
            raise RuntimeError(
                f"the puppet service did not start within {timeout:g} s; see {self._log.name}"
            ) from None
        self.endpoint, self.token = ready["endpoint"], ready["token"]

    def close(self) -> None:
        """End the Node process (it exits when its stdin closes) and the reader."""
        assert self._process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # it may have died already
            self._process.stdin.close()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(10)
        assert self._process.stdout is not None
        self._process.stdout.close()
        self._log.close()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            if not line.startswith(MARK):
                self._log.write(line)
                continue
            message = json.loads(line[len(MARK) :])
            if message.get("event") == "ready":
                self._ready.set_result(message)
            elif message.get("event") == "sent":
                self._record(
                    Sent(
                        message["room_id"],
                        message["to_id"],
                        message["text"],
                        tuple(message["mention_ids"]),
                    )
                )
            elif "id" in message:
                with self._lock:
                    reply = self._replies.pop(message["id"], None)
                if reply is not None and not reply.done():  # done: cancelled, timed out
                    reply.set_result(message)
        self._fail_pending()
        self._log.flush()

    def _fail_pending(self) -> None:
        """The process is gone: whoever still waits for it learns so at once."""
        gone = MockWeChatError(f"the puppet service process exited; see {self._log.name}")
        with self._lock:
            pending = [self._ready, *self._replies.values()]
            self._replies.clear()
        for future in pending:
            if not future.done():
                future.set_exception(gone)

    def _record(self, sent: Sent) -> None:
        with self._lock:
            self._sent.append(sent)
            waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():  # a waiter that timed out was cancelled
                waiter.set_result(None)
