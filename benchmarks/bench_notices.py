"""A notice to a whole street: 7,000 groups (the size of 留下街道), planned, queued, paced.

Run: `python benchmarks/bench_notices.py` (`make bench-notices`); `--groups` and
`--backends` for a quicker look. PostgreSQL is the server of GRIDBOT_BENCH_POSTGRES_URL
(default: postgres@127.0.0.1:5432, database test); a fresh database is made and dropped.

For each database it loads one community with GROUPS houses, each with its bound group and
its landlord, and then:
- plan: community staff write "通知 留下社区 …" and confirm it, through the handlers' own
  steps (scope, reach, the draft; then one delivery per group and one row per house),
  timed from the command to the second commit (target: <= 2 s);
- rate: the notice sender and the outbox sender deliver the first PACED groups (1,000:
  50 minutes at 20 a minute) on an injected clock (no sleeping: the clock jumps to the
  next wake), memory transport; it prints the gaps between sends, the most sent in any
  60 s and the mean rate against `[sending] max_per_minute` (20), with the default
  jitter (0.1) and, on a second notice, with none;
- kill: a third notice, its drive cancelled after a random number of turns, wherever it
  is (mid-transaction included: the transaction rolls back, as a killed process's would),
  then fresh senders on the same database drive it to the end: no group may have it twice
  and none may miss it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter, process_time

from event_builder import analyze, database, inserter
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import models  # noqa: F401  (registers every table)
from bot.chat import ChatKind, Delivery, Inbound
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.config.notices import SendingSettings
from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.participants import Sender
from bot.followup.specs import FollowupRules
from bot.notices.sender import NoticeSender
from bot.outbox import OutboxPolicy, OutboxSender
from bot.render import Renderer
from bot.transport.memory import MemoryTransport
from handlers.notices import compose
from handlers.notices.grammar import Compose
from models.crud.dialogs import current_dialog
from models.crud.notices import cancel_notice, notices_for_houses
from models.db import create_engine, sessionmaker
from models.grid import Community, Grid, MicroGrid
from models.notice import NoticeStatus
from models.person import Person

START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Shanghai
STAFF = "wxid_staff"
CONFIG = """timezone = "Asia/Shanghai"
database_url = "{url}"
[followup.quiet_hours]  # none: a notice to 7,000 groups runs for six hours
start = "00:00"
end = "00:00"
"""


class StampedTransport(MemoryTransport):
    """The memory transport noting the injected clock's time of each send."""

    def __init__(self, clock: FrozenClock) -> None:
        super().__init__()
        self.clock = clock
        self.times: list[datetime] = []

    @classmethod
    async def started(cls, clock: FrozenClock) -> StampedTransport:
        transport = cls(clock)
        await transport.start(_nothing_comes_in)
        return transport

    async def send(self, delivery: Delivery) -> None:
        await super().send(delivery)
        self.times.append(self.clock.now())


async def load_street(url: str, groups: int) -> Person:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)
    async with sessionmaker(engine)() as session, session.begin():
        staff = Person(key="staff", contact_id=STAFF, name="社区工作人员", roles=[])
        session.add(staff)
        await session.flush()
        community = Community(code="liuxia", name="留下社区", staff_id=staff.id)
        session.add(community)
        await session.flush()
        grid = Grid(code="g", community_id=community.id or 0, name="网格")
        session.add(grid)
        await session.flush()
        micro = MicroGrid(code="m", grid_id=grid.id or 0, name="微网格")
        session.add(micro)
        await session.flush()
        session.expunge(staff)
        community_id, micro_id = community.id or 0, micro.id or 0
    await engine.dispose()
    insert, first = inserter(url), (staff.id or 0) + 1
    people = [
        (first + n, f"landlord-{n}", f"wxid_landlord_{n}", f"房东{n}", "zh", "[]", START)
        for n in range(groups)
    ]
    await insert(
        "person", ("id", "key", "contact_id", "name", "lang", "roles", "created_at"), people
    )
    houses = [
        (n + 1, f"h{n}", micro_id, community_id, f"{n}号楼", first + n, f"room-{n}@chatroom")
        for n in range(groups)
    ]
    columns = ("id", "code", "micro_grid_id", "community_id", "name", "leader_id", "group_chat")
    await insert("landlord_grid", columns, houses)
    await analyze(url)
    return staff


