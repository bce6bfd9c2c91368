"""Chaos: two `gridbot run` processes on one PostgreSQL database, the owner killed with -9
again and again while people talk, through the real puppet service.

Run: `python benchmarks/bench_chaos.py` (`make bench-chaos`; needs Node and
tests/puppet/node_modules, `make puppet-deps`, and PostgreSQL on GRIDBOT_TEST_POSTGRES_URL,
default postgresql+asyncpg://postgres@127.0.0.1:5432/test).

梧桐街道 (tests/deployments/wutong/) is deployed the README's way into a scratch database
(`gridbot db upgrade`, `gridbot grid import`, every house's group bound) and served by two
processes: one owns the account (bot/liveness.py), the other waits as a standby. For
`--seconds` (120) its members write in the groups, `--rate` messages a second (a quarter of
them reports, which are answered, the rest chatter). At random moments (`--kills`, 9) the
process serving the account is killed with SIGKILL and started again (it comes back as
the standby); the next kill waits until that standby is up.

Printed: messages said; handled (in the inbound log); lost, by phase: while an owner was
up, in flight at a kill (said in the second before it: received, not yet committed), and
during failover (from the kill until the standby serves: WeChat does not redeliver);
messages handled twice; duplicate sends (a queued reply delivered more than once); the
longest wait of an outbox row (queued to sent); and each failover's time, from the kill to
the standby serving (its "GridBot runs" line). Targets (issue 14): 0 lost while an owner is
up, 0 duplicates, no outbox wait over 10 s, failover within 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from bot.cli import main as gridbot  # noqa: E402
from models.crud.bindings import bind_grid  # noqa: E402
from models.crud.grid import landlord_grid_by_code  # noqa: E402
from models.db import database  # noqa: E402
from models.event import Event  # noqa: E402
from models.messaging import InboundMessage, Outbox, OutboxStatus  # noqa: E402
from models.scratch import scratch_postgres_database  # noqa: E402
from tests.mock_wechat import MockWeChat  # noqa: E402
from tests.net import free_port  # noqa: E402
from tests.street import STREET_SECRET_KEY, Street, wutong  # noqa: E402

POSTGRES_DEFAULT = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
SERVING = "GridBot runs on wechaty"
STANDBY = "standby:"
IN_FLIGHT = 1.0  # seconds before a kill in which a message may be received, not committed
START_WAIT = 90.0  # a fresh interpreter on a busy machine
REPORTS = ("{r}室卫生间漏水了", "{r}门锁坏了要报修", "楼道灯坏了 {r}门口", "{r}下水道堵了")
CHATTER = ("好的 谢谢 {n}", "收到 {n}", "今天降温了 大家注意保暖 {n}", "在吗 {n}")


@dataclass
class Bot:
    """One `gridbot run` process; its stderr lines with the time each arrived."""

    name: str
    env: dict[str, str]
    config: Path
    process: asyncio.subprocess.Process | None = None
    lines: list[tuple[float, str]] = field(default_factory=list)
    reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.lines = []
        self.process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "bot.cli", "--config", str(self.config), "run"),
            cwd=self.config.parent,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        self.reader = asyncio.create_task(self._read(self.process))

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        while line := await process.stderr.readline():
            self.lines.append((time.time(), line.decode(errors="replace")))

    def said(self, text: str) -> float | None:
        """When the process logged a line with `text` (None: not yet)."""
        return next((at for at, line in self.lines if text in line), None)

    async def until(self, *texts: str, within: float = START_WAIT) -> float:
        deadline = time.time() + within
        while time.time() < deadline:
            for text in texts:
                if (at := self.said(text)) is not None:
                    return at
            if self.process is not None and self.process.returncode is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log()}")
            await asyncio.sleep(0.02)
        raise RuntimeError(f"{self.name}: none of {texts} within {within:g} s:\n{self.log()}")

    def serving(self) -> bool:
        return self.said(SERVING) is not None and self.alive()

    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def kill(self) -> float:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        at = time.time()
        await self.process.wait()
        if self.reader is not None:
            await self.reader
        return at

    def log(self) -> str:
        return "".join(line for _, line in self.lines[-40:])


@dataclass
class Said:
    message_id: str
    at: float
    room: str
    report: bool


@dataclass
class Kill:
    at: float
    served_at: float | None = None  # when the standby logged that it serves

    @property
    def failover(self) -> float | None:
        return None if self.served_at is None else self.served_at - self.at


async def deploy(street: Street, url: str, workdir: Path) -> Path:
    config = workdir / "config.toml"
    config.write_text(street.config.read_text(encoding="utf-8"), encoding="utf-8")
    os.environ["GRIDBOT_DATABASE_URL"] = url
    os.environ["GRIDBOT_SECRET_KEY"] = STREET_SECRET_KEY
    for step in (["db", "upgrade"], ["grid", "import", str(street.directory_file)]):
        assert await asyncio.to_thread(gridbot, ["--config", str(config), *step]) == 0, step
    now = datetime.now(UTC)
    async with database(url) as (_engine, sessions), sessions() as session, session.begin():
        for room in street.rooms:
            if room.house is None:
                continue
            grid = await landlord_grid_by_code(session, code=room.house)
            assert grid is not None and grid.leader_id is not None
            await bind_grid(
                session, chat_id=room.id, landlord_grid=grid, by_id=grid.leader_id, now=now
            )
    return config


async def talk(
    wechat: MockWeChat, street: Street, seconds: float, rate: float, rng: random.Random
) -> list[Said]:
    rooms = [room for room in street.rooms if room.house is not None]
    said: list[Said] = []
    began = time.time()
    n = 0
    while time.time() - began < seconds:
        room = rng.choice(rooms)
        sender = rng.choice(room.members)
        report = rng.random() < 0.25
        template = rng.choice(REPORTS if report else CHATTER)
        text = template.format(r=rng.randrange(101, 606), n=n)
        message_id = await wechat.say_in_room(room.id, sender, text)
        said.append(Said(message_id, time.time(), room.id, report))
        n += 1
        next_at = began + n / rate
        await asyncio.sleep(max(0.0, next_at - time.time()))
    return said


async def chaos(bots: list[Bot], seconds: float, kills: int, rng: random.Random) -> list[Kill]:
    """Kill the serving process `kills` times at random moments within `seconds`; each
    killed one is started again (as the standby)."""
    done: list[Kill] = []
    began = time.time()
    slot = seconds / kills
    for index in range(kills):
        moment = began + slot * index + rng.uniform(0.3, 0.9) * slot
        await asyncio.sleep(max(0.0, moment - time.time()))
        owner = next((bot for bot in bots if bot.serving()), None)
        standby = next((bot for bot in bots if bot is not owner), None)
        if owner is None or standby is None:
            continue  # nobody serves right now (a failover is still going on)
        await standby.until(STANDBY, SERVING)  # a standby is up to take over
        kill = Kill(await owner.kill())
        done.append(kill)
        try:
            kill.served_at = await standby.until(SERVING, within=30)
        except RuntimeError as error:
            print(f"no failover: {error}", file=sys.stderr)
        await owner.start()
    return done


def phase(said: Said, kills: list[Kill]) -> str:
    for kill in kills:
        if kill.at - IN_FLIGHT <= said.at < kill.at:
            return "in flight"
        end = kill.served_at if kill.served_at is not None else float("inf")
        if kill.at <= said.at < end:
            return "failover"
    return "up"


async def measure(url: str, said: list[Said], kills: list[Kill], wechat: MockWeChat) -> None:
    async with database(url) as (_engine, sessions), sessions() as session:
        received = dict(
            (
                await session.exec(select(InboundMessage.message_id, InboundMessage.received_at))
            ).all()
        )
        logged = Counter(received)
        sources = Counter((await session.exec(select(Event.source_message_id))).all())
        rows = (await session.exec(select(Outbox))).all()
    lost: Counter[str] = Counter()
    for message in said:
        if message.message_id not in logged:
            lost[phase(message, kills)] += 1
    twice = sum(1 for count in sources.values() if count > 1)
    sent_rows = [row for row in rows if row.status is OutboxStatus.SENT]
    pending = [row for row in rows if row.status is OutboxStatus.PENDING]
    waits = [(row.sent_at - row.created_at).total_seconds() for row in sent_rows if row.sent_at]
    deliveries = [(sent.room_id or sent.to_id, sent.text) for sent in wechat.sent]
    duplicates = 0
    wanted = Counter((row.chat_id, row.text) for row in sent_rows)
    for (chat, text), times in wanted.items():
        delivered = sum(1 for to, body in deliveries if to == chat and text in body)
        duplicates += max(0, delivered - times)
        if delivered > times:
            print(f"  sent {delivered} times, queued {times}: {text[:40]!r}")
    failovers = [kill.failover for kill in kills if kill.failover is not None]
    by_phase = {
        name: sum(1 for m in said if phase(m, kills) == name)
        for name in ("up", "in flight", "failover")
    }
    print(f"messages said            {len(said)} ({sum(m.report for m in said)} reports)")
    print(f"handled (logged)         {sum(1 for m in said if m.message_id in logged)}")
    for name in ("up", "in flight", "failover"):
        print(f"lost, {name:<18} {lost[name]} of {by_phase[name]} said in that phase")
    lags = [received[m.message_id].timestamp() - m.at for m in said if m.message_id in received]
    print(
        f"handling lag             p50 {_p(lags, 0.5):.2f} s, p99 {_p(lags, 0.99):.2f} s, "
        f"max {max(lags, default=0.0):.2f} s (said → received by the pipeline)"
    )
    for message in said:
        if message.message_id not in logged and phase(message, kills) == "up":
            print(f"  lost while up: said {_nearest(message, kills)}")
    print(f"handled twice            {twice} (events from one message)")
    print(f"replies queued / sent    {len(rows)} / {len(sent_rows)} ({len(pending)} pending)")
    print(f"duplicate sends          {duplicates} (deliveries beyond a row's one)")
    print(
        f"longest outbox wait      {max(waits, default=0.0):.2f} s "
        f"(p99 {_p(waits, 0.99):.2f} s, median {_p(waits, 0.5):.2f} s)"
    )
    shown = ", ".join(f"{f:.2f}" for f in failovers)
    print(f"kills                    {len(kills)} ({len(failovers)} taken over)")
    if failovers:
        print(
            f"failover times (s)       {shown}; max {max(failovers):.2f}, "
            f"median {statistics.median(failovers):.2f}"
        )


def _nearest(message: Said, kills: list[Kill]) -> str:
    before = [kill.at - message.at for kill in kills if kill.at > message.at]
    after = [
        message.at - kill.served_at
        for kill in kills
        if kill.served_at and kill.served_at <= message.at
    ]
    parts = []
    if before:
        parts.append(f"{min(before):.2f} s before a kill")
    if after:
        parts.append(f"{min(after):.2f} s after a standby began serving")
    return ", ".join(parts) or "with no kill near"


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def drained(url: str, within: float = 60.0) -> None:
    async with database(url) as (_engine, sessions):
        deadline = time.time() + within
        while time.time() < deadline:
            async with sessions() as session:
                pending = select(Outbox.id).where(Outbox.status == OutboxStatus.PENDING)
                if not (await session.exec(pending)).all():
                    return
            await asyncio.sleep(0.2)


async def run(args: argparse.Namespace) -> int:
    street = wutong()
    server = os.environ.get("GRIDBOT_TEST_POSTGRES_URL") or POSTGRES_DEFAULT
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="gridbot-chaos-") as tmp:
        workdir = Path(tmp)
        wechat = MockWeChat.launch(street.world(), workdir, token_prefix="insecure_wutong_")
        try:
            async with scratch_postgres_database(prefix="gridbot_chaos", server=server) as url:
                config = await deploy(street, url, workdir)
                base = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
                base |= {
                    "GRIDBOT_DATABASE_URL": url,
                    "GRIDBOT_WECHATY_ENDPOINT": wechat.endpoint,
                    "GRIDBOT_WECHATY_TOKEN": wechat.token,
                    "GRIDBOT_SECRET_KEY": STREET_SECRET_KEY,
                }
                bots = [
                    Bot(
                        name,
                        base
                        | {
                            "GRIDBOT_WEB_PORT": str(free_port()),
                            "GRIDBOT_JOURNAL_PATH": str(workdir / name / "inbound.journal"),
                        },
                        config,
                    )
                    for name in ("a", "b")
                ]
                await bots[0].start()
                await bots[0].until(SERVING)
                await bots[1].start()
                await bots[1].until(STANDBY)
                print(
                    f"2 processes on PostgreSQL, {args.rate:g} msg/s for {args.seconds:g} s "
                    f"through the puppet service, {args.kills} kill -9; load average "
                    f"{os.getloadavg()[0]:.1f}, {os.cpu_count()} cores",
                    flush=True,
                )
                talking = asyncio.create_task(talk(wechat, street, args.seconds, args.rate, rng))
                kills = await chaos(bots, args.seconds - 5, args.kills, rng)
                said = await talking
                await drained(url)
                await asyncio.sleep(2)  # chatter rows are written every half second
                await measure(url, said, kills, wechat)
                for bot in bots:
                    if bot.alive():
                        assert bot.process is not None
                        bot.process.send_signal(signal.SIGTERM)
                        await bot.process.wait()
        finally:
            wechat.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--rate", type=float, default=4.0, help="messages said a second")
    parser.add_argument("--kills", type=int, default=9)
    parser.add_argument("--seed", type=int, default=14)
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
