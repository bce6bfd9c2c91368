"""End-to-end pipeline speed: group messages in, replies out, on SQLite and PostgreSQL.

Run: `python benchmarks/bench_e2e.py` (`make bench-e2e`).

In process, on the memory transport, with the real app (routers, parser, handlers,
templates, durable outbox sender running as its background task). A generated stream of
80% chatter and 20% reports across the demo landlord groups (40 members each, 8 of them
writing English, each member in one language, every member seen once before the run) is
fed one message at a time;
the run ends when the outbox has delivered everything. Prints messages per second end to
end (first message in → last reply delivered) and the p50/p99 latency of handling one
message (record, parse, handle, render into the outbox, commit). The group rate limit is
lifted for the run: it would only measure the limit. PostgreSQL runs into a fresh
temporary database on GRIDBOT_TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@
127.0.0.1:5432/test), dropped afterwards; it is skipped with a note if unreachable.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import App, build_app  # noqa: E402
from bot.chat import Inbound  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.dispatch.pipeline import Outcome  # noqa: E402
from bot.dispatch.routers import ROUTERS  # noqa: E402
from bot.outbox import OutboxPolicy  # noqa: E402
from bot.rate_limit import RateLimit  # noqa: E402
from bot.transport import memory  # noqa: E402
from models.crud.directory_sync import sync_directory  # noqa: E402
from models.db import create_engine, sessionmaker  # noqa: E402
from models.messaging import Outbox, OutboxStatus  # noqa: E402
from models.migrate import upgrade_async  # noqa: E402
from models.scratch import scratch_postgres_database  # noqa: E402

POSTGRES_DEFAULT = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
SENDERS = 40  # per group
ENGLISH_SENDERS = 8  # of them, each writing only English (foreign students); the rest Chinese
CHATTER = {
    "zh": (
        "好的{n}",
        "收到 谢谢",
        "哈哈哈 太逗了",
        "今天降温了 大家注意保暖",
        "有没有人一起去买菜",
        "在吗",
        "[强][强]",
        "晚上吃啥",
        "请问快递放哪里了",
        "辛苦了",
        "明天几点开会",
        "早上好☀️",
        "这个月电费怎么这么贵",
    ),
    "en": (
        "ok thanks 👌",
        "Does anyone know a good noodle place?",
        "Thanks a lot!",
        "Good morning everyone",
        "See you at the meeting tomorrow",
        "Anyone selling a used bike?",
    ),
}
REPORTS = {
    "zh": (
        "{b}幢{r}卫生间漏水了", "楼上半夜一直吵，{r}睡不着", "{b}幢楼道垃圾好几天没人清理",
        "下水道堵了，水排不下去", "{b}幢{r}门锁坏了要报修", "楼道里有人给电动车充电",
        "有车堵在消防通道上", "{b}幢门禁坏了，陌生人随便进", "着火了！{b}幢楼道里都是烟",
    ),
    "en": (
        "The toilet in room {r} is leaking", "Someone parked in the fire lane again",
        "The hallway light on the 3rd floor is broken",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Figures:
    messages: int
    seconds: float
    cpu_seconds: float  # of this process, all threads: less sensitive to a busy machine
    latencies_ms: list[float]
    replied_ms: list[float]  # the messages that got a reply (reports): the slow ones

    @property
    def rate(self) -> float:
        return self.messages / self.seconds

    def percentile(self, q: float, latencies: list[float] | None = None) -> float:
        ordered = sorted(self.latencies_ms if latencies is None else latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def _lang(sender: int) -> str:
    return "en" if sender < ENGLISH_SENDERS else "zh"


def _message(n: int, body: str, chat_id: str, sender: int, start: datetime) -> Inbound:
    return memory.group_message(
        body,
        chat_id=chat_id,
        sender_id=f"wxid_bench_{chat_id}_{sender}",
        sender_name=f"租客{sender}" if _lang(sender) == "zh" else f"Student{sender}",
        message_id=f"bench-{uuid.uuid4().hex}",
        timestamp=start + timedelta(milliseconds=n),
    )


def stream(count: int, groups: list[tuple[str, str]], seed: int) -> list[Inbound]:
    """80% chatter, 20% reports; each message from one of the senders of its group."""
    rng = random.Random(seed)
    start = datetime.now(UTC)
    messages = []
    for n in range(count):
        chat_id, building = rng.choice(groups)
        sender = rng.randrange(SENDERS)
        if rng.random() < 0.8:
            body = rng.choice(CHATTER[_lang(sender)]).format(n=n)
        else:
            body = rng.choice(REPORTS[_lang(sender)]).format(b=building, r=rng.randrange(101, 606))
        messages.append(_message(n, body, chat_id, sender, start))
    return messages


def introductions(groups: list[tuple[str, str]]) -> list[Inbound]:
    """One chatter message from every member of every group, before the measured stream:
    a group's members are known people after its first day."""
    start = datetime.now(UTC)
    return [
        _message(0, CHATTER[_lang(sender)][1], chat_id, sender, start)
        for chat_id, _ in groups
        for sender in range(SENDERS)
    ]


