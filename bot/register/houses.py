"""A house named on the command line: its landlord grid code or one of its building numbers."""

from __future__ import annotations

from bot.cli import UsageError
from bot.directory import Directory
from bot.directory.entries import LandlordGridEntry


def house_entry(directory: Directory, name: str) -> LandlordGridEntry:
    wanted = name.strip().removesuffix("幢").removesuffix("号")
    by_code = [g for g in directory.landlord_grids if g.code == name.strip()]
    found = by_code or [g for g in directory.landlord_grids if wanted in g.buildings]
    if len(found) == 1:
        return found[0]
    if not found:
        codes = ", ".join(g.code for g in directory.landlord_grids) or "none configured"
        raise UsageError(f"no house {name!r}: give a landlord grid code ({codes}) or a building")
    codes = ", ".join(g.code for g in found)
    raise UsageError(f"building {name!r} is in several communities: give the code ({codes})")


def house_url(public_url: str, code: str) -> str:
    return f"{public_url.rstrip('/')}/h/{code}"
