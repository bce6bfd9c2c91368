"""WeCom (企业微信) smart robot (智能机器人) over its long-lived WebSocket: every WeCom quirk
stays in here.

The robot connects out to `wss://openws.work.weixin.qq.com` (no public callback URL),
subscribes with its Bot ID and Secret, pings to stay connected, hears direct messages and
group messages that @ it (`aibot_msg_callback`), answers a message on the callback's
`req_id` (`aibot_respond_msg`) and sends on its own to a group or a person
(`aibot_send_msg`). The frames are those of WeCom's official SDK (WecomTeam/aibot-node-sdk,
src/types/ and src/ws.ts); tests/wecom/frames/ holds one example of each.

Why no SDK: the Python one on PyPI (`wecom-aibot-python-sdk`) needs pyee>=11, and the
wechaty client pins pyee==8.2.2 (12 removed the emitter it uses), so the two cannot be
installed side by side; the protocol is a handful of JSON frames, written here on aiohttp's
WebSocket client (already a dependency) in frames.py (their shapes), connection.py
(subscribe, heartbeat, reconnect with backoff, each request's answer by req_id) and
transport.py (GridBot's chat model).

`from_settings` builds it for one `[[accounts]]` table with `channel = "wecom"`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.chat import Transport
    from bot.clock import Clock
    from bot.config.settings import AccountSettings, Settings


class MissingSecret(ValueError):
    """The account's secret is not in the environment."""


def from_settings(settings: Settings, account: AccountSettings, clock: Clock) -> Transport:
    from bot.transport.wecom.transport import WecomTransport

    config = account.wecom
    if config is None or config.secret is None:
        raise MissingSecret(
            f"{settings.source}: account {account.name!r}: the WeCom robot's secret is not "
            "set: `gridbot run` needs it (export the variable its secret_env names; the "
            "other commands work without it)"
        )
    return WecomTransport(
        url=config.url,
        bot_id=config.bot_id,
        secret=config.secret.reveal(),
        heartbeat=config.heartbeat_s,
        clock=clock,
        bot_name=settings.bot.name,  # the robot's name in WeCom: [bot] name
    )
