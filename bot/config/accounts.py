"""`[[accounts]]`: the chat accounts one GridBot serves (bot/accounts.py: the id rule).

Each table names its account (`name`, its stable id: stored ids of every account but
"main" carry it) and its `channel`, with that channel's settings. Secrets never sit in
the file: an account names the environment variable that holds its token or secret
(`token_env`, `secret_env`). Without `[[accounts]]` the single-transport configuration
(`transport`, `[wechaty]`) is one account named "main".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path

from bot.config import values
from bot.config.errors import Invalid
from bot.config.secret import Secret
from bot.config.section import Section
from bot.config.settings import WECOM_URL, AccountSettings, WechatySettings, WecomSettings

WECHATY_KEYS = ("endpoint", "token", "login_timeout", "login_qr")
_COMMON = ("name", "channel")
_CHANNEL_KEYS: Mapping[str, tuple[str, ...]] = {
    "wechaty": ("endpoint", "token_env", "login_timeout", "login_qr"),
    "wecom": ("bot_id", "secret_env", "url", "heartbeat"),
    "simulator": (),
    "memory": (),
}
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def wechaty_settings(section: Section, token: str) -> WechatySettings:
    login_timeout = section.optional("login_timeout", values.duration, timedelta(seconds=60))
    return WechatySettings(
        endpoint=section.optional("endpoint", values.endpoint, "127.0.0.1:8788"),
        token=Secret(token.strip()) if token.strip() else None,
        login_timeout_s=login_timeout.total_seconds(),
        login_qr=Path(section.optional("login_qr", values.non_empty_text, "var/wechat-login.png")),
    )


def account_settings(root: Section, *, environ: Mapping[str, str]) -> tuple[AccountSettings, ...]:
    """The `[[accounts]]` tables, checked; () when the file has none."""
    data = root.data.get("accounts")
    if data is None:
        return ()
    if not isinstance(data, list) or not data or not all(isinstance(t, dict) for t in data):
        raise root.error("accounts", "expected one or more [[accounts]] tables")
    accounts: list[AccountSettings] = []
    for index, table in enumerate(data):
        key = f"accounts[{index}]"
        channel = Section(table, source=root.source, known=_COMMON + tuple(table), key=key)
        kind = channel.required("channel", _channel)
        section = Section(table, source=root.source, known=_COMMON + _CHANNEL_KEYS[kind], key=key)
        name = section.required("name", _account_name)
        if any(account.name == name for account in accounts):
            raise section.error("name", f"{name!r} names two accounts")
        accounts.append(_ACCOUNT[kind](section, name, environ))
    return tuple(accounts)


def _wechaty_account(section: Section, name: str, environ: Mapping[str, str]) -> AccountSettings:
    variable = section.optional("token_env", _env_name, "GRIDBOT_WECHATY_TOKEN")
    return AccountSettings(
        name, "wechaty", wechaty=wechaty_settings(section, environ.get(variable, ""))
    )


def _wecom_account(section: Section, name: str, environ: Mapping[str, str]) -> AccountSettings:
    variable = section.required("secret_env", _env_name)
    secret = environ.get(variable, "").strip()
    heartbeat = section.optional("heartbeat", values.duration, timedelta(seconds=30))
    wecom = WecomSettings(
        bot_id=section.required("bot_id", values.non_empty_text).strip(),
        secret=Secret(secret) if secret else None,
        url=section.optional("url", _websocket_url, WECOM_URL),
        heartbeat_s=heartbeat.total_seconds(),
    )
    return AccountSettings(name, "wecom", wecom=wecom)


def _plain_account(channel: str) -> Callable[[Section, str, Mapping[str, str]], AccountSettings]:
    def account(section: Section, name: str, environ: Mapping[str, str]) -> AccountSettings:
        return AccountSettings(name, channel)

    return account


_ACCOUNT: Mapping[str, Callable[[Section, str, Mapping[str, str]], AccountSettings]] = {
    "wechaty": _wechaty_account,
    "wecom": _wecom_account,
    "simulator": _plain_account("simulator"),
    "memory": _plain_account("memory"),
}


def _channel(value: object) -> str:
    return values.choice(value, tuple(_CHANNEL_KEYS))


def _account_name(value: object) -> str:
    name = values.text(value).strip()
    if not _NAME.fullmatch(name):
        raise Invalid(
            f"{values.shown(value)}: an account name is 1 to 32 lower-case letters, digits, "
            '"-" or "_" (it is stored in front of the account\'s ids)'
        )
    return name


def _env_name(value: object) -> str:
    name = values.text(value).strip()
    if not _ENV_NAME.fullmatch(name):
        raise Invalid(f"expected the name of an environment variable, got {values.shown(value)}")
    return name


def _websocket_url(value: object) -> str:
    url = values.text(value).strip()
    if not url.startswith(("ws://", "wss://")):
        raise Invalid(f'expected a "wss://" or "ws://" URL, got {values.shown(value)}')
    return url
