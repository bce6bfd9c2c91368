"""The text forms of notices, in direct chats of staff and in the landlords' answers.

    通知 清水湾社区 明天9:00-12:00停水，请提前储水        a notice to a community
    预警 清水湾第一网格 今晚大风，请收好阳台杂物           urgent (预警): quiet hours too
    通知 清水湾3号楼、清水湾7幢 …  定时 12月8日 08:00        houses; scheduled
    通知 12 情况 / notice 12 status                          delivered, receipts, missing
    通知 12 取消 / 取消通知 12 / cancel notice 12            a scheduled notice called off
    通知 列表 / notice list                                  the scheduled notices
    收到 / received                                          a landlord's receipt

The words are each language's (bot/lang/*/words.toml, [notices]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from bot.lang import every

_SEPARATORS = re.compile(r"[、，,;；]+")
_END = " \t。.!！~～"


def _alternatives(key: str) -> str:
    words = sorted(every(key), key=len, reverse=True)
    return "|".join(re.escape(word) for word in words)


_NOTICE = _alternatives("notices.notice")
_URGENT = _alternatives("notices.urgent")
_VERB = re.compile(rf"^(?:(?P<urgent>{_URGENT})|(?P<notice>{_NOTICE}))(?:\s+|$)", re.I)
_FLAG = re.compile(rf"^(?:{_URGENT})\s+", re.I)
_NUMBERED = re.compile(r"^#?(?P<number>\d{1,9})\s*(?P<rest>.*)$", re.S)
_CANCEL_FIRST = re.compile(
    rf"^(?:{_alternatives('notices.cancel')})\s*(?:{_NOTICE})\s*#?(?P<number>\d{{1,9}})$", re.I
)
_STATUS = re.compile(rf"^(?:{_alternatives('notices.status')})$", re.I)
_CANCEL = re.compile(rf"^(?:{_alternatives('notices.cancel')})$", re.I)
_LIST = re.compile(rf"^(?:{_alternatives('notices.list')})$", re.I)
_SCHEDULE = _alternatives("notices.schedule")
_WHEN = re.compile(
    rf"(?:^|\s)(?:{_SCHEDULE})\s*"
    r"(?:(?P<year>\d{4})[-/年.])?(?P<month>\d{1,2})\s*[-/月.]\s*(?P<day>\d{1,2})\s*[日号]?"
    r"\s*(?P<hour>\d{1,2})\s*[:：点時时]\s*(?P<minute>\d{2})?\s*分?",
    re.I,
)
_RECEIPT = frozenset(" ".join(word.lower().split()) for word in every("notices.receipt"))
_QUOTED_NUMBER = re.compile(rf"(?:{_NOTICE}|{_URGENT})\s*#?(\d{{1,9}})", re.I)


@dataclass(frozen=True, slots=True)
class When:
    """A wall-clock moment as written ("12月8日 08:00"); the year may be left out."""

    month: int
    day: int
    hour: int
    minute: int
    year: int | None = None

    def moment(self, *, now: datetime, tz: tzinfo) -> datetime | None:
        """The moment in `tz`: without a year, the next such day from `now` on; None when
        the date does not exist."""
        local = now.astimezone(tz)
        years = [self.year] if self.year else [local.year, local.year + 1]
        for year in years:
            try:
                at = datetime.combine(
                    date(year, self.month, self.day), time(self.hour, self.minute), tzinfo=tz
                )
            except ValueError:
                return None
            if self.year or at.date() >= local.date():
                return at
        return None


@dataclass(frozen=True, slots=True)
class Compose:
    urgent: bool
    places: tuple[str, ...]  # one community, grid or micro-grid, or one or more houses
    text: str
    when: When | None = None


@dataclass(frozen=True, slots=True)
class Status:
    number: int


@dataclass(frozen=True, slots=True)
class Cancel:
    number: int


@dataclass(frozen=True, slots=True)
class ListScheduled:
    pass


@dataclass(frozen=True, slots=True)
class Unclear:
    """The verb without a place or a text: the sender gets the forms."""


Command = Compose | Status | Cancel | ListScheduled | Unclear


def parse_command(text: str) -> Command | None:
    """A notice command, or None when the message is not one."""
    text = text.strip()
    cancel_first = _CANCEL_FIRST.match(text)
    if cancel_first:
        return Cancel(int(cancel_first["number"]))
    verb = _VERB.match(text)
    if verb is None:
        return None
    rest = text[verb.end() :].strip()
    numbered = _NUMBERED.match(rest)
    if numbered:
        word = numbered["rest"].strip().strip(_END)
        if _STATUS.match(word) or not word:
            return Status(int(numbered["number"]))
        if _CANCEL.match(word):
            return Cancel(int(numbered["number"]))
    if _LIST.match(rest.strip(_END)):
        return ListScheduled()
    urgent = verb["urgent"] is not None
    flag = _FLAG.match(rest)
    if flag:
        urgent, rest = True, rest[flag.end() :]
    when = None
    found = _WHEN.search(rest)
    if found:
        when = When(
            int(found["month"]),
            int(found["day"]),
            int(found["hour"]),
            int(found["minute"] or 0),
            int(found["year"]) if found["year"] else None,
        )
        rest = (rest[: found.start()] + " " + rest[found.end() :]).strip()
    parts = rest.split(None, 1)
    if len(parts) < 2:
        return Unclear()
    places = tuple(name for name in _SEPARATORS.split(parts[0]) if name)
    return Compose(urgent, places, parts[1].strip(), when) if places else Unclear()


def is_receipt(text: str) -> bool:
    """The whole message says "received" ("收到", "收到！", "Got it.")."""
    return " ".join(re.split(r"\s+", text.strip(_END).lower())) in _RECEIPT


def quoted_number(quoted: str | None) -> int | None:
    """The notice number a quoted message carries in its header ("【通知 12】")."""
    if not quoted:
        return None
    found = _QUOTED_NUMBER.search(quoted)
    return int(found.group(1)) if found else None
