"""Bug: the register replies followed the language the message looked written in, not the
one the sender had chosen ("English please"), unlike the report replies."""

from __future__ import annotations

from tests.handlers.conftest import Bot, to_group
from tests.handlers.register.test_register import CHEN_JING, SHIMA_10, WANG, ZHANG_ID, dm, only


async def test_a_landlord_who_chose_english_registers_in_english(bot: Bot) -> None:
    await dm(bot, WANG, "English please")
    await bot.replies()
    await bot.say(
        SHIMA_10, *WANG, f"新租客张三，身份证{ZHANG_ID}，电话13812345678，住301，今天入住"
    )
    reply = only(to_group(await bot.replies(), SHIMA_10)).text
    assert "Please check this registration for 石马社区10幢:" in reply.splitlines()


async def test_a_tenant_who_chose_english_is_asked_in_english(bot: Bot) -> None:
    await dm(bot, CHEN_JING, "English please")
    await bot.replies()
    await bot.say(SHIMA_10, *CHEN_JING, f"新租客李四，身份证{ZHANG_ID}，住302，今天入住")
    reply = only(to_group(await bot.replies(), SHIMA_10)).text
    assert "Tenant registration for 石马社区10幢: I still need the mobile number." in reply
