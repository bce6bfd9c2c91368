"""The monthly assessment (考核): a scorecard per landlord grid, micro-grid and grid.

Every part is a count over the month's events (as `gridbot report` reads them), judged as
of the moment the assessment is made, by bot/reporting.py's one definition of each:
- acknowledged on time: first acknowledgement at or before the acknowledge deadline; an
  event still unacknowledged counts late once its deadline passed, and not at all before;
- closed on time: first resolved (or closed) at or before the resolve deadline, likewise;
  duplicates are left out;
- confirmed fixed: among events closed as fixed, those the reporter confirmed (fixed, not
  fixed_unconfirmed);
- not reopened: among handled events, those never reopened;
- register: configured rooms with a registered resident at the month's end (or now).
The score (0-100) is the weighted mean of the parts' rates, weights from `[assessment]`;
a part with nothing to count is left out and the others' weights carry the score.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.console_settings import WEIGHTED
from bot.config.register_settings import RegisterSettings
from bot.console.coverage import Coverage, coverage_by_house, total
from bot.console.periods import Period
from bot.reporting import acknowledged_on_time, closed_on_time, confirmed_fixed
from models.crud.console_places import HousePlace, Unit, houses_in
from models.crud.report_queries import ReportRow, report_rows
from models.crud.scope import Scope

LEVELS = ("landlord_grid", "micro_grid", "grid")


@dataclass(frozen=True, slots=True)
class Part:
    done: int
    base: int

    @property
    def rate(self) -> float | None:
        return self.done / self.base if self.base else None

    def __add__(self, other: Part) -> Part:
        return Part(self.done + other.done, self.base + other.base)


NOTHING = Part(0, 0)


@dataclass(frozen=True, slots=True)
class Tally:
    events: int = 0
    acknowledged_on_time: Part = NOTHING
    closed_on_time: Part = NOTHING
    confirmed_fixed: Part = NOTHING
    not_reopened: Part = NOTHING

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.events + other.events,
            self.acknowledged_on_time + other.acknowledged_on_time,
            self.closed_on_time + other.closed_on_time,
            self.confirmed_fixed + other.confirmed_fixed,
            self.not_reopened + other.not_reopened,
        )

    @property
    def reopened(self) -> int:
        return self.not_reopened.base - self.not_reopened.done


@dataclass(frozen=True, slots=True)
class Scorecard:
    level: str
    unit: Unit
    community: str
    tally: Tally
    register: Coverage
    score: float | None  # 0-100, one decimal; None when no part had anything to count
    rank: int | None = None  # within its level; None without a score

    def rates(self) -> dict[str, float | None]:
        t = self.tally
        return {
            "acknowledged_on_time": t.acknowledged_on_time.rate,
            "closed_on_time": t.closed_on_time.rate,
            "confirmed_fixed": t.confirmed_fixed.rate,
            "not_reopened": t.not_reopened.rate,
            "register": self.register.share,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    period: Period
    weights: Mapping[str, int]
    cards: dict[str, list[Scorecard]] = field(default_factory=dict)  # by level, ranked


def _part(judged: bool | None) -> Part:
    """A judged event counts once in the base, and once done when it passed."""
    return NOTHING if judged is None else Part(int(judged), 1)


def tally_row(row: ReportRow, now: datetime) -> Tally:
    worked_on = row.handled_at is not None or row.reopened
    return Tally(
        events=1,
        acknowledged_on_time=_part(acknowledged_on_time(row, now)),
        closed_on_time=_part(closed_on_time(row, now)),
        confirmed_fixed=_part(confirmed_fixed(row)),
        not_reopened=_part(not row.reopened if worked_on else None),
    )


def score(rates: Mapping[str, float | None], weights: Mapping[str, int]) -> float | None:
    counted = [(weights[name], rate) for name in WEIGHTED if (rate := rates[name]) is not None]
    weight = sum(w for w, _ in counted)
    if not weight:
        return None
    return round(100 * sum(w * rate for w, rate in counted) / weight, 1)


def ranked(cards: Iterable[Scorecard]) -> list[Scorecard]:
    """Highest score first (ties share a rank: 1, 1, 3), unscored last; then by code."""
    ordered = sorted(
        cards, key=lambda c: (c.score is None, -(c.score or 0), -c.tally.events, c.unit.code)
    )
    out: list[Scorecard] = []
    for position, card in enumerate(ordered, start=1):
        rank = None
        if card.score is not None:
            same = out and out[-1].score == card.score
            rank = out[-1].rank if same else position
        out.append(Scorecard(card.level, card.unit, card.community, card.tally, card.register,
                             card.score, rank))  # fmt: skip
    return out


def _units(
    places: list[HousePlace], scope: Scope | None
) -> dict[str, dict[int, tuple[Unit, str, list[int]]]]:
    """Per level, the units to score: (unit, community name, its houses). A micro-grid or
    grid is scored only when the whole of it is in the scope, never from a few houses."""
    units: dict[str, dict[int, tuple[Unit, str, list[int]]]] = {level: {} for level in LEVELS}
    for p in places:
        ids = {"community_id": p.community.id, "grid_id": p.grid.id}
        whole_micro = scope is None or scope.covers_micro_grid(micro_grid_id=p.micro_grid.id, **ids)
        whole_grid = scope is None or scope.covers_grid(**ids)
        for level, unit, shown in (
            ("landlord_grid", p.house, True),
            ("micro_grid", p.micro_grid, whole_micro),
            ("grid", p.grid, whole_grid),
        ):
            if shown:
                units[level].setdefault(unit.id, (unit, p.community.name, []))[2].append(p.house.id)
    return units


async def assess(
    session: AsyncSession,
    *,
    houses: Collection[int],
    scope: Scope | None,
    period: Period,
    weights: Mapping[str, int],
    register: RegisterSettings,
    tz: ZoneInfo,
    now: datetime,
) -> Assessment:
    """Scorecards of the given houses (a console scope, or a community for the CLI)."""
    rows = await report_rows(session, since=period.since(tz), until=period.until(tz), houses=houses)
    per_house: dict[int, Tally] = {}
    for row in rows:
        if row.landlord_grid_id is not None:
            per_house[row.landlord_grid_id] = per_house.get(row.landlord_grid_id, Tally()) + (
                tally_row(row, now)
            )
    places = await houses_in(session, houses=houses)
    register_at = min(now, period.until(tz))
    coverage = await coverage_by_house(session, places=places, register=register, at=register_at)
    cards: dict[str, list[Scorecard]] = {}
    for level, units in _units(places, scope).items():
        level_cards = []
        for unit, community, unit_houses in units.values():
            unit_tally = sum((per_house.get(h, Tally()) for h in unit_houses), Tally())
            unit_register = total(coverage[h] for h in unit_houses)
            card = Scorecard(level, unit, community, unit_tally, unit_register, None)
            level_cards.append(
                Scorecard(level, unit, community, unit_tally, unit_register,
                          score(card.rates(), weights))
            )  # fmt: skip
        cards[level] = ranked(level_cards)
    return Assessment(period=period, weights=weights, cards=cards)
