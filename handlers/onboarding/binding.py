"""Binding a group to landlord grids in the group itself: "绑定 清水湾3号楼", "解绑".

Only the grid's leader, a worker above it or community staff (known by their linked
contact id) may bind, rebind or unbind; anyone else is refused and nothing changes.
A group may cover several houses of one landlord: binding a house of the same leader adds
it; binding a house of another leader replaces what was bound (a rebind), which needs
authority over the houses given up too. An ambiguous place gets a numbered choice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import in_group, text_matches
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, Router
from bot.onboarding.places import example_place, match_places
from handlers.onboarding.grammar import BIND, CHOICE, UNBIND
from handlers.own_messages import not_from_bot
from models.binding import SeenGroup
from models.crud.authority import may_manage
from models.crud.bindings import bind_grid, landlord_grids_of_chat, unbind_grids
from models.crud.grid import landlord_grid_by_code
from models.crud.place_candidates import PlaceCandidate, place_candidates
from models.crud.seen_groups import clear_choice, offer_choice, seen_group
from models.grid import LandlordGrid

router = Router("binding", in_group, not_from_bot)

CHOICE_TIMEOUT = timedelta(minutes=10)
MAX_CHOICES = 9


@router.message(text_matches(BIND))
async def bind(
    inbound: Inbound,
    sender: Sender,
    session: AsyncSession,
    place: str,
    now: datetime,
    settings: Settings,
) -> Outbound:
    if sender.person is None or sender.person.key is None:  # not in the directory: no say
        return reply(inbound, "bind_refused", {"house": place}, lang=sender.lang)
    candidates = await place_candidates(session)
    found = match_places(place, candidates)
    if not found:
        context = {"place": place, "example": example_place(candidates, inbound.chat_topic)}
        return reply(inbound, "bind_not_found", context, lang=sender.lang)
    if len(found) > 1:
        return await _offer(inbound, sender, session, found[:MAX_CHOICES], now)
    grid = await landlord_grid_by_code(session, code=found[0].code)
    assert grid is not None
    return await bind_to(inbound, sender, session, grid, now, settings)


@router.message(text_matches(CHOICE))
async def choose(
    inbound: Inbound,
    sender: Sender,
    session: AsyncSession,
    number: str,
    now: datetime,
    settings: Settings,
) -> Outbound | object:
    group = await session.get(SeenGroup, inbound.chat_id)
    index = int(number) - 1
    if (
        group is None
        or not _pending_for(group, inbound.sender_id, now)
        or index >= len(group.choice_codes)
    ):
        return UNHANDLED
    code = group.choice_codes[index]
    clear_choice(group)
    session.add(group)
    grid = await landlord_grid_by_code(session, code=code)
    if grid is None:  # unbound since it was offered
        context = {"place": code, "example": None}
        return reply(inbound, "bind_not_found", context, lang=sender.lang)
    return await bind_to(inbound, sender, session, grid, now, settings)


@router.message(text_matches(UNBIND))
async def unbind(
    inbound: Inbound, sender: Sender, session: AsyncSession, place: str, now: datetime
) -> Outbound:
    current = await landlord_grids_of_chat(session, chat_id=inbound.chat_id)
    if place:
        wanted = {c.code for c in match_places(place, await _candidates_of(session, current))}
        current = [g for g in current if g.code in wanted]
    if not current:
        return reply(inbound, "unbind_nothing", {}, lang=sender.lang)
    for grid in current:
        if not await may_manage(session, person=sender.person, grid=grid):
            return reply(inbound, "bind_refused", {"house": grid.name}, lang=sender.lang)
    by_id = _person_id(sender)
    ids = {g.id for g in current if g.id is not None}
    await unbind_grids(session, chat_id=inbound.chat_id, grid_ids=ids, by_id=by_id, now=now)
    left = await landlord_grids_of_chat(session, chat_id=inbound.chat_id)
    context = {"houses": [g.name for g in current], "left": [g.name for g in left]}
    return reply(inbound, "unbind_done", context, lang=sender.lang)


async def bind_to(
    inbound: Inbound,
    sender: Sender,
    session: AsyncSession,
    grid: LandlordGrid,
    now: datetime,
    settings: Settings,
) -> Outbound:
    lang = sender.lang
    if not await may_manage(session, person=sender.person, grid=grid):
        return reply(inbound, "bind_refused", {"house": grid.name}, lang=lang)
    current = await landlord_grids_of_chat(session, chat_id=inbound.chat_id)
    if any(g.id == grid.id for g in current):
        return reply(inbound, "bind_already", {"house": grid.name}, lang=lang)
    replaced = [g for g in current if g.leader_id != grid.leader_id]
    for old in replaced:
        if not await may_manage(session, person=sender.person, grid=old):
            return reply(inbound, "bind_refused", {"house": old.name}, lang=lang)
    by_id = _person_id(sender)
    if replaced:
        ids = {g.id for g in current if g.id is not None}
        await unbind_grids(session, chat_id=inbound.chat_id, grid_ids=ids, by_id=by_id, now=now)
    # A house has one group per chat account: its residents' WeChat group stays bound when
    # its staff's WeCom work group is (bot/accounts.py).
    await bind_grid(
        session,
        chat_id=inbound.chat_id,
        landlord_grid=grid,
        by_id=by_id,
        now=now,
        account_of=settings.chat_accounts.account_of,
    )
    houses = [g.name for g in await landlord_grids_of_chat(session, chat_id=inbound.chat_id)]
    context = {"house": grid.name, "houses": houses, "replaced": [g.name for g in replaced]}
    return reply(inbound, "bind_done", context, lang=lang)


async def _offer(
    inbound: Inbound,
    sender: Sender,
    session: AsyncSession,
    found: list[PlaceCandidate],
    now: datetime,
) -> Outbound:
    group = await seen_group(session, chat_id=inbound.chat_id, topic=inbound.chat_topic, now=now)
    offer_choice(group, codes=[c.code for c in found], by=inbound.sender_id, now=now)
    session.add(group)
    options = [c.name for c in found]
    return reply(inbound, "bind_choice", {"options": options}, lang=sender.lang)


def _pending_for(group: SeenGroup, sender_id: str, now: datetime) -> bool:
    return (
        bool(group.choice_codes)
        and group.choice_by == sender_id
        and group.choice_at is not None
        and now - group.choice_at <= CHOICE_TIMEOUT
    )


async def _candidates_of(session: AsyncSession, grids: list[LandlordGrid]) -> list[PlaceCandidate]:
    codes = {g.code for g in grids}
    return [c for c in await place_candidates(session) if c.code in codes]


def _person_id(sender: Sender) -> int:
    # may_manage let only a stored directory person through
    assert sender.person is not None and sender.person.id is not None
    return sender.person.id