def _direct(text: str, now: datetime) -> Inbound:
    return Inbound(
        "memory", f"m{perf_counter()}", STAFF, ChatKind.DIRECT, STAFF, "staff", text, now
    )


async def write_notice(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    rules: FollowupRules,
    staff: Person,
    now: datetime,
) -> tuple[float, float]:
    """ "通知 留下社区 …", then "确认", as the router's steps do them: milliseconds of wall
    clock and of this process's CPU (the machine may be busy with others)."""
    sender = Sender(STAFF, "staff", "zh", staff)
    command = Compose(False, ("留下社区",), "明天9:00-12:00停水，请提前储水")
    started, cpu = perf_counter(), process_time()
    async with sessions() as session, session.begin():
        await compose.preview(
            session,
            inbound=_direct("通知", now),
            sender=sender,
            command=command,
            settings=settings,
            now=now,
        )
    async with sessions() as session, session.begin():
        dialog = await current_dialog(session, chat_id=STAFF, sender_id=STAFF, now=now)
        assert dialog is not None
        await compose.confirm(
            session,
            inbound=_direct("确认", now),
            dialog=dialog,
            sender=sender,
            settings=settings,
            quiet=rules.quiet,
            now=now,
        )
    return (perf_counter() - started) * 1000, (process_time() - cpu) * 1000


