"""WeChat group ids ("18833201475@chatroom") are identifiers, not phone numbers: staff
messages and logs show them whole, and `gridbot grid show` names the group beside its id."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.privacy import MaskingFilter, mask_text, scan_for_unmasked
from tests.street import Street
from tests.street_fixture import CliRunner, StreetBot


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("群 18833201475@chatroom 未绑定", "群 18833201475@chatroom 未绑定"),
        ("34829105577610293@chatroom", "34829105577610293@chatroom"),  # ID-number long
        ("25561234098@im.chatroom", "25561234098@im.chatroom"),
        ("电话13812345678，群19955501234@chatroom", "电话138****5678，群19955501234@chatroom"),
        ("13812345678@qq.com", "138****5678@qq.com"),  # a phone in a mail address stays personal
        ("身份证330106199503142029", "身份证3301**********2029"),
    ],
)
def test_group_ids_are_kept_and_personal_numbers_masked(text: str, shown: str) -> None:
    assert mask_text(text) == shown
    assert all("@chatroom" not in found for found in scan_for_unmasked(text))


class Collected(logging.Handler):
    """The root handler `gridbot run` has: every record through the masking filter."""

    def __init__(self) -> None:
        super().__init__()
        self.addFilter(MaskingFilter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def logged() -> Iterator[Collected]:
    handler, root = Collected(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.mark.puppet
async def test_staff_are_told_of_an_unbound_group_by_its_whole_id_and_logs_keep_it(
    street: Street, street_bot: StreetBot, logged: Collected
) -> None:
    await street_bot.link("xu-wenjuan", "sophie-laurent")
    room = street.room_of("qs-3")

    await street_bot.wechat.join_room(
        room.id, ("wxid_newcomer_wt",), inviter_id=street.contact("dai-guohua")
    )
    sent = await street_bot.sent(3)  # the introduction, one notice per linked staff member

    notices = [s for s in sent if s.to_id is not None]
    assert {s.to_id for s in notices} == {
        street.contact("xu-wenjuan"),
        street.contact("sophie-laurent"),
    }
    for notice in notices:
        assert room.topic in notice.text and room.id in notice.text
    assert any(room.id in line for line in logged.lines)
    assert not any("188****1475" in line for line in logged.lines)


@pytest.mark.puppet
async def test_grid_show_names_a_group_bound_in_chat_beside_its_id(
    street: Street, street_bot: StreetBot, street_gridbot: CliRunner
) -> None:
    await street_bot.link("dai-guohua")
    room = street.room_of("qs-3")
    landlord = street.contact("dai-guohua")
    await street_bot.wechat.say_in_room(room.id, landlord, "大家好")
    await street_bot.sent(1)  # the introduction of an unbound group
    await street_bot.wechat.say_in_room(room.id, landlord, "绑定 清水湾3号楼")
    [bound] = await street_bot.sent(1)
    assert "清水湾3号楼" in bound.text

    shown = (await street_gridbot("grid", "show")).out
    [line] = [line for line in shown.splitlines() if "[qs-3]" in line]
    assert line.endswith(f"group: 清水湾3号楼租户群 ({room.id})")
    [unbound] = [line for line in shown.splitlines() if "[qs-7]" in line]
    assert unbound.endswith("group: - (no group chat bound)")
