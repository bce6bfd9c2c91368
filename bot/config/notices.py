"""The `[sending]` and `[notices]` tables: the pace of proactive messages per bot account,
and how notices count receipts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.config import values
from bot.config.errors import Invalid
from bot.config.section import Section

SENDING_KEYS = ("max_per_minute", "jitter")
NOTICES_KEYS = ("remind_after", "receipt_window", "in_force", "draft_timeout")


@dataclass(frozen=True, slots=True)
class SendingSettings:
    # Paced messages (notices) per minute and bot account: bursts get WeChat accounts
    # restricted. Each gap is 60/max_per_minute seconds plus up to `jitter` of it.
    max_per_minute: int = 20
    jitter: float = 0.1

    @property
    def interval(self) -> timedelta:
        return timedelta(minutes=1) / self.max_per_minute


@dataclass(frozen=True, slots=True)
class NoticesSettings:
    remind_after: timedelta = timedelta(hours=4)  # working hours without a receipt → a DM
    receipt_window: timedelta = timedelta(days=3)  # a "收到" answers a notice this recent
    in_force: timedelta = timedelta(days=7)  # shown on the household pages this long
    draft_timeout: timedelta = timedelta(minutes=30)  # a preview waits this long for "确认"


def sending_settings(section: Section) -> SendingSettings:
    default = SendingSettings()
    return SendingSettings(
        max_per_minute=section.optional(
            "max_per_minute", lambda v: values.count(v, low=1, high=600), default.max_per_minute
        ),
        jitter=section.optional("jitter", _fraction, default.jitter),
    )


def notices_settings(section: Section) -> NoticesSettings:
    default = NoticesSettings()
    return NoticesSettings(
        remind_after=section.optional("remind_after", values.duration, default.remind_after),
        receipt_window=section.optional("receipt_window", values.duration, default.receipt_window),
        in_force=section.optional("in_force", values.duration, default.in_force),
        draft_timeout=section.optional("draft_timeout", values.duration, default.draft_timeout),
    )


def _fraction(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise Invalid(f"a fraction from 0 to 1 (0.1: up to a tenth of the gap), not {value!r}")
    return float(value)
