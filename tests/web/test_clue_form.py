"""The household page's clue form (线索举报) on 梧桐街道: CSRF, the rate limit, clear errors,
and an anonymous event for the house's leader; nothing about the sender is kept."""

from __future__ import annotations

import re

from sqlmodel import select

from models.crud.people import link_contact, person_by_key
from models.event import Event
from models.messaging import Outbox
from tests.street import Street
from tests.web.test_household_four import Site, site, street_settings

__all__ = ["site", "street_settings"]  # the fixtures, shared

CLUE = "5楼楼道里有人给电动车充电，晚上也在充"


def csrf(html: str) -> str:
    found = re.search(
        r'id="clue-form">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', html
    )
    assert found is not None, html
    return found[1]


async def form_token(site: Site) -> str:
    return csrf(await (await site.client.get("/h/qs-3")).text())


async def test_a_clue_from_the_form_becomes_an_anonymous_event_for_the_leader(
    site: Site, street: Street
) -> None:
    async with site.sessions() as session, session.begin():
        dai = await person_by_key(session, key="dai-guohua")
        assert dai is not None and dai.id is not None
        await link_contact(session, person_id=dai.id, contact_id=street.contact("dai-guohua"))
    token = await form_token(site)
    response = await site.client.post("/h/qs-3/clue", data={"csrf_token": token, "clue": CLUE})
    assert response.status == 200
    assert "已收到您的线索，已转交负责人处理" in await response.text()
    async with site.sessions() as session:
        [event] = (await session.exec(select(Event))).all()
        [message] = (await session.exec(select(Outbox))).all()
    assert event.anonymous and event.reporter_id is None and event.source_chat_id is None
    assert event.text == CLUE and event.landlord_grid_id is not None
    assert message.chat_id == street.contact("dai-guohua")
    assert "报告人：匿名（线索举报）" in message.text and CLUE in message.text


async def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(site: Site) -> None:
    token = await form_token(site)
    empty = await site.client.post("/h/qs-3/clue", data={"csrf_token": token, "clue": "  "})
    assert empty.status == 400
    assert 'id="clue-error"' in (html := await empty.text()) and "请写下您要举报的情况" in html
    long = await site.client.post(
        "/h/qs-3/clue", data={"csrf_token": token, "clue": "长" * 501, "lang": "en"}
    )
    assert long.status == 400
    assert "At most 500 characters" in (html := await long.text()) and "长" * 501 in html
    forged = await site.client.post("/h/qs-3/clue", data={"csrf_token": "forged", "clue": CLUE})
    assert forged.status == 403 and "页面已过期" in await forged.text()
    assert await events(site) == []


async def test_the_form_is_rate_limited_like_the_register_forms(site: Site) -> None:
    token = await form_token(site)
    statuses = [
        (await site.client.post("/h/qs-3/clue", data={"csrf_token": token, "clue": ""})).status
        for _ in range(11)
    ]
    assert statuses == [400] * 10 + [429]  # [register] form_limit = 10 an hour, errors count


async def events(site: Site) -> list[Event]:
    async with site.sessions() as session:
        return list((await session.exec(select(Event))).all())