async def run(
    url: str,
    count: int,
    seed: int,
    *,
    concurrent: bool = True,
    routers: Sequence[str] | None = None,
) -> Figures:
    await upgrade_async(url)
    environ = {"GRIDBOT_DATABASE_URL": url, "GRIDBOT_TRANSPORT": "memory"}
    settings = load_settings(str(ROOT / "config.example.toml"), environ=environ)
    engine = create_engine(url)
    async with sessionmaker(engine)() as session, session.begin():
        await sync_directory(session, directory=settings.directory)
    await engine.dispose()
    groups = [
        (g.group_chat, g.buildings[0]) for g in settings.directory.landlord_grids if g.group_chat
    ]
    unlimited = OutboxPolicy(group_rate=RateLimit(messages=10**9))
    transport = memory.MemoryTransport()
    app = build_app(
        settings,
        transport=transport,
        clock=SystemClock(),
        outbox_policy=unlimited,
        routers=None if routers is None else [r for r in ROUTERS if r.name in routers],
    )
    messages = stream(count, groups, seed)
    if concurrent:
        await app.start()
    else:  # the outbox sender only runs after the stream: the pipeline's own speed
        await transport.start(app.feed)
    try:
        # imports, template compilation, every member seen once
        for warm in [*introductions(groups), *stream(50, groups, seed + 1)]:
            await app.handle(warm)
        await _drain(app, concurrent)
        latencies, replied = [], []
        began, cpu_began = time.perf_counter(), time.process_time()
        for message in messages:
            t0 = time.perf_counter()
            outcome = await app.handle(message)
            latencies.append((time.perf_counter() - t0) * 1000)
            if outcome is Outcome.HANDLED:
                replied.append(latencies[-1])
        await _drain(app, concurrent)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    finally:
        await app.stop()
    return Figures(count, seconds, cpu, latencies, replied)


async def _drain(app: App, concurrent: bool) -> None:
    if not concurrent:
        await app.outbox.deliver_due()
    await _drained(app.sessions)


async def _drained(sessions: object) -> None:
    """Wait (polling, off the measured path's critical work) until nothing is pending."""
    factory = sessions  # async_sessionmaker
    while True:
        async with factory() as session:  # type: ignore[operator]
            statement = select(func.count()).where(Outbox.status == OutboxStatus.PENDING)
            if (await session.exec(statement)).one() == 0:
                return
        await asyncio.sleep(0.01)


def line(name: str, figures: Figures | str) -> str:
    if isinstance(figures, str):
        return f"{name:<26} {figures}"
    return (
        f"{name:<26} {figures.rate:>8.0f} msg/s   p50 {figures.percentile(0.5):6.2f} ms   "
        f"p99 {figures.percentile(0.99):6.2f} ms   "
        f"mean {statistics.fmean(figures.latencies_ms):6.2f} ms   "
        f"CPU {figures.cpu_seconds * 1000 / figures.messages:5.2f} ms/msg   "
        f"(replied to: {len(figures.replied_ms)}, "
        f"p50 {figures.percentile(0.5, figures.replied_ms):.2f} ms, "
        f"p99 {figures.percentile(0.99, figures.replied_ms):.2f} ms)"
    )


def median_line(name: str, runs: list[Figures]) -> str:
    ordered = sorted(runs, key=lambda figures: figures.rate)
    rates = ", ".join(f"{figures.rate:.0f}" for figures in runs)
    return f"{line(name, ordered[len(ordered) // 2])}   [runs: {rates}]"


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per line (median shown)")
    parser.add_argument(
        "--routers",
        help="comma-separated names of composed routers to keep (to attribute costs)",
    )
    args = parser.parse_args()
    routers = args.routers.split(",") if args.routers else None
    load = os.getloadavg()[0]
    print(f"{args.messages} group messages (80% chatter, 20% reports), memory transport")
    print(f"{os.cpu_count()} cores, load average {load:.1f} at the start (others' work counts)")
    print("'sender live': the outbox sender delivers while messages come in (production);")
    print("'sender after': it delivers once the stream is handled (the pipeline alone, then")
    print("the outbox drained), to tell the two costs apart. Latency: handling one message.")
    print(f"Each line: the median of {args.repeat} runs by msg/s (all runs' msg/s after it):")
    print("a shared machine's speed drifts between runs, and one run can mislead.")
    for concurrent, mode in ((True, "sender live"), (False, "sender after")):
        runs = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite+aiosqlite:///{tmp}/bench.db"
                runs.append(
                    await run(url, args.messages, args.seed, concurrent=concurrent, routers=routers)
                )
        print(median_line(f"SQLite, {mode}", runs))
        if args.skip_postgres:
            continue
        server = os.environ.get("GRIDBOT_TEST_POSTGRES_URL") or POSTGRES_DEFAULT
        try:
            runs = []
            for _ in range(args.repeat):
                async with scratch_postgres_database(prefix="gridbot_bench", server=server) as url:
                    runs.append(
                        await run(
                            url, args.messages, args.seed, concurrent=concurrent, routers=routers
                        )
                    )
            print(median_line(f"PostgreSQL, {mode}", runs))
        except OSError as error:
            print(line(f"PostgreSQL, {mode}", f"skipped: {server} unreachable ({error})"))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
