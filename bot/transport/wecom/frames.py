"""The smart robot's frames, as JSON objects: `{cmd, headers: {req_id}, body}` both ways,
and an answer `{headers: {req_id}, errcode, errmsg}` for each request the robot sends.

Shapes from WeCom's official SDK (WecomTeam/aibot-node-sdk: src/types/api.ts, message.ts,
event.ts; src/ws.ts, src/client.ts); tests/wecom/frames/ has an example of each.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SUBSCRIBE = "aibot_subscribe"
PING = "ping"
RESPOND = "aibot_respond_msg"  # an answer on a callback's req_id
SEND = "aibot_send_msg"  # a message of the robot's own, to a chat or a user
MESSAGE = "aibot_msg_callback"
EVENT = "aibot_event_callback"

# Answers' error codes GridBot treats apart (seen from the service and the SDK's users).
INVALID_REQ_ID = 846605  # the callback's req_id can no longer be answered
STREAM_EXPIRED = 846608

Frame = dict[str, Any]


def req_id(prefix: str) -> str:
    """`{prefix}_{milliseconds}_{random}`, as the SDK makes them: the service and the SDK
    tell an answer to a subscribe or a ping by the prefix of its req_id."""
    return f"{prefix}_{int(time.time() * 1000)}_{secrets.token_hex(4)}"


def subscribe(bot_id: str, secret: str) -> Frame:
    return {
        "cmd": SUBSCRIBE,
        "headers": {"req_id": req_id(SUBSCRIBE)},
        "body": {"bot_id": bot_id, "secret": secret},
    }


def ping() -> Frame:
    return {"cmd": PING, "headers": {"req_id": req_id(PING)}}


def respond(callback_req_id: str, text: str) -> Frame:
    """The answer to one message: a stream message finished at once (the form a callback
    takes for an answer in text; Markdown is rendered)."""
    stream = {"id": req_id("stream"), "finish": True, "content": text}
    return {
        "cmd": RESPOND,
        "headers": {"req_id": callback_req_id},
        "body": {"msgtype": "stream", "stream": stream},
    }


def send(chat_id: str, text: str) -> Frame:
    """A Markdown message to a group (its chatid) or a person (their userid)."""
    return {
        "cmd": SEND,
        "headers": {"req_id": req_id(SEND)},
        "body": {"chatid": chat_id, "msgtype": "markdown", "markdown": {"content": text}},
    }


def mentioned(text: str, user_ids: tuple[str, ...]) -> str:
    """`text` @mentioning `user_ids` the way WeCom's Markdown writes a member: `<@userid>`."""
    return "".join(f"<@{user_id}> " for user_id in user_ids) + text


def error_of(answer: Mapping[str, Any]) -> tuple[int, str] | None:
    """(errcode, errmsg) of an answer that says no; None for "ok"."""
    code = answer.get("errcode", 0)
    if code in (0, None):
        return None
    return int(code), str(answer.get("errmsg", ""))


@dataclass(frozen=True, slots=True)
class Message:
    """What GridBot reads of one `aibot_msg_callback`."""

    req_id: str
    msg_id: str
    group: bool
    chat_id: str  # the group's chatid, or the sender's userid in a direct chat
    sender_id: str
    text: str
    quoted_text: str | None
    images: tuple[str, ...]  # encrypted download URLs, valid minutes (and no key here)


def message(frame: Mapping[str, Any]) -> Message | None:
    """The message a callback carries; None for one GridBot cannot read (no sender)."""
    body = frame.get("body") or {}
    sender = (body.get("from") or {}).get("userid")
    msg_id = body.get("msgid")
    if not sender or not msg_id:
        return None
    group = body.get("chattype") == "group" and bool(body.get("chatid"))
    text, images = _content(body)
    quote = body.get("quote")
    return Message(
        req_id=str((frame.get("headers") or {}).get("req_id", "")),
        msg_id=str(msg_id),
        group=group,
        chat_id=str(body["chatid"]) if group else str(sender),
        sender_id=str(sender),
        text=text,
        quoted_text=_content(quote)[0] or None if isinstance(quote, dict) else None,
        images=images,
    )


def event_type(frame: Mapping[str, Any]) -> str:
    body = frame.get("body") or {}
    return str((body.get("event") or {}).get("eventtype", ""))


def _content(body: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The text of a message or a quote, and its images' URLs: text as written, voice as
    WeCom's transcript, mixed as its text parts; an image or a file has no text."""
    kind = body.get("msgtype")
    if kind in ("text", "voice"):
        return str((body.get(kind) or {}).get("content", "")), ()
    if kind == "image":
        url = (body.get("image") or {}).get("url")
        return "", (str(url),) if url else ()
    if kind == "mixed":
        texts: list[str] = []
        images: list[str] = []
        for item in (body.get("mixed") or {}).get("msg_item", []):
            part, found = _content(item)
            if part:
                texts.append(part)
            images.extend(found)
        return "\n".join(texts), tuple(images)
    return "", ()
