"""From the parsed TOML document (plus environment overrides) to `Settings`."""

from __future__ import annotations

import os
from collections.abc import Mapping

from bot.config import values
from bot.config.accounts import WECHATY_KEYS, account_settings, wechaty_settings
from bot.config.console import (
    ASSESSMENT_KEYS,
    CONSOLE_KEYS,
    assessment_settings,
    console_settings,
)
from bot.config.database_url import database_url
from bot.config.errors import ConfigError, Invalid
from bot.config.followup import FOLLOWUP_HINTS, FOLLOWUP_KEYS, followup_settings
from bot.config.media import MEDIA_KEYS, media_settings
from bot.config.operations import (
    JOURNAL_KEYS,
    LOGGING_KEYS,
    RETENTION_KEYS,
    journal_settings,
    logging_settings,
    retention_settings,
)
from bot.config.register import REGISTER_KEYS, register_settings
from bot.config.secret import Secret
from bot.config.section import Section
from bot.config.selfcheck import SELFCHECK_KEYS, selfcheck_settings
from bot.config.settings import (
    BotSettings,
    EmergencySettings,
    Language,
    Settings,
    TransportName,
    WebSettings,
    WechatySettings,
)
from bot.directory import Directory, DirectoryError, parse_directory
from bot.text_limit import TEXT_LIMIT, TEXT_LIMIT_RANGE

TOP_KEYS = (
    "timezone",
    "database_url",
    "transport",
    "secret_key",
    "wechaty",
    "web",
    "bot",
    "followup",
    "directory",
    "register",
    "journal",
    "logging",
    "retention",
    "console",
    "assessment",
    "media",
    "emergency",
    "selfcheck",
    "accounts",
)
SECRET_KEY_MIN_LENGTH = 16


def build_settings(
    data: Mapping[str, object],
    *,
    source: str,
    origins: Mapping[str, str],
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """`environ`: where `[[accounts]]` read their secrets (`token_env`, `secret_env`)."""
    root = Section(data, source=source, known=TOP_KEYS, origins=origins)
    wechaty = _wechaty(root.table("wechaty", WECHATY_KEYS))
    accounts = account_settings(root, environ=os.environ if environ is None else environ)
    default = accounts[0].channel if accounts else "simulator"
    transport: TransportName = root.optional("transport", _transport, default)
    if accounts and root.has("transport"):
        raise root.error("transport", "give the channel of each account in [[accounts]] instead")
    directory = _directory(root, source)
    return Settings(
        timezone=root.required("timezone", values.timezone),
        database_url=root.required("database_url", database_url),
        transport=transport,
        wechaty=wechaty,
        web=_web(root.table("web", ("host", "port"))),
        bot=_bot(root.table("bot", ("name", "language", "text_limit"))),
        followup=followup_settings(root.table("followup", FOLLOWUP_KEYS, FOLLOWUP_HINTS)),
        directory=directory,
        secret_key=root.optional("secret_key", _secret_key, None),
        source=source,
        register=register_settings(root.table("register", REGISTER_KEYS)),
        journal=journal_settings(root.table("journal", JOURNAL_KEYS)),
        logging=logging_settings(root.table("logging", LOGGING_KEYS)),
        retention=retention_settings(root.table("retention", RETENTION_KEYS)),
        console=console_settings(root.table("console", CONSOLE_KEYS)),
        assessment=assessment_settings(root.table("assessment", ASSESSMENT_KEYS)),
        media=media_settings(root.table("media", MEDIA_KEYS)),
        emergency=_emergency(root.table("emergency", ("gas_company",))),
        selfcheck=selfcheck_settings(root.table("selfcheck", SELFCHECK_KEYS)),
        accounts=accounts,
    )


def _wechaty(section: Section) -> WechatySettings:
    # Only `gridbot run` talks to WeChat, so only it needs the token (bot/commands/run.py):
    # the offline commands work without one.
    return wechaty_settings(section, section.optional("token", _secret_text, ""))


def _web(section: Section) -> WebSettings:
    return WebSettings(
        host=section.optional("host", values.host, "127.0.0.1"),
        port=section.optional("port", values.port, 8080),
    )


def _bot(section: Section) -> BotSettings:
    return BotSettings(
        name=section.optional("name", values.non_empty_text, "网格助手"),
        language=section.optional("language", _language, "zh"),
        text_limit=section.optional("text_limit", _text_limit, TEXT_LIMIT),
    )


def _emergency(section: Section) -> EmergencySettings:
    return EmergencySettings(gas_company=section.optional("gas_company", values.text, "").strip())


def _text_limit(value: object) -> int:
    low, high = TEXT_LIMIT_RANGE
    return values.count(value, low=low, high=high)


def _transport(value: object) -> TransportName:
    from bot.transport.registry import NAMES

    return values.choice(value, NAMES)


def _language(value: object) -> Language:
    from bot.lang import codes

    return values.choice(value, codes())


def _secret_text(value: object) -> str:
    if not isinstance(value, str):
        raise Invalid("expected a string")  # the value itself stays out of the message
    return value


def _secret_key(value: object) -> Secret | None:
    key = _secret_text(value).strip()
    if key and len(key) < SECRET_KEY_MIN_LENGTH:
        raise Invalid(
            f"too short ({len(key)} characters); use at least {SECRET_KEY_MIN_LENGTH} random "
            'characters, e.g. from python -c "import secrets; print(secrets.token_urlsafe(32))"'
        )
    return Secret(key) if key else None


def _directory(root: Section, source: str) -> Directory:
    data = root.data.get("directory", {})
    if not isinstance(data, dict):
        raise root.error("directory", f"expected a table, got {values.shown(data)}")
    try:
        return parse_directory(data, source=source, prefix="directory")
    except DirectoryError as error:
        raise ConfigError(str(error)) from None
