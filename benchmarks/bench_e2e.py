"""End-to-end pipeline speed: group messages in, replies out, on SQLite and PostgreSQL.

Run: `python benchmarks/bench_e2e.py` (`make bench-e2e`).

In process, on the memory transport, with the real app (routers, parser, handlers,
templates, durable outbox sender running as its background task). A generated stream of
80% chatter and 20% reports across the demo landlord groups (40 members each, 8 of them
writing English, each member in one language, every member seen once before the run) is
fed one message at a time;
the run ends when the outbox has delivered everything. Prints messages per second end to
end (first message in → last reply delivered), the p50/p99 latency of handling one
message (record, parse, handle, render into the outbox, commit), and how long a reply the
transport accepted waited to be recorded as sent (a crash then would send it twice).
The group rate limit is lifted for the run: it would only measure the limit. PostgreSQL
runs into a fresh temporary database on GRIDBOT_TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@
127.0.0.1:5432/test), dropped afterwards; it is skipped with a note if unreachable.

`--processes N` (PostgreSQL): N bot processes on one database, each with its own share of
the groups (as accounts split them) and `--messages` of its own, started together; the
line gives their aggregate msg/s (all messages over the time from the first one in to the
last reply out) and each process's rate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
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
from bot.config import Settings, load_settings  # noqa: E402
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
    started_at: float = 0.0  # wall clock (time.time()) of the first message: across processes
    # From the transport's accept of a reply to its "sent" commit: what a crash re-sends.
    unrecorded_ms_mean: float = 0.0
    unrecorded_ms_max: float = 0.0

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


def _settings(url: str) -> Settings:
    environ = {"GRIDBOT_DATABASE_URL": url, "GRIDBOT_TRANSPORT": "memory"}
    return load_settings(str(ROOT / "config.example.toml"), environ=environ)


async def prepare(url: str) -> None:
    """Migrate the database and load the demo directory into it."""
    await upgrade_async(url)
    settings = _settings(url)
    engine = create_engine(url)
    async with sessionmaker(engine)() as session, session.begin():
        await sync_directory(session, directory=settings.directory)
    await engine.dispose()


async def run(
    url: str,
    count: int,
    seed: int,
    *,
    concurrent: bool = True,
    routers: Sequence[str] | None = None,
    share: tuple[int, int] = (0, 1),
    ready: Callable[[], Awaitable[None]] | None = None,
) -> Figures:
    """One bot on `url`; `share` = (i, n): the i-th of n processes takes every n-th group;
    `ready` is awaited once warmed up (processes start their streams together)."""
    if share == (0, 1):
        await prepare(url)
    settings = _settings(url)
    groups = [
        (g.group_chat, g.buildings[0]) for g in settings.directory.landlord_grids if g.group_chat
    ][share[0] :: share[1]]
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
        if ready is not None:
            await ready()
        latencies, replied = [], []
        began, cpu_began = time.perf_counter(), time.process_time()
        wall_began = time.time()
        for message in messages:
            t0 = time.perf_counter()
            outcome = await app.handle(message)
            latencies.append((time.perf_counter() - t0) * 1000)
            if outcome is Outcome.HANDLED:
                replied.append(latencies[-1])
        await _drain(app, concurrent)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu_began
        window = app.outbox.unrecorded
    finally:
        await app.stop()
    return Figures(
        count,
        seconds,
        cpu,
        latencies,
        replied,
        wall_began,
        window.mean * 1000,
        window.longest * 1000,
    )


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
        f"p99 {figures.percentile(0.99, figures.replied_ms):.2f} ms; "
        f"sent→recorded mean {figures.unrecorded_ms_mean:.2f} ms, "
        f"max {figures.unrecorded_ms_max:.2f} ms)"
    )


def median_line(name: str, runs: list[Figures]) -> str:
    ordered = sorted(runs, key=lambda figures: figures.rate)
    rates = ", ".join(f"{figures.rate:.0f}" for figures in runs)
    return f"{line(name, ordered[len(ordered) // 2])}   [runs: {rates}]"


async def worker(args: argparse.Namespace) -> int:
    """One of `--processes` bots: prints "ready" once warmed up, starts on a line from stdin,
    prints its figures as JSON."""
    index, total = (int(part) for part in args.worker.split("/"))

    async def ready() -> None:
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)

    figures = await run(
        args.url, args.messages, args.seed + index, share=(index, total), ready=ready
    )
    print(json.dumps(figures.__dict__), flush=True)
    return 0


async def processes(url: str, count: int, args: argparse.Namespace) -> tuple[float, list[Figures]]:
    """`count` bot processes on one database: the aggregate msg/s and each one's figures."""
    await prepare(url)
    started = [
        await asyncio.create_subprocess_exec(
            *(sys.executable, __file__, "--worker", f"{i}/{count}", "--url", url),
            *("--messages", str(args.messages), "--seed", str(args.seed)),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        for i in range(count)
    ]
    for process in started:  # every one warmed up before any starts its stream
        assert process.stdout is not None
        assert (await process.stdout.readline()).strip() == b"ready"
    for process in started:
        assert process.stdin is not None
        process.stdin.write(b"go\n")
        await process.stdin.drain()
    figures = []
    for process in started:
        output, _ = await process.communicate()
        figures.append(Figures(**json.loads(output.decode().strip().splitlines()[-1])))
    first = min(f.started_at for f in figures)
    last = max(f.started_at + f.seconds for f in figures)
    return sum(f.messages for f in figures) / (last - first), figures


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--backends", default="sqlite,postgres", help="which databases")
    parser.add_argument(
        "--processes", help="e.g. 1,2: that many bots on one PostgreSQL database, each line"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per line (median shown)")
    parser.add_argument(
        "--routers",
        help="comma-separated names of composed routers to keep (to attribute costs)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return await worker(args)
    if args.processes:
        for count in (int(n) for n in args.processes.split(",")):
            await many(args, count)
        return 0
    backends = args.backends.split(",")
    if args.skip_postgres:
        backends = [b for b in backends if b != "postgres"]
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
        if "sqlite" in backends:
            runs = []
            for _ in range(args.repeat):
                with tempfile.TemporaryDirectory() as tmp:
                    url = f"sqlite+aiosqlite:///{tmp}/bench.db"
                    figures = await run(
                        url, args.messages, args.seed, concurrent=concurrent, routers=routers
                    )
                    runs.append(figures)
            print(median_line(f"SQLite, {mode}", runs), flush=True)
        if "postgres" not in backends:
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
            print(median_line(f"PostgreSQL, {mode}", runs), flush=True)
        except OSError as error:
            print(line(f"PostgreSQL, {mode}", f"skipped: {server} unreachable ({error})"))
    return 0


async def many(args: argparse.Namespace, count: int) -> None:
    server = os.environ.get("GRIDBOT_TEST_POSTGRES_URL") or POSTGRES_DEFAULT
    print(
        f"{count} process(es) on one PostgreSQL database, {args.messages} group messages "
        f"each (80% chatter, 20% reports) on their own share of the groups, sender live; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"
    )
    results = []
    for _ in range(args.repeat):
        async with scratch_postgres_database(prefix="gridbot_bench", server=server) as url:
            results.append(await processes(url, count, args))
    results.sort(key=lambda result: result[0])
    rate, figures = results[len(results) // 2]
    each = ", ".join(f"{f.rate:.0f}" for f in figures)
    runs = ", ".join(f"{r:.0f}" for r, _ in results)
    cpu = statistics.fmean(f.cpu_seconds * 1000 / f.messages for f in figures)
    print(
        f"PostgreSQL x{count}, aggregate {rate:>6.0f} msg/s   (each process: {each}; "
        f"CPU {cpu:.2f} ms/msg per process)   [runs: {runs}]",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
