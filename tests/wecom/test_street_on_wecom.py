"""梧桐街道's staff on WeCom beside its WeChat groups, in one app on one database: invite
codes link a person on either channel, a WeCom work group is bound to a landlord grid,
and the loop report → assignment → acknowledge (收到 quoting it) → resolve → confirm runs
through the WeCom client against the local robot service, the leader's direct messages
going to the channel they use (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from models.crud.people import person_by_contact
from models.states import CloseReason, EventState
from tests.wecom.both_channels import CAI, DAI, QS3_WORK, ROBOT, BothChannels, stored

pytestmark = pytest.mark.puppet

Inviter = Callable[[str], Awaitable[str]]


async def link_on_wecom(both: BothChannels, invite: Inviter, key: str, user_id: str) -> str:
    await both.wecom.say(user_id, await invite(key))
    [linked] = await both.wecom_sent(1)
    assert linked.cmd == "aibot_respond_msg" and linked.chat_id == user_id
    return linked.text


async def test_the_loop_through_wecom_beside_wechat(
    both: BothChannels, street_invite: Inviter
) -> None:
    street = both.street
    dai_wechat = street.contact("dai-guohua")
    # 戴国华 links his WeChat, then his WeCom: one person, two contacts.
    await both.wechat.say_to_bot(dai_wechat, await street_invite("dai-guohua"))
    [linked] = await both.wechat_sent(1)
    assert linked.to_id == dai_wechat and linked.text.startswith("戴国华您好")
    on_wecom = await link_on_wecom(both, street_invite, "dai-guohua", DAI)
    assert on_wecom.startswith("戴国华您好，您的企业微信已与网格名录关联")
    assert (await link_on_wecom(both, street_invite, "cai-min", CAI)).startswith("蔡敏您好")

    # Onboarding: 清水湾3号楼's residents' group is bound on WeChat, its work group in WeCom
    # (by @ing the robot); the house keeps both, one per channel.
    room = street.room_of("qs-3").id
    await both.wechat.say_in_room(room, dai_wechat, "绑定 清水湾3号楼")
    [bound_wechat] = await both.wechat_sent(1)
    assert bound_wechat.room_id == room and "已绑定" in bound_wechat.text
    await both.wecom.say(DAI, f"{ROBOT}绑定 清水湾3号楼", chat_id=QS3_WORK)
    [bound] = await both.wecom_sent(1)
    assert (bound.chat_id, bound.cmd) == (QS3_WORK, "aibot_respond_msg"), bound
    assert "已绑定：本群现对应 清水湾3号楼" in bound.text

    # A report in the work group: answered there, assigned to 戴国华 where he last linked.
    report = await both.wecom.say(CAI, f"{ROBOT}302卫生间漏水了", chat_id=QS3_WORK)
    ack, assignment = sorted(await both.wecom_sent(2), key=lambda s: s.chat_id != QS3_WORK)
    assert (ack.chat_id, ack.answered) == (QS3_WORK, report)
    assert ack.text.startswith(f"<@{CAI}>") and "由 戴国华 负责" in ack.text
    assert (assignment.cmd, assignment.chat_id) == ("aibot_send_msg", DAI)
    assert assignment.text.startswith("新事件 #2026-0001：漏水")

    # "收到" quoting the assignment acknowledges it.
    await both.wecom.say(DAI, "收到", quote=assignment.text)
    taken, told = await both.wecom_sent(2)
    assert taken.chat_id == DAI and "已接单" in taken.text
    assert told.chat_id == QS3_WORK and "已由 戴国华 接单" in told.text
    [event] = await both.events()
    assert event.state is EventState.ACKNOWLEDGED

    await both.wecom.say(DAI, "已解决 2026-0001 换了水管接头")
    answers = await both.wecom_sent(2)
    [question] = [s for s in answers if s.chat_id == QS3_WORK]
    assert question.cmd == "aibot_send_msg" and f"<@{CAI}>" in question.text
    assert "解决了吗" in question.text

    await both.wecom.say(CAI, f"{ROBOT}修好了，谢谢", chat_id=QS3_WORK)
    closed = {s.chat_id: s.text for s in await both.wecom_sent(2)}
    assert closed[DAI].startswith("报告人 蔡敏 已确认 #2026-0001")  # the directory's name
    assert "感谢确认" in closed[QS3_WORK]
    [event] = await both.events()
    assert (event.state, event.close_reason) == (EventState.CLOSED, CloseReason.FIXED)

    # 戴国华 writes from WeChat again: from then on his direct messages go there.
    await both.wechat.say_to_bot(dai_wechat, "待办")
    [todo] = await both.wechat_sent(1)
    assert todo.to_id == dai_wechat
    async with both.app.sessions() as session:
        person = await person_by_contact(session, contact_id=stored(DAI))
        assert person is not None and person.contact_id == dai_wechat

    # The residents' WeChat group is still 清水湾3号楼's: a tenant's report is handled there.
    await both.wechat.say_in_room(room, street.contact("zhou-xiaomei"), "502卫生间漏水了")
    ack_wechat, assigned_wechat = await both.wechat_sent(2)
    assert ack_wechat.room_id == room and "由 戴国华 负责" in ack_wechat.text
    assert assigned_wechat.to_id == dai_wechat
    assert assigned_wechat.text.startswith("新事件 #2026-0002：漏水")
    assert both.wecom.pending_sent() == []
