"""Proactive direct messages that can wait are held until the quiet hours end (Outbound.hold):
a hand-over at night reaches the new handler in the morning, while what they ask meanwhile
is answered at once."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.street_fixture import STREET_START, StreetChat

NIGHT = STREET_START + timedelta(hours=13)  # 23:00 in Shanghai; quiet 22:30-07:00
MORNING = STREET_START + timedelta(hours=21)  # 07:00


async def test_a_hand_over_at_night_reaches_the_new_handler_in_the_morning(
    street_chat: StreetChat,
) -> None:
    street = street_chat.street
    await street_chat.link("dai-guohua", "cai-min")
    room = await street_chat.bind("qs-3")
    await street_chat.say(room, street.contact("zhou-xiaomei"), "3号楼502卫生间漏水了")
    sent = await street_chat.sent()
    number = re.search(r"(\d{4}-\d{4})", " ".join(d.text for d in sent))
    assert number, [d.text for d in sent]
    street_chat.clock.set(NIGHT)
    await street_chat.dm(street.contact("dai-guohua"), f"转派 {number.group(1)} 给 蔡敏")
    night = await street_chat.sent()
    assert street.contact("cai-min") not in [d.chat_id for d in night]
    await street_chat.dm(street.contact("cai-min"), "我的")
    [answer] = await street_chat.sent()  # her own question is answered at once
    assert answer.chat_id == street.contact("cai-min")
    street_chat.clock.set(MORNING)
    [handed] = await street_chat.sent()
    assert handed.chat_id == street.contact("cai-min") and number.group(1) in handed.text
