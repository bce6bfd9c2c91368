"""Visa warnings, monthly lists, retention purge and the audit log, on an injected clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.clock import FrozenClock
from bot.config import Settings
from bot.dispatch.enqueue import Enqueuer
from bot.followup.specs import FollowupRules
from bot.notices.sender import NoticeSender
from bot.outbox import OutboxSender
from bot.privacy import scan_for_unmasked
from bot.register.draft import Draft
from bot.register.keys import data_keys
from bot.register.reveal import NothingToReveal, reveal
from bot.register.scheduler import JobRun, RegisterJobs
from bot.register.store import save_registration, update_tenant
from bot.register.warnings import due_threshold, masked_name
from bot.render import Renderer
from bot.transport.memory import MemoryTransport
from models.crud.grid import landlord_grid_by_code
from models.crud.notices import notice_figures
from models.crud.tenants import sign_out, views_of
from models.db import session_scope, sessionmaker
from models.messaging import Outbox
from models.tenant import Tenant
from tests.register_support import VALID_ID, example_settings, synced

SHANGHAI_10AM = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
KIM = Draft(
    name="Kim Minjun",
    document_type="passport",
    document_number="M12345678",
    phone="13900002005",
    nationality="KR",
    visa_expiry=date(2026, 12, 25),  # 30 days after the start
    room="201",
)
ZHANG = Draft(name="张三", document_type="id_card", document_number=VALID_ID, room="301")


@pytest.fixture
async def settings(engine: AsyncEngine, db_url: str) -> Settings:
    settings = example_settings(db_url)
    await synced(engine, settings)
    return settings


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(SHANGHAI_10AM)


@pytest.fixture
def jobs(engine: AsyncEngine, settings: Settings, clock: FrozenClock) -> RegisterJobs:
    enqueuer = Enqueuer(Renderer())
    return RegisterJobs(sessionmaker(engine), enqueuer, settings, data_keys(settings), clock)


@pytest.fixture
def notices(engine: AsyncEngine, settings: Settings, clock: FrozenClock) -> NoticeSender:
    """The notice sender: visa warnings go out as notices, at the account's pace."""
    rules = FollowupRules.from_settings(settings.followup, settings.timezone)
    return NoticeSender(
        sessions=sessionmaker(engine),
        enqueuer=Enqueuer(Renderer()),
        clock=clock,
        sending=settings.sending,
        notices=settings.notices,
        quiet=rules.quiet,
        working=rules.working,
    )


async def send_planned(notices: NoticeSender, clock: FrozenClock) -> None:
    """Let the notice sender queue what is planned (a few seconds apart) and the outbox
    deliver it (the next paced message waits for the last to leave), then go back."""
    transport = MemoryTransport()
    await transport.start(_nothing_comes_in)
    outbox = OutboxSender(sessions=notices.sessions, transport=transport, clock=clock)
    start = clock.now()
    for second in range(0, 40, 4):
        clock.set(start + timedelta(seconds=second))
        await notices.tick()
        await outbox.deliver_due()
    clock.set(start)


async def _nothing_comes_in(event: object) -> None:
    raise AssertionError("nothing comes in during these tests")


async def add(
    engine: AsyncEngine, settings: Settings, code: str, draft: Draft, at: datetime
) -> int:
    async with session_scope(sessionmaker(engine)) as session:
        house = await landlord_grid_by_code(session, code=code)
        assert house is not None and house.id is not None
        _, residence = await save_registration(
            session,
            keys=data_keys(settings),
            draft=draft,
            landlord_grid_id=house.id,
            person_id=None,
            now=at,
            tz=settings.timezone,
        )
        assert residence.id is not None
        return residence.id


async def queued(engine: AsyncEngine) -> list[Outbox]:
    async with sessionmaker(engine)() as session:
        return list((await session.exec(select(Outbox).order_by(col(Outbox.id)))).all())


