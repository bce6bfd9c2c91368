"""Chinese-speaking staff get Chinese (issue 12, item 2), over 梧桐街道's WeChat.

The directory's `lang` (default zh) is a directory person's language; a message without
a language's words (the bare invite code README tells them to send, "ok", "收到 3", a
place's name after "绑定") never switches it. Link confirmations, "绑定 …" answers,
assignments, the unbound-group notice and escalations all follow it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from bot.transport.wechaty.mentions import MENTION_SEPARATOR
from models.crud.people import person_by_key
from tests.street import Street
from tests.street_fixture import StreetBot

pytestmark = pytest.mark.puppet

Inviter = Callable[[str], Awaitable[str]]


async def language_of(bot: StreetBot, key: str) -> str:
    async with bot.app.sessions() as session:
        person = await person_by_key(session, key=key)
        assert person is not None
        return person.lang


async def link_by_code(bot: StreetBot, invite: Inviter, key: str) -> str:
    """`key` sends the bare code to the bot; what the bot answered."""
    contact = bot.street.contact(key)
    await bot.wechat.say_to_bot(contact, await invite(key))
    [answer] = await bot.sent(1)
    assert answer.to_id == contact
    return answer.text


async def test_a_landlord_linked_by_the_bare_code_hears_chinese_from_then_on(
    street: Street, street_bot: StreetBot, street_invite: Inviter
) -> None:
    dai = street.contact("dai-guohua")
    code = await street_invite("dai-guohua")
    await street_bot.wechat.say_to_bot(dai, code)
    await street_bot.wechat.say_to_bot(dai, code)  # sent twice, as people do
    linked, used = await street_bot.sent(2)
    assert linked.text.startswith("戴国华您好，您的微信已与网格名录关联")
    assert used.text.startswith("这个邀请码已经使用过")

    room = street.room_of("qs-3").id
    await street_bot.wechat.say_in_room(room, dai, "绑定 清水湾3号楼")
    [bound] = await street_bot.sent(1)
    assert bound.text == f"@房东戴国华{MENTION_SEPARATOR}已绑定：本群现对应 清水湾3号楼。" + (
        "之后群里的报修、投诉会登记并转给负责人。"
    )

    await street_bot.wechat.say_in_room(room, street.contact("zhou-xiaomei"), "502卫生间漏水了")
    ack, assignment = await street_bot.sent(2)
    assert ack.room_id == room and "由 戴国华 负责" in ack.text
    assert assignment.to_id == dai and assignment.text.startswith("新事件 #2026-0001：漏水")
    assert await language_of(street_bot, "dai-guohua") == "zh"


async def test_staff_hear_of_an_unbound_group_and_an_escalation_in_chinese(
    street: Street, street_bot: StreetBot, street_invite: Inviter
) -> None:
    for key in ("xu-wenjuan", "cai-min", "peng-shufen"):
        assert "您好" in await link_by_code(street_bot, street_invite, key)

    unbound = street.room_of("qs-9").id  # nobody bound it yet
    await street_bot.wechat.say_in_room(unbound, street.contact("gong-weidong"), "大家好")
    intro, notice = await street_bot.sent(2)
    assert intro.room_id == unbound and notice.to_id == street.contact("xu-wenjuan")
    assert notice.text.startswith("许文娟您好，网格助手已进入以下尚未绑定房东网格的群")

    room = await street_bot.bind("qs-7")
    await street_bot.wechat.say_in_room(room, street.contact("he-yong"), "7幢201楼道灯坏了")
    await street_bot.sent(2)  # the group's acknowledgement, the landlord's assignment
    start = street_bot.clock.now()
    reminders = [await street_bot.worker_pass(start + timedelta(hours=h)) for h in (2, 4, 6)]
    assert [r.queued for r in reminders] == [1, 1, 1]
    first, second, escalation = await street_bot.sent(3)
    assert first.text.startswith("⏰ 催办（第1次）") and second.text.startswith("⏰ 催办（第2次）")
    assert escalation.to_id == street.contact("cai-min")
    assert escalation.text.startswith("⬆️ 事件升级至微网格员")


async def test_english_speaking_staff_keep_english_through_commands_and_chinese_names(
    street: Street, street_bot: StreetBot, street_invite: Inviter
) -> None:
    assert (await link_by_code(street_bot, street_invite, "sophie-laurent")).startswith(
        "Hello Sophie Laurent"
    )
    sophie = street.contact("sophie-laurent")
    room = street.room_of("lt-2").id
    await street_bot.wechat.say_in_room(room, sophie, "绑定 兰亭2号楼")
    [bound] = await street_bot.sent(1)
    assert bound.text.endswith(
        "Bound: this group now covers 兰亭2号楼."
        + ("Reports and complaints here will now be logged and passed to whoever is responsible.")
    )

    await street_bot.wechat.say_in_room(room, street.contact("aisha-rahman"), "301 sink is leaking")
    await street_bot.sent(1)  # the group's acknowledgement; 石磊 has not linked his WeChat yet
    await street_bot.wechat.say_to_bot(sophie, "收到 1")
    [answer] = await street_bot.sent(1)
    assert answer.to_id == sophie
    assert answer.text.startswith("Acknowledged #2026-0001 (water leak).")
    assert await language_of(street_bot, "sophie-laurent") == "en"
