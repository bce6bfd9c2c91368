"""The dashboard (驾驶舱) of a scope and a period, as plain values.

The closure figures are `bot.reporting.summarise` over `report_rows`, exactly what
`gridbot report` prints; the rest (weeks, houses, register, visas) is read beside them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.register_settings import RegisterSettings
from bot.console.coverage import Coverage, coverage_by_house, total
from bot.console.periods import Period
from bot.kinds import Kind
from bot.register.warnings import masked_name
from bot.reporting import Summary, summarise
from models.crud.console_places import HousePlace, houses_in
from models.crud.register_facts import visas_due
from models.crud.report_queries import kinds_reported, report_rows

YEAR_AGO = timedelta(weeks=52)  # whole weeks back, so each week starts on a Monday again


@dataclass(frozen=True, slots=True)
class Week:
    start: date  # a Monday
    counts: dict[Kind, int]
    last_year: dict[Kind, int]  # the same week 52 weeks earlier

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def last_year_total(self) -> int:
        return sum(self.last_year.values())


@dataclass(frozen=True, slots=True)
class HouseHeat:
    place: HousePlace
    events: int


@dataclass(frozen=True, slots=True)
class VisaShown:
    house: str
    room: str | None
    name: str  # masked: 张*
    expiry: date
    days_left: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    period: Period
    summary: Summary
    weeks: list[Week]
    kinds: list[Kind]  # every kind reported in either year, in the enum's order
    houses: list[HouseHeat]  # every house of the scope, most events first
    coverage: Coverage
    visas: list[VisaShown]
    visa_days: int  # how far ahead visa warnings look


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_of(
    period: Period,
    this_year: list[tuple[Kind, datetime]],
    last_year: list[tuple[Kind, datetime]],
    tz: ZoneInfo,
) -> tuple[list[Week], list[Kind]]:
    starts = []
    start = monday(period.first)
    while start <= period.last:
        starts.append(start)
        start += timedelta(weeks=1)
    now: dict[date, Counter[Kind]] = {s: Counter() for s in starts}
    then: dict[date, Counter[Kind]] = {s: Counter() for s in starts}
    for kind, at in this_year:
        now[monday(at.astimezone(tz).date())][kind] += 1
    for kind, at in last_year:
        then[monday((at + YEAR_AGO).astimezone(tz).date())][kind] += 1
    seen = {kind for counter in (*now.values(), *then.values()) for kind in counter}
    kinds = [kind for kind in Kind if kind in seen]
    weeks = [Week(s, dict(now[s]), dict(then[s])) for s in starts]
    return weeks, kinds


async def build_dashboard(
    session: AsyncSession,
    *,
    houses: Collection[int],
    period: Period,
    register: RegisterSettings,
    tz: ZoneInfo,
    now: datetime,
) -> Dashboard:
    since, until = period.since(tz), period.until(tz)
    rows = await report_rows(session, since=since, until=until, houses=houses)
    earlier = await kinds_reported(
        session, since=since - YEAR_AGO, until=until - YEAR_AGO, houses=houses
    )
    weeks, kinds = weeks_of(period, [(r.kind, r.created_at) for r in rows], earlier, tz)
    places = await houses_in(session, houses=houses)
    per_house = Counter(row.landlord_grid_id for row in rows)
    heat = sorted(
        (HouseHeat(place, per_house[place.house.id]) for place in places),
        key=lambda h: (-h.events, h.place.house.code),
    )
    coverage = await coverage_by_house(session, places=places, register=register, at=now)
    today = now.astimezone(tz).date()
    ahead = max(register.warn_days, default=0)
    names = {p.house.id: p.house.name for p in places}
    visas = [
        VisaShown(names[v.landlord_grid_id], v.room, masked_name(v.name), v.visa_expiry,
                  (v.visa_expiry - today).days)
        for v in await visas_due(session, houses=houses, now=now, by=today + timedelta(days=ahead))
    ]  # fmt: skip
    return Dashboard(
        period=period,
        summary=summarise(rows, now=now),
        weeks=weeks,
        kinds=kinds,
        houses=heat,
        coverage=total(coverage.values()),
        visas=visas,
        visa_days=ahead,
    )
