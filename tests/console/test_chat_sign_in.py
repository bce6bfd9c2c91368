"""Signing in from chat: "登录" / "login" in a direct chat answers with a one-time link into
the console (in the person's language) or a clear refusal; the link signs in to the
person's own scope; the outbox forgets the link as soon as it is sent."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import col, select

from bot.chat import ChatKind, Delivery
from bot.render import Renderer
from handlers.signin.grammar import asks_for_link
from models.console import LoginLink
from models.crud.people import link_contact, person_by_key
from models.messaging import ERASED, Outbox, OutboxStatus
from tests.console.support import LOCAL_URL, SHANGHAI, RunningBot, csrf_of
from tests.street import Street

PAN = ("wxid_panzy", "潘志远")  # grid worker of 清水湾第一网格
SOPHIE = ("wxid_sophie_l", "Sophie L.")  # community staff of 兰亭社区, writes English
WUYE = ("wxid_qingshui_wuye", "清水湾物业")  # property: in the directory, no part of the grid
STRANGER = ("wxid_nobody", "路人")


@pytest.fixture
async def bot(running_bot: RunningBot) -> RunningBot:
    """The property desk links its account too (wechat.toml gives it none)."""
    async with running_bot.app.sessions() as session, session.begin():
        wuye = await person_by_key(session, key="qingshui-wuye")
        assert wuye is not None and wuye.id is not None
        await link_contact(session, person_id=wuye.id, contact_id=WUYE[0])
    return running_bot


async def answer_to(bot: RunningBot, who: tuple[str, str], text: str = "登录") -> Delivery:
    await bot.dm(*who, text)
    [answer] = await bot.sent()
    assert (answer.chat_kind, answer.chat_id) == (ChatKind.DIRECT, who[0])
    return answer


def link_in(text: str) -> str:
    [url] = [word for word in text.split() if "/login/" in word]
    return url


async def outbox_texts(bot: RunningBot) -> list[tuple[str, OutboxStatus, bool]]:
    async with bot.app.sessions() as session:
        rows = (await session.exec(select(Outbox).order_by(col(Outbox.id)))).all()
        return [(row.text, row.status, row.secret) for row in rows]


async def test_a_grid_worker_asks_in_chat_signs_in_with_the_link_and_sees_their_scope(
    bot: RunningBot,
) -> None:
    await bot.dm(*PAN, "登录")
    [(queued, status, secret)] = await outbox_texts(bot)
    assert secret and status is OutboxStatus.PENDING and "/login/" in queued

    [answer] = await bot.sent()
    assert answer.chat_id == PAN[0]
    assert answer.text.startswith("潘志远，这是您的工作台登录链接，10 分钟内有效（至 10:10）")
    url = link_in(answer.text)
    assert url.startswith(f"{LOCAL_URL}/login/")
    token = url.rsplit("/", 1)[1]

    # Sent: the outbox keeps no usable link, the link table only its hash.
    assert await outbox_texts(bot) == [(ERASED, OutboxStatus.SENT, True)]
    async with bot.app.sessions() as session:
        [link] = (await session.exec(select(LoginLink))).all()
    assert token not in link.token_hash

    path = url.removeprefix(LOCAL_URL)
    page = await bot.client.get(path)
    assert page.status == 200 and "潘志远" in await page.text()
    signed_in = await bot.client.post(path, data={"csrf_token": csrf_of(await page.text())})
    assert signed_in.status == 200 and str(signed_in.url).endswith("/console")
    houses = await (await bot.client.get("/grid")).text()
    assert "清水湾3号楼" in houses and "清水湾9栋、11栋" in houses
    assert "清水湾15号楼" not in houses  # the community's other grid
    assert "兰亭2号楼" not in houses  # another community's house
    assert (await bot.client.get("/console/events?place=lt-2")).status == 400


async def test_a_person_writing_english_gets_the_link_in_english(bot: RunningBot) -> None:
    answer = await answer_to(bot, SOPHIE, "login")
    assert answer.text.startswith("Sophie Laurent, here is your link into the staff console.")
    assert "/login/" in answer.text


@pytest.mark.parametrize(
    ("who", "said"),
    [
        (STRANGER, "名录里没有与这个微信绑定的人员"),
        (WUYE, "名录中没有您负责的社区、网格、微网格或房屋"),
    ],
)
async def test_strangers_and_people_with_nothing_to_look_after_are_refused(
    bot: RunningBot, who: tuple[str, str], said: str
) -> None:
    answer = await answer_to(bot, who)
    assert said in answer.text and "/login/" not in answer.text
    async with bot.app.sessions() as session:
        assert (await session.exec(select(LoginLink))).all() == []
    [(kept, _, secret)] = await outbox_texts(bot)
    assert kept == answer.text and not secret  # a refusal holds nothing to erase


async def test_a_group_member_the_directory_does_not_name_is_refused(
    street: Street, bot: RunningBot
) -> None:
    room = street.room_of("qs-3").id
    lin = ("wxid_linxiao", street.shown_name(room, "wxid_linxiao"))
    await bot.say(room, *lin, "大家好")  # known now, but only from chat
    await bot.sent()
    answer = await answer_to(bot, lin)
    assert "名录里没有与这个微信绑定的人员" in answer.text


@pytest.mark.parametrize("text", ["登录", " 登录。", "Login", "log in", "sign  in!", "工作台"])
def test_the_word_alone_asks_for_a_link(text: str) -> None:
    assert asks_for_link(text)


@pytest.mark.parametrize("text", ["登录不了微信", "login page is broken", "3幢登录", "收到"])
def test_more_than_the_word_asks_for_nothing(text: str) -> None:
    assert not asks_for_link(text)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("refused", [None, "not_in_directory", "no_scope"])
def test_every_answer_renders_in_both_languages(lang: str, refused: str | None) -> None:
    context = {
        "refused": refused,
        "name": "潘志远",
        "url": "https://grid.example/login/abc",
        "until": datetime(2026, 11, 25, 10, 10, tzinfo=SHANGHAI),
        "minutes": 10,
    }
    text = Renderer().render("console_link", context, lang)
    assert ("https://grid.example/login/abc" in text) is (refused is None)
    assert ("10:10" in text) is (refused is None)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text.replace("潘志远", "")) is (lang == "zh")
