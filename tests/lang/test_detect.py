"""The one language detector (bot/lang/detect.py): only words say which language a person
writes. Regression for issue 12: a bare invite code was read as English and switched a
Chinese landlord's messages to English."""

from __future__ import annotations

import pytest

from bot.lang.detect import clear_language, guess_language
from bot.onboarding.invite_codes import new_code


@pytest.mark.parametrize(
    "text",
    [
        "GB-7K3M-Q9XA",  # the invite code README tells people to send, as sent
        "gb-abcd-efgh",  # typed in lower case, every character a letter
        "GBABCDEFGH",
        "2026-0003",  # an event number
        "301",
        "13700003031",
        "收到 3",  # a command in one language, typed by someone who speaks another
        "ack 2026-0003",
        "已解决 3 换了水管",  # the note says nothing the command word did not
        "resolved #3 new pipe",
        "绑定 清水湾3号楼",  # a place's name is a name, whatever its letters
        "bind 兰亭2号楼",
        "解绑",
        "ok",
        "OK!",
        "好的 谢谢",
        "yes",
        "确认",
        "我的",
        "help",
        "销假",
        "",
        "👍",
    ],
)
def test_a_message_without_words_of_a_language_says_nothing(text: str) -> None:
    assert clear_language(text) is None


def test_every_invite_code_says_nothing() -> None:
    codes = [new_code() for _ in range(500)]
    assert [c for c in codes if clear_language(c) or clear_language(c.lower())] == []
    assert {guess_language(c, "zh") for c in codes} == {"zh"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("3号楼502卫生间漏水了", "zh"),
        ("我的邀请码 GB-7K3M-Q9XA", "zh"),
        ("my code is GB-7K3M-Q9XA", "en"),
        ("The sink in room 301 is leaking", "en"),
        ("back door is broken", "en"),  # "back" is a command only on its own
        ("no water since this morning", "en"),
        ("not fixed yet", "en"),
        ("收到，马上安排师傅过去", "zh"),
        ("ok the sink is leaking again", "en"),
    ],
)
def test_words_still_tell_the_language(text: str, lang: str) -> None:
    assert clear_language(text) == lang


def test_a_stranger_is_still_answered_in_the_letters_they_wrote() -> None:
    assert guess_language("ok", "zh") == "en"
    assert guess_language("好", "en") == "zh"
    assert guess_language("GB-7K3M-Q9XA", "zh") == "zh"


def test_only_a_long_messages_beginning_is_read_for_its_language() -> None:
    # A megabyte message costs no more than its first 2,000 characters.
    assert clear_language("?" * 1_000_000 + "卫生间漏水") is None
    assert clear_language("卫生间漏水" + "?" * 1_000_000) == "zh"
