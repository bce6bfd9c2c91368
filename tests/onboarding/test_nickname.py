"""Rooms read from group nicknames and from "@张三 301"."""

from __future__ import annotations

import pytest

from bot.onboarding.nickname import NicknameHome, home_in_nickname, home_in_text


@pytest.mark.parametrize(
    ("nickname", "home"),
    [
        ("10幢301-张三", NicknameHome("10", "301")),
        ("301 Zhang", NicknameHome(None, "301")),
        ("张三 302室", NicknameHome(None, "302")),
        ("12-502 李四", NicknameHome("12", "502")),
        ("Kim 1203", NicknameHome(None, "1203")),
    ],
)
def test_a_nickname_that_follows_the_convention_gives_the_room(
    nickname: str, home: NicknameHome
) -> None:
    assert home_in_nickname(nickname) == home


@pytest.mark.parametrize("nickname", ["张三", "301", "王 13800001031", "301 302 Zhang", "Lily"])
def test_a_nickname_without_one_clear_room_and_a_name_gives_nothing(nickname: str) -> None:
    assert home_in_nickname(nickname) is None


@pytest.mark.parametrize(
    ("text", "home"),
    [("301", NicknameHome(None, "301")), (" 10幢301室", NicknameHome("10", "301"))],
)
def test_a_message_that_is_only_a_room_reads_as_one(text: str, home: NicknameHome) -> None:
    assert home_in_text(text) == home


@pytest.mark.parametrize("text", ["301漏水", "明天301见", ""])
def test_a_message_with_more_than_a_room_is_not_a_room(text: str) -> None:
    assert home_in_text(text) is None
