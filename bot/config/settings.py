"""The validated configuration: a tree of frozen values, built once at start."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.accounts import Accounts
from bot.config.console_settings import AssessmentSettings, ConsoleSettings
from bot.config.register_settings import RegisterSettings
from bot.config.secret import Secret
from bot.config.selfcheck import SelfCheckSettings
from bot.directory import Directory
from bot.kinds import Kind
from bot.text_limit import TEXT_LIMIT

TransportName = str  # a name in bot/transport/registry.py
Language = str  # a language folder's code (bot/lang/<code>)
WECOM_URL = "wss://openws.work.weixin.qq.com"  # the smart robot's long connection


@dataclass(frozen=True, slots=True)
class WechatySettings:
    endpoint: str  # "host:port" of the puppet service
    token: Secret | None  # None when not configured
    login_timeout_s: float
    login_qr: Path = Path("var/wechat-login.png")  # the login QR code, saved while it waits


@dataclass(frozen=True, slots=True)
class WecomSettings:
    """A WeCom smart robot (智能机器人) on its long connection (bot/transport/wecom/)."""

    bot_id: str
    secret: Secret | None  # None when its environment variable is not set
    url: str = WECOM_URL
    heartbeat_s: float = 30.0  # a ping this often; the server drops a silent connection


@dataclass(frozen=True, slots=True)
class AccountSettings:
    """One chat account GridBot serves (config `[[accounts]]`; bot/accounts.py has the id
    rule). `name` is its stable id: stored ids of every account but "main" carry it."""

    name: str
    channel: TransportName
    wechaty: WechatySettings | None = None  # channel "wechaty"
    wecom: WecomSettings | None = None  # channel "wecom"


@dataclass(frozen=True, slots=True)
class WebSettings:
    host: str
    port: int


@dataclass(frozen=True, slots=True)
class BotSettings:
    name: str  # the bot's display name in chats
    language: Language  # for people whose language is unknown
    # Characters of a message kept (stored, parsed, quoted); the rest is cut with a mark.
    text_limit: int = TEXT_LIMIT


@dataclass(frozen=True, slots=True)
class FollowupPolicy:
    acknowledge: timedelta  # deadline to acknowledge, from assignment
    resolve: timedelta  # deadline to resolve, from assignment
    reminder_interval: timedelta  # between reminders once a deadline is missed
    escalate_after: int  # reminders before the event climbs one level
    urgent: bool  # sent in quiet hours too, repeated until acknowledged
    working_time: bool  # deadlines count working time on the Chinese calendar


@dataclass(frozen=True, slots=True)
class QuietHoursSettings:
    """Local wall-clock window (may span midnight); equal start and end mean none.

    bot.followup.quiet.QuietHours does the arithmetic.
    """

    start: time
    end: time


@dataclass(frozen=True, slots=True)
class FollowupSettings:
    default: FollowupPolicy  # for kinds without their own policy
    urgent: FollowupPolicy  # for any event read as urgent
    kinds: Mapping[Kind, FollowupPolicy]  # only the kinds configured
    quiet_hours: QuietHoursSettings  # local time in `Settings.timezone`
    confirmation_timeout: timedelta  # no reply from the reporter → closed fixed_unconfirmed
    duplicate_window: timedelta  # same place and kind within this → a duplicate

    def policy_for(self, kind: Kind, *, urgent: bool = False) -> FollowupPolicy:
        if urgent:
            return self.urgent
        return self.kinds.get(kind, self.default)


@dataclass(frozen=True, slots=True)
class JournalSettings:
    """Where messages wait while the database is away (bot/journal/)."""

    path: Path = Path("var/journal/inbound.journal")
    size: int = 64 * 1024 * 1024  # bytes, reserved on disk at start
    hold_after: timedelta = timedelta(seconds=5)  # then the holding reply goes out


@dataclass(frozen=True, slots=True)
class LoggingSettings:
    format: str = "text"  # "text" or "json" (one JSON object per line)
    level: str = "INFO"


@dataclass(frozen=True, slots=True)
class RetentionSettings:
    inbound_log: timedelta = timedelta(days=30)  # rows of the inbound log older than this go


@dataclass(frozen=True, slots=True)
class MediaSettings:
    """Photos sent with reports and fixes (bot/media.py, handlers/photos/)."""

    path: Path = Path("var/media")  # the folder photos are kept in, by content hash
    max_size: int = 10 * 1024 * 1024  # bytes; a bigger file is not fetched whole, nor kept
    window: timedelta = timedelta(minutes=10)  # a photo this soon after a report is its


@dataclass(frozen=True, slots=True)
class EmergencySettings:
    # The gas company's 24-hour line as the reply to a gas leak shows it ("南州燃气 24 小时
    # 抢修 0577-96777"); empty: the reply says to call the gas company without a number.
    gas_company: str = ""


@dataclass(frozen=True, slots=True)
class Settings:
    timezone: ZoneInfo
    database_url: str  # always with the async driver: sqlite+aiosqlite or postgresql+asyncpg
    transport: TransportName  # the first account's channel
    wechaty: WechatySettings
    web: WebSettings
    bot: BotSettings
    followup: FollowupSettings
    directory: Directory
    secret_key: Secret | None  # for encrypting personal data; None when not configured
    source: str  # the file the settings came from
    register: RegisterSettings = field(default_factory=RegisterSettings)  # [register]
    journal: JournalSettings = field(default_factory=JournalSettings)  # [journal]
    logging: LoggingSettings = field(default_factory=LoggingSettings)  # [logging]
    retention: RetentionSettings = field(default_factory=RetentionSettings)  # [retention]
    console: ConsoleSettings = field(default_factory=ConsoleSettings)  # [console]
    assessment: AssessmentSettings = field(default_factory=AssessmentSettings)  # [assessment]
    media: MediaSettings = field(default_factory=MediaSettings)  # [media]
    emergency: EmergencySettings = field(default_factory=EmergencySettings)  # [emergency]
    selfcheck: SelfCheckSettings = field(default_factory=SelfCheckSettings)  # [selfcheck]
    # The chat accounts served, in config order: `[[accounts]]`, or without it one account
    # "main" on `transport` (with `[wechaty]`). Empty only for settings built by hand.
    accounts: tuple[AccountSettings, ...] = ()

    @property
    def served(self) -> tuple[AccountSettings, ...]:
        """The accounts, never empty: one "main" on `transport` when none were given."""
        if self.accounts:
            return self.accounts
        wechaty = self.wechaty if self.transport == "wechaty" else None
        return (AccountSettings("main", self.transport, wechaty=wechaty),)

    @property
    def account_names(self) -> tuple[str, ...]:
        return tuple(account.name for account in self.served)

    @property
    def chat_accounts(self) -> Accounts:
        """The accounts' names and the rule of which account an id is on."""
        return Accounts(self.account_names)

    @property
    def channels(self) -> frozenset[TransportName]:
        return frozenset(account.channel for account in self.served)
