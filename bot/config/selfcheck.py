"""The `[selfcheck]` table: the monthly safety self-check (出租房安全自查) of every house.

    [selfcheck]                  # without this table there is no self-check
    enabled = true               # the default once the table is there
    day = 5                      # day of the month (1-28) the checklists go out
    remind_after = "3d"          # one reminder to a landlord who has not finished
    questions = [                # asked so that "是" / "yes" means safe, "否" / "no" a hazard
      { zh = "电动车是否在楼道外充电？", en = "Are e-bikes charged outside the stairwell?" },
      "灭火器是否在有效期内？",   # a plain string: the same words in every language
    ]

The checklists go out at `[register] job_time` (the app's daily jobs run then).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

from bot.config import values
from bot.config.errors import Invalid
from bot.config.section import Section

SELFCHECK_KEYS = ("enabled", "day", "remind_after", "questions")
MAX_QUESTIONS = 20  # a checklist is answered on a phone in one message


@dataclass(frozen=True, slots=True)
class Question:
    texts: Mapping[str, str]  # language code -> the question; "zh" always present

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts["zh"]


def _question(zh: str, en: str) -> Question:
    return Question(MappingProxyType({"zh": zh, "en": en}))


DEFAULT_QUESTIONS = (
    _question(
        "电动车是否在楼道外、室外充电？", "Are e-bikes charged outside the stairwell and rooms?"
    ),
    _question("灭火器是否在有效期内？", "Are the fire extinguishers within their expiry date?"),
    _question("疏散通道、楼梯是否畅通？", "Are escape routes and stairs clear?"),
    _question("烟感报警器是否正常工作？", "Do the smoke alarms work?"),
)


@dataclass(frozen=True, slots=True)
class SelfCheckSettings:
    enabled: bool = False  # on when the config has a [selfcheck] table (unless it says not)
    day: int = 5  # the checklists go out on this day of the month (or the next run after it)
    remind_after: timedelta = timedelta(days=3)  # one reminder if unfinished by then
    questions: tuple[Question, ...] = field(default=DEFAULT_QUESTIONS)


_DEFAULT = SelfCheckSettings()


def selfcheck_settings(section: Section) -> SelfCheckSettings:
    return SelfCheckSettings(
        enabled=section.optional("enabled", values.boolean, bool(section.data)),
        day=section.optional("day", lambda v: values.count(v, low=1, high=28), _DEFAULT.day),
        remind_after=section.optional("remind_after", values.duration, _DEFAULT.remind_after),
        questions=section.optional("questions", _questions, _DEFAULT.questions),
    )


def _questions(value: object) -> tuple[Question, ...]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_QUESTIONS:
        raise Invalid(
            f"expected an array of 1 to {MAX_QUESTIONS} questions, got {values.shown(value)}"
        )
    return tuple(_one(item) for item in value)


def _one(item: object) -> Question:
    if isinstance(item, str):
        text = values.non_empty_text(item).strip()
        return Question(MappingProxyType({"zh": text}))
    if not isinstance(item, dict) or "zh" not in item:
        raise Invalid(
            'expected a question as a string or a table like { zh = "…", en = "…" }, '
            f"got {values.shown(item)}"
        )
    from bot.lang import codes

    unknown = sorted(set(item) - set(codes()))
    if unknown:
        raise Invalid(f"no language {unknown[0]!r} (the languages: {', '.join(codes())})")
    texts = {lang: values.non_empty_text(text).strip() for lang, text in item.items()}
    return Question(MappingProxyType(texts))
