"""`gridbot qr BUILDING`: the household QR code (一户一码) as PNG and SVG."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.directory.entries import LandlordGridEntry


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "qr", help="write the household QR code (PNG and SVG) that opens a house's page"
    )
    parser.add_argument(
        "building", help="house code (qs-3), name (清水湾3号楼) or building number (3, 3号楼)"
    )
    parser.add_argument("--out", default=".", help="directory for CODE.png and CODE.svg")
    parser.add_argument("--scale", type=int, default=8, help="pixels per module (default 8)")
    parser.set_defaults(handler=write_qr)


def write_qr(args: argparse.Namespace) -> int:
    import segno

    from bot.cli import UsageError
    from bot.config import load_settings
    from bot.register.houses import house_url

    settings = load_settings(args.config)
    house = asyncio.run(_house(settings.database_url, args.building))
    url = house_url(settings.register.public_url, house.code)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        code = segno.make(url, error="m", micro=False)
        png, svg = out / f"{house.code}.png", out / f"{house.code}.svg"
        code.save(str(png), scale=args.scale, border=4)
        code.save(str(svg), scale=args.scale, border=4, title=f"{house.name} {url}")
    except OSError as error:
        raise UsageError(f"cannot write the QR code to {out}: {error.strerror}") from error
    print(f"{house.name}: {url}")
    print(f"wrote {png} and {svg}")
    return 0


async def _house(url: str, name: str) -> LandlordGridEntry:
    from bot.commands.grid import _require_schema
    from bot.register.houses import stored_house
    from models.db import database, session_scope

    async with database(url) as (engine, factory):
        await _require_schema(engine, url)
        async with session_scope(factory) as session:
            return await stored_house(session, name)