def test_the_warning_due_is_the_nearest_step_not_yet_passed() -> None:
    today, steps = date(2026, 11, 25), (30, 7, 1, 0)
    days = [31, 30, 29, 8, 7, 5, 1, 0, -3]
    due = [due_threshold(today + timedelta(days=d), today, steps) for d in days]
    assert due == [None, 30, 30, 30, 7, 7, 1, 0, 0]
    assert masked_name("Kim Minjun") == "K** M*****" and masked_name("张三") == "张*"


async def test_visa_warnings_follow_the_schedule_once_each(
    engine: AsyncEngine,
    settings: Settings,
    clock: FrozenClock,
    jobs: RegisterJobs,
    notices: NoticeSender,
) -> None:
    await add(engine, settings, "xiaoheshan-25", KIM, SHANGHAI_10AM - timedelta(days=60))
    sent_per_day: dict[str, int] = {}
    for day in range(0, 32):
        clock.set(SHANGHAI_10AM + timedelta(days=day))
        first, again = await jobs.run_due(), await jobs.run_due()
        await send_planned(notices, clock)
        assert again.warnings == 0  # a second run the same day sends nothing
        if first.warnings:
            sent_per_day[(date(2026, 11, 25) + timedelta(days=day)).isoformat()] = first.warnings

    assert sent_per_day == {"2026-11-25": 2, "2026-12-18": 2, "2026-12-24": 2, "2026-12-25": 2}
    rows = [row for row in await queued(engine) if row.text.startswith("【签证到期提醒】")]
    dm, group = rows[0], rows[1]
    assert (dm.chat_id, dm.chat_kind) == ("wxid_guomeiling", "direct")
    assert dm.text.startswith("【签证到期提醒】小和山新苑25号201室 Kim Minjun（护照 M1****678）")
    assert "还有 30 天" in dm.text
    assert (group.chat_id, group.mention_ids) == ("room-xiaoheshan-25", ["wxid_guomeiling"])
    assert "201室境外租客 K** M*****（M1****678）签证还有 30 天到期" in group.text
    assert "签证今天（2026年12月25日）到期" in rows[-2].text
    assert [row.text for row in rows if scan_for_unmasked(row.text)] == []
    async with sessionmaker(engine)() as session:  # a notice: its receipt is counted so
        figures = await notice_figures(session, notice_id=1)
    assert (figures.groups, figures.delivered, figures.houses, figures.receipts) == (2, 2, 1, 0)


async def test_nothing_is_sent_before_the_job_time(
    engine: AsyncEngine, settings: Settings, clock: FrozenClock, jobs: RegisterJobs
) -> None:
    await add(engine, settings, "xiaoheshan-25", KIM, SHANGHAI_10AM)
    clock.set(datetime(2026, 11, 24, 23, 30, tzinfo=UTC))  # 07:30 in Shanghai

    assert await jobs.run_due() == JobRun()
    assert jobs.next_run(clock.now()) == datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    clock.set(SHANGHAI_10AM)
    assert jobs.next_run(clock.now()) == datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


async def test_a_renewal_or_a_move_out_stops_the_warnings(
    engine: AsyncEngine, settings: Settings, clock: FrozenClock, jobs: RegisterJobs
) -> None:
    kim = await add(engine, settings, "xiaoheshan-25", KIM, SHANGHAI_10AM)
    other = Draft(name="Anna", document_type="passport", document_number="E7654321")
    anna = await add(
        engine,
        settings,
        "xiaoheshan-23",
        other.merged(Draft(visa_expiry=date(2026, 12, 25))),
        SHANGHAI_10AM,
    )
    async with session_scope(sessionmaker(engine)) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.name == "Kim Minjun"))).one()
        await update_tenant(
            session,
            keys=data_keys(settings),
            tenant=tenant,
            draft=Draft(visa_expiry=date(2027, 6, 1)),
        )
        await sign_out(session, residence_id=anna, at=SHANGHAI_10AM)

    assert (await jobs.run_due()).warnings == 0
    clock.set(datetime(2027, 5, 2, 2, 0, tzinfo=UTC))  # 30 days before the renewed date
    assert (await jobs.run_due()).warnings == 2
    assert kim


