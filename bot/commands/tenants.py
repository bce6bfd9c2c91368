"""`gridbot tenants BUILDING|all`: the tenant register of a house, masked; `--reveal` audited."""

from __future__ import annotations

import argparse
import asyncio
import getpass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.config import Settings
    from bot.privacy import DataKeys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "tenants", help="show a house's tenant register (masked) or the coverage of all houses"
    )
    parser.add_argument("building", help='house code, name or building number, or "all"')
    parser.add_argument("--reveal", type=int, metavar="TENANT_ID", help="show one full number")
    parser.add_argument("--field", choices=("document", "phone"), default="document")
    parser.add_argument("--purpose", default="", help="why the full number is needed (audited)")
    parser.set_defaults(handler=show_tenants)


def show_tenants(args: argparse.Namespace) -> int:
    from bot.cli import UsageError
    from bot.config import load_settings

    settings = load_settings(args.config)
    if args.reveal is not None and not args.purpose.strip():
        raise UsageError("--reveal needs --purpose: every view of a full number is audited")
    for line in asyncio.run(_lines(settings, args)):
        print(line)
    return 0


async def _lines(settings: Settings, args: argparse.Namespace) -> list[str]:
    from bot.clock import SystemClock
    from bot.commands.grid import _require_schema
    from bot.register.houses import check_register_houses, stored_house
    from bot.register.keys import check_data_keys, data_keys
    from bot.register.view_text import coverage_lines, house_lines
    from bot.register.views import all_house_views, coverage_by_community, house_view
    from models.crud.grid import landlord_grid_by_code
    from models.db import database, session_scope

    keys, now, register = data_keys(settings), SystemClock().now(), settings.register
    async with database(settings.database_url) as (engine, factory):
        await _require_schema(engine, settings.database_url)
        async with session_scope(factory) as session:
            await check_data_keys(session, keys=keys, now=now)
            await check_register_houses(session, settings)
            if args.building == "all":
                views = await all_house_views(session, register=register, keys=keys, now=now)
                return coverage_lines(views, coverage_by_community(views))
            code = (await stored_house(session, args.building)).code
            house = await landlord_grid_by_code(session, code=code)
            assert house is not None  # found among the stored houses just now
            if args.reveal is not None:
                return [await _reveal(session, keys, house.id, args)]
            view = await house_view(session, house=house, register=register, keys=keys, now=now)
            return house_lines(view)


async def _reveal(
    session: AsyncSession, keys: DataKeys, house_id: int | None, args: argparse.Namespace
) -> str:
    from sqlmodel import select

    from bot.cli import UsageError
    from bot.clock import SystemClock
    from bot.register.reveal import NothingToReveal, reveal
    from models.tenant import Residence, Tenant

    tenant = await session.get(Tenant, args.reveal)
    lived_here = await session.exec(
        select(Residence.id)
        .where(Residence.tenant_id == args.reveal)
        .where(Residence.landlord_grid_id == house_id)
    )
    if tenant is None or lived_here.first() is None:
        raise UsageError(f"no tenant #{args.reveal} in this house")
    now = SystemClock().now()
    try:
        number = await reveal(
            session,
            keys=keys,
            tenant=tenant,
            field=args.field,
            viewer=f"cli:{getpass.getuser()}",
            purpose=args.purpose,
            now=now,
        )
    except NothingToReveal as error:
        raise UsageError(str(error)) from error
    return f"#{tenant.id} {tenant.name} {args.field}: {number}  (this view is recorded)"
