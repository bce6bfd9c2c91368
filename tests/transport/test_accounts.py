"""Several chat accounts in one app (config `[[accounts]]`, bot/accounts.py): ids carry
their account, a reply leaves through the account its message came in on, a direct message
through the account of the contact it goes to, and one account away holds no other back.

On 梧桐街道 (tests/street.py) with two memory accounts: "main" (its WeChat, ids as the
street's WeChat has them) and "staff" (a second account, its ids "staff:<id>" when stored).
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import pytest
from sqlmodel import col, select

from bot.accounts import Accounts
from bot.app import App, build_app
from bot.chat import ChatKind, Delivery, NotConnected
from bot.clock import FrozenClock
from bot.config import Settings
from bot.config.settings import AccountSettings
from bot.transport import memory
from bot.transport.accounts import AccountTransports
from bot.transport.memory import MemoryTransport
from models.crud.bindings import bind_grid
from models.crud.grid import landlord_grid_by_code
from models.crud.people import link_contact, person_by_key
from models.messaging import Outbox
from tests.street import Street
from tests.street_fixture import STREET_START

TENANT = "wxid_guxiaoyu"  # a tenant of 兰亭2号楼, in its WeChat group
LEADER_STAFF_ID = "shilei"  # 石磊, lt-2's leader, on the staff account only


class Switchable(MemoryTransport):
    """A memory account whose connection can drop: sends raise NotConnected meanwhile."""

    connected = True

    async def send(self, delivery: Delivery) -> None:
        if not self.connected:
            raise NotConnected("the staff account is reconnecting")
        await super().send(delivery)


@dataclasses.dataclass
class TwoAccounts:
    app: App
    main: MemoryTransport
    staff: Switchable
    room: str


@pytest.fixture
async def two(street: Street, street_settings: Settings) -> AsyncIterator[TwoAccounts]:
    settings = dataclasses.replace(
        street_settings,
        accounts=(AccountSettings("main", "memory"), AccountSettings("staff", "memory")),
    )
    main, staff = MemoryTransport(), Switchable()
    transport = AccountTransports({"main": main, "staff": staff})
    app = build_app(settings, transport=transport, clock=FrozenClock(STREET_START))
    await transport.start(app.feed)
    room = street.room_of("lt-2").id
    async with app.sessions() as session, session.begin():
        leader = await person_by_key(session, key="shi-lei")
        assert leader is not None and leader.id is not None
        await link_contact(session, person_id=leader.id, contact_id=f"staff:{LEADER_STAFF_ID}")
        grid = await landlord_grid_by_code(session, code="lt-2")
        assert grid is not None
        await bind_grid(
            session, chat_id=room, landlord_grid=grid, by_id=leader.id, now=STREET_START
        )
    yield TwoAccounts(app, main, staff, room)
    await app.stop()


async def report(two: TwoAccounts, street: Street) -> None:
    await two.main.push(
        memory.group_message(
            "2号楼102卫生间漏水了",
            chat_id=two.room,
            sender_id=TENANT,
            sender_name=street.shown_name(two.room, TENANT),
            chat_topic=street.room(two.room).topic,
            timestamp=STREET_START,
        )
    )


async def accounts_of_rows(app: App) -> dict[str, str]:
    async with app.sessions() as session:
        rows = (await session.exec(select(Outbox).order_by(col(Outbox.id)))).all()
    return {row.chat_id: row.account for row in rows}


def test_ids_carry_their_account_except_mains() -> None:
    accounts = Accounts(("main", "staff"))
    assert accounts.stored("main", "18833201475@chatroom") == "18833201475@chatroom"
    assert accounts.stored("staff", "wrkABC") == "staff:wrkABC"
    assert accounts.account_of("staff:wrkABC") == "staff"
    assert accounts.account_of("wxid_guxiaoyu") == "main"
    assert accounts.account_of("other:x") == "main"  # not an account: a main id with a colon
    assert accounts.native("staff:wrkABC") == "wrkABC"
    assert accounts.native("other:x") == "other:x"
    assert Accounts(("wecom",)).account_of("anything") == "wecom"  # no "main": the first


async def test_a_reply_goes_back_on_its_account_and_a_dm_on_the_persons(
    two: TwoAccounts, street: Street
) -> None:
    await report(two, street)
    await two.app.outbox.deliver_due()

    [ack] = two.main.take_sent()
    assert (ack.chat_kind, ack.chat_id, ack.mention_ids) == (ChatKind.GROUP, two.room, (TENANT,))
    [assignment] = two.staff.take_sent()  # the leader's contact is on the staff account
    assert assignment.chat_kind is ChatKind.DIRECT
    assert assignment.chat_id == LEADER_STAFF_ID  # the staff platform's own id
    assert "漏水" in assignment.text
    assert await accounts_of_rows(two.app) == {two.room: "main", "staff:shilei": "staff"}


async def test_a_message_on_the_staff_account_is_its_senders_and_answered_there(
    two: TwoAccounts, street: Street
) -> None:
    await report(two, street)
    await two.app.outbox.deliver_due()
    two.main.take_sent(), two.staff.take_sent()

    # The leader acknowledges from the staff account (its own ids, no prefix)...
    await two.staff.push(
        memory.direct_message("收到", sender_id=LEADER_STAFF_ID, sender_name="石磊")
    )
    await two.app.outbox.deliver_due()
    # ... is known as 石磊 (the event is theirs to acknowledge) and answered there.
    [answer] = two.staff.take_sent()
    assert answer.chat_id == LEADER_STAFF_ID and "已接单" in answer.text
    assert [d.chat_id for d in two.main.take_sent()] == [two.room]  # the group is told


async def test_one_account_away_holds_no_other_back(two: TwoAccounts, street: Street) -> None:
    two.staff.connected = False
    await report(two, street)
    await two.app.outbox.deliver_due()

    assert [d.chat_id for d in two.main.take_sent()] == [two.room]  # went out meanwhile
    assert two.staff.take_sent() == []
    async with two.app.sessions() as session:
        waiting = (await session.exec(select(Outbox).where(Outbox.account == "staff"))).one()
    assert (waiting.status, waiting.attempts) == ("pending", 0)  # given back as it was

    two.staff.connected = True
    two.app.clock.advance(two.app.outbox.policy.reconnect_poll)  # type: ignore[attr-defined]
    await two.app.outbox.deliver_due()
    [assignment] = two.staff.take_sent()
    assert assignment.chat_id == LEADER_STAFF_ID
