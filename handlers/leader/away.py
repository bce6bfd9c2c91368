"""Away with a deputy ("请假 到12月3日 由 张伟 代理", "away until Dec 3, deputy zhang-wei")
and back again ("销假", "back").

"到12月3日" means away through that day: the mark ends at the next local midnight.
"3天" / "3 days" counts today as the first day. The follow-up worker sends what is due
to an away person to their deputy (or up the ladder when there is none).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from bot.dispatch.outbound import Outbound, ToPerson
from bot.nlu.en_dates import find_en_dates
from bot.nlu.numerals import to_int
from bot.nlu.zh_dates import find_zh_dates
from handlers.leader.act import You, refused
from handlers.leader.people import find_person
from models.crud.away import clear_away, set_away

# Dates resolve to the future side of today, so "11月1日" written in late November means next
# year: far more likely a slip than a leave of eleven months.
MAX_AWAY = timedelta(days=92)
_DAYS = re.compile(r"^(?P<n>[0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:天|日|days?)$", re.I)


def away_until(phrase: str, now: datetime, tz: tzinfo) -> datetime | None:
    """When an away mark written as `phrase` ends (aware UTC), or None if unreadable."""
    local = now.astimezone(tz)
    last_day = _last_day(phrase.strip(), local)
    if last_day is None:
        return None
    return datetime.combine(last_day + timedelta(days=1), time(), tzinfo=tz).astimezone(now.tzinfo)


def _last_day(phrase: str, local: datetime) -> date | None:
    counted = _DAYS.match(phrase)
    if counted:
        days = to_int(counted["n"])
        return local.date() + timedelta(days=days - 1) if days else None
    found = next(find_zh_dates(phrase, local.date()), None)
    found = found or next(find_en_dates(phrase, local.replace(tzinfo=None)), None)
    return found[2] if found else None


async def away(you: You) -> list[Outbound]:
    """The away mark stored, told to the person and to their deputy; or a refusal."""
    session, person, command, now, tz = you.session, you.person, you.command, you.now, you.tz
    contact_id, lang = you.contact_id, you.lang
    assert person.id is not None and command.until is not None
    until = away_until(command.until, now, tz)
    if until is None or until <= now or until - now > MAX_AWAY:
        return [refused(contact_id, lang, "bad_date", given=command.until)]
    deputy = None
    if command.deputy:
        found = await find_person(session, text=command.deputy, event=None)
        if found.person is None or found.person.id == person.id:
            names = [p.name for p in found.candidates]
            reason = "ambiguous_person" if names else "unknown_person"
            return [refused(contact_id, lang, reason, names=names, who=command.deputy)]
        deputy = found.person
    await set_away(
        session,
        person_id=person.id,
        until=until,
        deputy_id=deputy.id if deputy else None,
        at=now,
        note=command.until,
    )
    context = {
        "back": False,
        "to_deputy": False,
        "who": person.name,
        "until": until.astimezone(tz),
        "last_day": (until.astimezone(tz) - timedelta(days=1)).date(),
        "deputy": deputy.name if deputy else None,
    }
    told = [Outbound("away_set", ToPerson(contact_id, lang), context)]
    if deputy is not None and deputy.contact_id:
        to = ToPerson(deputy.contact_id, deputy.lang)
        told.append(Outbound("away_set", to, {**context, "to_deputy": True}))
    return told


async def back(you: You) -> Outbound:
    session, person = you.session, you.person
    assert person.id is not None
    was_away = await clear_away(session, person_id=person.id)
    context = {"back": True, "to_deputy": False, "was_away": was_away, "deputy": None}
    return you.tell("away_set", context)