async def test_each_landlord_gets_the_monthly_list_once_on_the_day(
    engine: AsyncEngine, settings: Settings, clock: FrozenClock, jobs: RegisterJobs
) -> None:
    await add(engine, settings, "xiaoheshan-25", KIM, SHANGHAI_10AM)
    await add(engine, settings, "shima-10", ZHANG, SHANGHAI_10AM)
    clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))

    first = await jobs.run_due()
    assert (await jobs.run_due()).monthly == 0
    clock.advance(timedelta(days=1))
    assert (await jobs.run_due()).monthly == 0

    assert first.monthly == len(settings.directory.landlord_grids)
    lists = {row.chat_id: row.text for row in await queued(engine) if "每月" in row.text}
    wang = lists["wxid_wangjianguo"]
    assert wang.startswith(
        "【每月租客核对】石马社区10幢\n当前登记在住 1 人：\n1. 301室 张三 3301**********123X"
    )
    assert "未登记房间：101、102、201、202、302、401、402" in wang
    assert "1. 201室 Kim Minjun M1****678 签证到期 2026年12月25日" in lists["wxid_guomeiling"]
    assert "当前没有登记在住的租客" in lists["wxid_luowen"]
    assert [text for text in lists.values() if scan_for_unmasked(text)] == []


async def test_numbers_are_purged_after_the_retention_period(
    engine: AsyncEngine, settings: Settings, clock: FrozenClock, jobs: RegisterJobs
) -> None:
    gone = await add(engine, settings, "shima-10", ZHANG, SHANGHAI_10AM - timedelta(days=400))
    await add(engine, settings, "xiaoheshan-25", KIM, SHANGHAI_10AM)
    async with session_scope(sessionmaker(engine)) as session:
        await sign_out(session, residence_id=gone, at=SHANGHAI_10AM - timedelta(days=180))

    clock.set(SHANGHAI_10AM - timedelta(hours=1))
    assert (await jobs.run_due()).purged == 0  # 180 days less an hour
    clock.set(SHANGHAI_10AM + timedelta(hours=1))
    assert (await jobs.run_due()).purged == 1
    assert (await jobs.run_due()).purged == 0

    async with sessionmaker(engine)() as session:
        zhang, kim = (await session.exec(select(Tenant).order_by(col(Tenant.id)))).all()
    assert zhang.name == "张三" and zhang.purged_at == clock.now()
    assert (zhang.document_number_encrypted, zhang.document_hash) == (None, None)
    assert (zhang.phone_encrypted, zhang.phone_hash) == (None, None)
    assert kim.document_number_encrypted is not None  # still living here


async def test_every_view_of_a_full_number_is_audited(
    engine: AsyncEngine, settings: Settings
) -> None:
    await add(engine, settings, "xiaoheshan-25", KIM, SHANGHAI_10AM)
    keys = data_keys(settings)
    async with session_scope(sessionmaker(engine)) as session:
        tenant = (await session.exec(select(Tenant))).one()
        assert tenant.id is not None
        shown = [
            await reveal(
                session,
                keys=keys,
                tenant=tenant,
                field=field,
                viewer="cli:officer",
                purpose="派出所核查",
                now=SHANGHAI_10AM,
            )
            for field in ("document", "phone")
        ]
        with pytest.raises(ValueError, match="purpose"):
            await reveal(
                session,
                keys=keys,
                tenant=tenant,
                field="phone",
                viewer="cli:x",
                purpose=" ",
                now=SHANGHAI_10AM,
            )
        views = await views_of(session, tenant_id=tenant.id)
        tenant.phone_encrypted = None
        with pytest.raises(NothingToReveal):
            await reveal(
                session,
                keys=keys,
                tenant=tenant,
                field="phone",
                viewer="cli:x",
                purpose="check",
                now=SHANGHAI_10AM,
            )

    assert shown == ["M12345678", "13900002005"]
    assert [(v.field, v.viewer, v.purpose, v.viewed_at) for v in views] == [
        ("document", "cli:officer", "派出所核查", SHANGHAI_10AM),
        ("phone", "cli:officer", "派出所核查", SHANGHAI_10AM),
    ]
