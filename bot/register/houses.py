"""A house named on the command line, found in the database's directory (whatever loaded it:
the config's `[directory]` or `gridbot grid import`): its code, its name or a building."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cli import UsageError
from bot.config.register import check_houses
from bot.config.settings import Settings
from bot.directory import Directory
from bot.directory.entries import LandlordGridEntry
from bot.place_names import BUILDING_WORD_AT_END
from models.crud.directory_export import stored_directory
from models.crud.directory_sync import known_codes


def house_entry(directory: Directory, name: str) -> LandlordGridEntry:
    wanted = name.strip()
    houses = directory.landlord_grids
    by_code_or_name = [g for g in houses if wanted in (g.code, g.name)]
    building = BUILDING_WORD_AT_END.sub("", wanted)
    found = by_code_or_name or [g for g in houses if building in g.buildings]
    if len(found) == 1:
        return found[0]
    if not found:
        listed = ", ".join(f"{g.code} ({g.name})" for g in houses)
        raise UsageError(
            f"no house {name!r}: give a house code, name or building number "
            f"({listed or 'the database has no houses yet: see `gridbot grid import`'})"
        )
    listed = ", ".join(f"{g.code} ({g.name})" for g in found)
    raise UsageError(f"building {name!r} is in several communities: give the code ({listed})")


async def stored_house(session: AsyncSession, name: str) -> LandlordGridEntry:
    """The house `name` designates among the houses in the database."""
    return house_entry(await stored_directory(session), name)


async def check_register_houses(session: AsyncSession, settings: Settings) -> None:
    """ConfigError naming the config file unless `[register.houses]` names stored houses."""
    known = await known_codes(session)
    check_houses(settings.register, source=settings.source, known=known.landlord_grids)


def house_url(public_url: str, code: str) -> str:
    return f"{public_url.rstrip('/')}/h/{code}"
