"""The demo config's register on a real database, and the household web app over it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.register.keys import data_keys
from bot.web.app import create_web_app
from bot.web.console.services import ConsoleServices
from bot.web.household import ROUTES
from bot.web.register_services import RegisterServices
from models.crud.directory_sync import sync_directory
from models.db import sessionmaker

REPO = Path(__file__).resolve().parents[1]
START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Shanghai
VALID_ID = "33010619900101123X"
OTHER_ID = "440301198808087710"


def example_settings(db_url: str, **register: Any) -> Settings:
    environ = {"GRIDBOT_DATABASE_URL": db_url, "GRIDBOT_TRANSPORT": "memory"}
    settings = load_settings(str(REPO / "config.example.toml"), environ=environ)
    return replace(settings, register=replace(settings.register, **register))


async def synced(engine: AsyncEngine, settings: Settings) -> None:
    async with sessionmaker(engine)() as session, session.begin():
        await sync_directory(session, directory=settings.directory)


def household_app(
    engine: AsyncEngine, settings: Settings, clock: FrozenClock
) -> tuple[web.Application, RegisterServices]:
    svc = RegisterServices(
        sessions=sessionmaker(engine), settings=settings, keys=data_keys(settings), clock=clock
    )
    console = ConsoleServices(sessions=svc.sessions, settings=settings, clock=clock)
    app = create_web_app(
        console=console,  # /register needs a signed-in person
        extra_routes=ROUTES,
        cleanup_ctx=[svc.attach],
    )
    return app, svc
