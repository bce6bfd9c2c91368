"""Personal WeChat through a Wechaty puppet service: every wechaty quirk stays in here.

`from_settings` imports the wechaty packages only when this channel is chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.chat import Transport
    from bot.clock import Clock
    from bot.config.settings import AccountSettings, Settings


class MissingToken(ValueError):
    """The configuration names no puppet-service token."""


def from_settings(settings: Settings, account: AccountSettings, clock: Clock) -> Transport:
    from bot.transport.wechaty.login import LoginQr
    from bot.transport.wechaty.transport import WechatyTransport

    config = account.wechaty or settings.wechaty
    if config.token is None:
        where = "wechaty.token" if not settings.accounts else f"account {account.name!r}'s token"
        raise MissingToken(
            f"{settings.source}: {where} is not set: `gridbot run` needs the puppet "
            "service's token to reach WeChat (export GRIDBOT_WECHATY_TOKEN=..., or the "
            "account's token_env; the other commands work without it)"
        )
    return WechatyTransport(
        endpoint=config.endpoint,
        token=config.token.reveal(),
        login_timeout=config.login_timeout_s,
        login_qr=LoginQr(config.login_qr),
    )
