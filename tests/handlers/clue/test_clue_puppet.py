"""A clue through the real puppet service: the reporter's "举报 …" reaches the leader's
WeChat without the reporter's name or account."""

from __future__ import annotations

import pytest

from tests.handlers.clue.test_clue import CLUE, REPORTER, identity
from tests.street import Street
from tests.street_fixture import StreetBot

pytestmark = pytest.mark.puppet


async def test_a_clue_over_wechat_reaches_the_leader_anonymously(
    street_bot: StreetBot, street: Street
) -> None:
    await street_bot.link("dai-guohua", REPORTER)
    reporter = street.contact(REPORTER)
    await street_bot.wechat.say_to_bot(reporter, CLUE)
    sent = await street_bot.sent(2)
    by_recipient = {s.to_id: s.text for s in sent}
    assert set(by_recipient) == {reporter, street.contact("dai-guohua")}
    assert "匿名线索已登记" in by_recipient[reporter]
    leader = by_recipient[street.contact("dai-guohua")]
    assert "报告人：匿名（线索举报）" in leader and "楼道里堆满纸箱" in leader
    assert not any(mark in leader for mark in identity(street))