class Drive:
    """The two senders on one injected clock, as `gridbot run` wires them."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        rules: FollowupRules,
        clock: FrozenClock,
        transport: StampedTransport,
        sending: SendingSettings,
        seed: int,
    ) -> None:
        lock = asyncio.Lock() if settings.database_url.startswith("sqlite") else None
        self.clock = clock
        self.outbox = OutboxSender(
            sessions=sessions,
            transport=transport,
            clock=clock,
            policy=OutboxPolicy(linger=timedelta(0)),
            writer=lock,
        )
        self.notices = NoticeSender(
            sessions=sessions,
            enqueuer=Enqueuer(Renderer()),
            clock=clock,
            sending=sending,
            notices=settings.notices,
            quiet=rules.quiet,
            working=rules.working,
            writer=lock,
            random=random.Random(seed),
        )
        self.turns = 0

    async def run(self, *, until_sent: int, transport: StampedTransport) -> None:
        while len(transport.times) < until_sent:
            if self.turns > 10 * until_sent + 1000:
                raise RuntimeError(f"stuck after {len(transport.times)} sends")
            wake = await self.notices.tick()
            await self.outbox.deliver_due()
            self.turns += 1
            self.clock.set(max(wake, self.clock.now() + timedelta(milliseconds=1)))


def figures(times: Sequence[datetime], per_minute: int) -> str:
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    window, most, first = timedelta(seconds=60), 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= window:
            first += 1
        most = max(most, last - first + 1)
    span = (times[-1] - times[0]).total_seconds()
    rate = (len(times) - 1) / span * 60 if span else float("nan")
    return (
        f"{len(times)} sends over {span / 3600:.2f} h (injected clock); gaps "
        f"{min(gaps):.3f}-{max(gaps):.3f} s; most in any 60 s: {most} (limit {per_minute}); "
        f"mean {rate:.2f}/min"
    )


async def run(backend: str, groups: int, paced: int, seed: int) -> None:
    async with database(backend) as url:
        staff = await load_street(url, groups)
        with tempfile.TemporaryDirectory() as folder:
            config = Path(folder) / "config.toml"
            config.write_text(CONFIG.format(url=url), encoding="utf-8")
            settings = load_settings(str(config), environ={})
        rules = FollowupRules.from_settings(settings.followup, settings.timezone)
        engine = create_engine(url)
        sessions = sessionmaker(engine)
        await _staff_role(sessions)
        print(f"[{backend}] {groups} houses, each with its group")

        clock = FrozenClock(START)
        took, cpu = await write_notice(sessions, settings, rules, staff, clock.now())
        print(
            f"  plan: notice to {groups} groups written and confirmed in {took:.0f} ms"
            f" ({cpu:.0f} ms CPU)"
        )
        transport = await StampedTransport.started(clock)
        drive = Drive(sessions, settings, rules, clock, transport, settings.sending, seed)
        await drive.run(until_sent=paced, transport=transport)
        print(f"  rate, jitter {settings.sending.jitter}: " + figures(transport.times, 20))
        await _call_off(sessions, clock.now())

        exact = replace(settings.sending, jitter=0.0)
        await write_notice(sessions, settings, rules, staff, clock.now())
        transport = await StampedTransport.started(clock)
        drive = Drive(sessions, settings, rules, clock, transport, exact, seed)
        await drive.run(until_sent=paced, transport=transport)
        print("  rate, jitter 0: " + figures(transport.times, 20))
        await _call_off(sessions, clock.now())

        await write_notice(sessions, settings, rules, staff, clock.now())
        transport = await StampedTransport.started(clock)
        drive = Drive(sessions, settings, rules, clock, transport, settings.sending, seed)
        cut = random.Random(seed).randrange(groups // 4, groups // 2)
        task = asyncio.create_task(drive.run(until_sent=groups, transport=transport))
        while len(transport.times) < cut:  # noqa: ASYNC110  (a send is the event to wait for)
            await asyncio.sleep(0)
        for _ in range(random.Random(seed).randrange(1, 40)):
            await asyncio.sleep(0)  # somewhere in a turn: maybe mid-transaction
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        before = len(transport.times)
        # The lease of what the killed sender claimed and did not mark runs out first.
        clock.set(clock.now() + OutboxPolicy().lease)
        again = Drive(sessions, settings, rules, clock, transport, settings.sending, seed + 1)
        await again.run(until_sent=groups, transport=transport)
        for _ in range(5):  # nothing more comes
            await again.notices.tick()
            await again.outbox.deliver_due()
            clock.set(clock.now() + timedelta(minutes=1))
        counts = Counter(delivery.chat_id for delivery in transport.sent)
        twice = sum(1 for n in counts.values() if n > 1)
        print(
            f"  kill after {before} sends, restart: {len(counts)}/{groups} groups reached, "
            f"{twice} twice, {groups - len(counts)} missed"
        )
        await engine.dispose()


async def _call_off(sessions: async_sessionmaker[AsyncSession], now: datetime) -> None:
    """The rest of a measured notice is not sent (the next measurement starts clean)."""
    async with sessions() as session, session.begin():
        for notice in await notices_for_houses(session, houses=[1]):
            if notice.status is NoticeStatus.CONFIRMED:
                await cancel_notice(session, notice=notice, now=now)


async def _staff_role(sessions: async_sessionmaker[AsyncSession]) -> None:
    """The staff person holds the community (the scope comes from the directory)."""
    async with sessions() as session, session.begin():
        person = await session.get_one(Person, 1)
        person.roles = ["community_staff"]
        session.add(person)


async def _nothing_comes_in(event: object) -> None:
    raise AssertionError("nothing comes in during the benchmark")


def _each_once(sent: Sequence[Delivery], groups: int) -> None:
    counts = Counter(delivery.chat_id for delivery in sent)
    assert len(counts) == groups and max(counts.values()) == 1, "a group missed or twice"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=7000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--paced", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    for backend in args.backends.split(","):
        asyncio.run(run(backend, args.groups, min(args.paced, args.groups), args.seed))


if __name__ == "__main__":
    main()
