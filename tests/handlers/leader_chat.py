"""Helpers for leader conversations: direct messages to the bot, reports to start from."""

from __future__ import annotations

from sqlmodel import col, select

from bot.chat import Delivery
from bot.dispatch.pipeline import Outcome
from bot.transport import memory
from models.event import Event, EventLog
from tests.handlers.conftest import Bot, to_group, to_person

SHIMA_10 = "room-shima-10"
CHEN_JING = ("wxid_chenjing", "陈静")  # tenant of 石马社区10幢 room 301
LI_MING = ("wxid_liming", "李明")  # tenant of 石马社区12幢
NATTAPONG = ("wxid_nattapong", "Nattapong Srisuk")  # English tenant of 小和山新苑23号
WANG = ("wxid_wangjianguo", "王建国")  # leader of 石马社区10幢
LIU = ("wxid_liuguiying", "刘桂英")  # leader of 石马社区12幢 (same micro-grid)
HU = ("wxid_huhai", "胡海")  # leader of 小和山新苑23号
CHEN_XIAOWEI = ("wxid_chenxiaowei", "陈晓伟")  # micro-grid worker above 10幢 and 12幢
ZHAO_LEI = ("wxid_zhaolei", "赵磊")  # grid worker above them
LI_HONG = ("wxid_lihong", "李红")  # community staff of 石马社区
ZHOU_MIN = ("wxid_zhoumin", "周敏")  # community staff of 小和山社区
WUYE = ("wxid_shimawuye", "石马物业值班")  # property management


async def dm(bot: Bot, who: tuple[str, str], text: str, quoted: str | None = None) -> Outcome:
    message = memory.direct_message(text, sender_id=who[0], sender_name=who[1], quoted_text=quoted)
    return await bot.app.handle(message)


async def report_leak(bot: Bot) -> list[Delivery]:
    """陈静 reports a leak in the 10幢 group: event 2026-0001, assigned to 王建国."""
    await bot.say(SHIMA_10, *CHEN_JING, "10幢301卫生间漏水了")
    return await bot.replies()


async def event_one(bot: Bot) -> Event:
    [event] = await bot.events()
    return event


async def actions(bot: Bot) -> list[str]:
    async with bot.app.sessions() as session:
        rows = (await session.exec(select(EventLog).order_by(col(EventLog.id)))).all()
        return [row.action for row in rows]


def text_to(sent: list[Delivery], who: tuple[str, str]) -> str:
    [one] = to_person(sent, who[0])
    return one.text


def group_text(sent: list[Delivery], chat_id: str = SHIMA_10) -> str:
    [one] = to_group(sent, chat_id)
    return one.text
