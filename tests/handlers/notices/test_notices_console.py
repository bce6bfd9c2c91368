"""Notices in the console, on 梧桐街道: the list and a notice's receipts for the people whose
scope it reached, nothing for others; a scheduled one called off with the CSRF token."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer

from tests.console.support import console_app, csrf_of, sign_in
from tests.street_fixture import StreetChat

CAI_MIN = "wxid_caimin_qs"


async def _write(chat: StreetChat, text: str) -> int:
    await chat.dm(CAI_MIN, text)
    [preview] = await chat.sent()
    await chat.dm(CAI_MIN, "确认")
    await chat.sent()
    return int(preview.text.split()[1].split("（")[0])


async def test_the_console_shows_a_notice_and_its_receipts_within_the_scope_only(
    street_chat: StreetChat,
) -> None:
    app, clock = street_chat.app, street_chat.clock
    await street_chat.link("cai-min", "dai-guohua", "peng-shufen")
    qs3 = await street_chat.bind("qs-3")
    await street_chat.bind("qs-7")
    number = await _write(street_chat, "通知 清水湾一网格A片 明天停水")
    for second in (0, 4):
        clock.set(clock.now() + timedelta(seconds=second))
        assert app.notices is not None
        await app.notices.tick()
        await street_chat.sent()
    await street_chat.say(qs3, street_chat.street.contact("dai-guohua"), "收到")
    later = await _write(street_chat, "通知 清水湾3号楼 周五演练 定时 11月27日 09:00")

    # Served over http in the test: the street's https address would make the cookies Secure.
    register = replace(app.settings.register, public_url="http://wutong.test")
    settings = replace(app.settings, register=register)
    web = console_app(settings, app.sessions, clock)
    async with TestClient(TestServer(web)) as client:
        await sign_in(client, app.sessions, "cai-min", clock.now())
        listing = await (await client.get("/console/notices")).text()
        assert f'data-number="{number}"' in listing and f'data-number="{later}"' in listing
        assert '<span class="delivered">2/2</span>' in listing
        assert '<span class="receipts">1/2</span>' in listing
        house_page = await (await client.get("/h/qs-3")).text()  # 一键四知: in force there
        assert '<li class="notice">明天停水</li>' in house_page
        page = await (await client.get(f"/console/notices/{number}")).text()
        assert 'data-house="qs-3" class="answered"' in page
        assert 'data-house="qs-7" class="waiting"' in page

        refused = await client.post(f"/console/notices/{later}/cancel", data={})
        assert refused.status == 403  # no CSRF token: nothing happens
        form = await (await client.get(f"/console/notices/{later}")).text()
        done = await client.post(
            f"/console/notices/{later}/cancel",
            data={"csrf_token": csrf_of(form)},
            allow_redirects=False,
        )
        assert done.status == 303
        assert "已取消" in await (await client.get(f"/console/notices/{later}")).text()

    async with TestClient(TestServer(console_app(settings, app.sessions, clock))) as other:
        await sign_in(other, app.sessions, "qin-hai", clock.now())  # 兰亭's micro-grid
        assert f'data-number="{number}"' not in await (await other.get("/console/notices")).text()
        assert (await other.get(f"/console/notices/{number}")).status == 404
