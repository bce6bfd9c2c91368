"""The console's figures are `gridbot report`'s and `gridbot assess`'s, on the same data."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock, SystemClock
from bot.config import Settings
from bot.console.assessment import assess
from bot.console.periods import month_period
from models.crud.scope import community_houses
from tests.console.conftest import START
from tests.console.street import SHANGHAI, console_app, gridbot, running_bot, seed, sign_in

LABELS = {  # `gridbot report` line → the dashboard's data-figure
    "fixed, confirmed by the reporter": "reason-fixed",
    "fixed_unconfirmed, the reporter never answered": "reason-fixed_unconfirmed",
    "no_action": "reason-no_action",
    "not_responsible": "reason-not_responsible",
    "duplicate": "reason-duplicate",
    "withdrawn": "reason-withdrawn",
}


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">(?:<a [^>]*>)?([^<]*)', html)
    assert found is not None, name
    return found[1].strip()


def report_figures(out: str) -> dict[str, str]:
    lines = out.splitlines()
    found: dict[str, str] = {}
    for line in lines:
        text = line.strip()
        if text.startswith("events reported:"):
            found["total"] = text.split(":")[1].strip()
        elif text.startswith("closed:"):
            closed = re.match(r"closed: (\d+) \(([^)]*)\)\s+open: (\d+)", text)
            assert closed is not None
            found["closed"], found["closure-rate"], found["open"] = closed.groups()
        elif text.startswith("median time to acknowledge:"):
            found["median-ack"] = text.split(": ")[1].split(" (")[0]
        elif text.startswith("90th percentile time to acknowledge:"):
            found["p90-ack"] = text.split(": ")[1]
        elif text.startswith("median time to close:"):
            found["median-close"] = text.split(": ")[1].split(" (")[0]
        elif text.startswith("90th percentile time to close:"):
            found["p90-close"] = text.split(": ")[1]
        else:
            label, _, value = text.rpartition(": ")
            if label in LABELS:
                found[LABELS[label]] = value
            elif label in ("landlord_grid_leader", "micro_grid_worker", "grid_worker",
                           "community_staff"):  # fmt: skip
                found[f"overdue-{label}"] = value
    return found


async def test_the_dashboard_shows_what_gridbot_report_prints(
    street: Settings,
    sessions: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clock = SystemClock()  # `gridbot report` reads the system clock: so does the console here
    now = clock.now().astimezone(SHANGHAI)
    start = now - timedelta(days=9)
    await seed(sessions, start)
    since = (start - timedelta(days=1)).date().isoformat()
    assert await gridbot(tmp_path / "street.toml", "report", "--since", since,
                         "--community", "qingshan") == 0  # fmt: skip
    printed = report_figures(capsys.readouterr().out)
    async with TestClient(TestServer(console_app(street, sessions, clock))) as client:
        await sign_in(client, sessions, "hu-qing", clock.now())
        html = await (await client.get(f"/console?from={since}&to={now.date()}")).text()
    shown = {name: figure(html, name) for name in printed}
    for reason in LABELS.values():
        shown[reason] = shown[reason].split(" ")[0]  # "2 (33.3%)" beside the count
        printed[reason] = printed[reason].split(" ")[0]
    assert printed["total"] == "5" and printed["closed"] == "3"
    assert printed["overdue-micro_grid_worker"] == "1"  # the waiting leak, escalated once
    assert shown == printed


async def test_the_assessment_page_and_its_exports_show_what_gridbot_assess_prints(
    street: Settings,
    sessions: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await seed(sessions, START)
    assert await gridbot(tmp_path / "street.toml", "assess", "--month", "2026-11",
                         "--community", "qingshan", "--lang", "zh") == 0  # fmt: skip
    printed = [line.split(" | ") for line in capsys.readouterr().out.splitlines() if " | " in line]
    after_the_month = FrozenClock(START + timedelta(days=20))  # both judge after November
    async with TestClient(TestServer(console_app(street, sessions, after_the_month))) as client:
        await sign_in(client, sessions, "hu-qing", after_the_month.now())
        html = await (await client.get("/console/assessment?month=2026-11")).text()
        exported = await (await client.get("/console/assessment.csv?month=2026-11")).read()
    shown = [
        re.findall(r"<t[hd]>([^<]*)</t[hd]>", row)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html)
    ]
    assert shown == printed
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert [row for row in rows if len(row) > 1] == printed
    by_code = {row[1]: row for row in printed}
    house = by_code["qingshan-3"]
    # 3 events; acknowledged on time: the fixed leak (30 min) only -> 1/3;
    # resolved by the deadline: the fixed leak -> 1/3 (the noise took 30 h, the last waits);
    # confirmed: 1 of the 2 closed as fixed; rooms 101, 201, 301 with nobody registered.
    assert house[5:16] == ["3", "1/3", "33.3%", "1/3", "33.3%", "1/2", "50.0%", "0", "0/3",
                           "0.0%", house[15]]  # fmt: skip
    assert house[0] == "2" and by_code["qingshan-8"][0] == "1"  # the reopened drain still leads


async def test_a_landlords_month_in_chat_counts_as_the_assessment_does(
    street: Settings, clock: FrozenClock
) -> None:
    """One definition of "on time" and "confirmed": the leader's "本月" in chat and the
    scorecard of their house agree on the same events, at the same moment."""
    async with running_bot(street, clock) as bot:
        await seed(bot.app.sessions, START)
        await bot.dm("wxid_caolan", "曹兰", "stats")
        [answer] = await bot.sent()
        async with bot.app.sessions() as session:
            houses = await community_houses(session, community_code="qingshan")
            card = next(
                c
                for c in (
                    await assess(
                        session,
                        houses=houses,
                        scope=None,
                        period=month_period("2026-11"),
                        weights=street.assessment.weights,
                        register=street.register,
                        tz=SHANGHAI,
                        now=clock.now(),
                    )
                ).cards["landlord_grid"]
                if c.unit.code == "qingshan-3"
            )
    tally = card.tally
    assert (tally.events, tally.acknowledged_on_time.done, tally.confirmed_fixed.done) == (3, 1, 1)
    assert answer.text.splitlines()[1] == (
        f"{tally.events} events assigned to you; {tally.acknowledged_on_time.done} acknowledged"
        f" on time, 2 resolved, {tally.confirmed_fixed.done} confirmed fixed by the reporter."
    )
    assert answer.text.splitlines()[2].startswith("1 still open, 1 of them overdue")
