"""GridBot's configuration: TOML plus environment overrides, validated into frozen `Settings`."""

from bot.config.database_url import masked, sqlite_file
from bot.config.environ import ENV_OVERRIDES
from bot.config.errors import ConfigError
from bot.config.load import load_settings
from bot.config.secret import Secret
from bot.config.settings import (
    BotSettings,
    FollowupPolicy,
    FollowupSettings,
    Language,
    QuietHoursSettings,
    Settings,
    TransportName,
    WebSettings,
    WechatySettings,
)
from bot.config.values import duration_text

__all__ = [
    "ENV_OVERRIDES",
    "BotSettings",
    "ConfigError",
    "FollowupPolicy",
    "FollowupSettings",
    "Language",
    "QuietHoursSettings",
    "Secret",
    "Settings",
    "TransportName",
    "WebSettings",
    "WechatySettings",
    "duration_text",
    "load_settings",
    "masked",
    "sqlite_file",
]
