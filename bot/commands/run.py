"""`gridbot run`: the bot (transport, dispatcher, outbox sender) and its web pages."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import logging
import signal
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from aiohttp import web

    from bot.app import App
    from bot.chat import Transport
    from bot.clock import Clock
    from bot.config import Settings
    from bot.operations import Operations
    from bot.web.console.services import ConsoleServices
    from bot.web.register_services import RegisterServices

logger = logging.getLogger("bot.run")


class AccountLost(Exception):
    """This process was taken for dead and another took its account: exit, restart as a
    standby (its supervisor restarts it)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "run", help="run the bot: transport, dispatcher, outbox sender and web pages"
    )
    parser.set_defaults(handler=run_bot)


def run_bot(args: argparse.Namespace) -> int:
    from bot.chat import TransportError
    from bot.config import load_settings
    from bot.journal.file import JournalError

    settings = load_settings(args.config)
    from bot.log_setup import configure_logging

    # Masks personal numbers in every line; text or JSON lines as [logging] says.
    configure_logging(settings.logging.level, style=settings.logging.format)
    try:
        asyncio.run(serve(settings))
    except TransportError as error:
        print(f"gridbot: the {settings.transport} transport failed: {error}", file=sys.stderr)
        return 1
    except (OSError, JournalError, AccountLost) as error:  # the web port is taken...
        print(f"gridbot: {error}", file=sys.stderr)
        return 1
    return 0


async def serve(settings: Settings) -> None:
    """Run until SIGINT or SIGTERM."""
    from aiohttp import web

    from bot.app import build_app
    from bot.clock import SystemClock
    from bot.commands.run_checks import startup_checks
    from bot.journal.file import JournalFile
    from bot.operations import Operations
    from bot.register.runtime import household_services
    from bot.web.console.runtime import console_services
    from models.outage import is_outage

    clock = SystemClock()
    transport = make_transport(settings, clock)  # first: a missing token is said at once
    ready: Callable[[], Awaitable[None]] | None = None
    try:
        await startup_checks(settings)
    except Exception as error:
        if not is_outage(error):
            raise
        # Serve anyway: what people say now waits in the journal, not lost while down.
        logger.warning("%s; messages wait in the journal until it is back", error)
        ready = functools.partial(startup_checks, settings)
    journal = JournalFile.open(settings.journal.path, settings.journal.size)
    app = build_app(settings, transport=transport, clock=clock, journal=journal, ready=ready)
    household = household_services(app)
    console = console_services(app)
    web_app = make_web_app(settings, transport, household, console, Operations(app))
    runner = web.AppRunner(web_app)
    try:
        # The web pages first: a standby answers /healthz while it waits for an account.
        await runner.setup()
        await web.TCPSite(runner, settings.web.host, settings.web.port).start()
        if app.liveness is not None:
            await app.liveness.start()
            if not app.liveness.serving:
                logger.info("standby: another process serves the accounts; taking over if it stops")
        stopped = asyncio.create_task(_until_stopped(app))
        started = asyncio.create_task(app.start())
        await asyncio.wait({stopped, started}, return_when=asyncio.FIRST_COMPLETED)
        if not started.done():  # stopped while a standby
            started.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await started
            await stopped
            return
        if started.exception() is not None:
            stopped.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stopped
            started.result()
        logger.info(
            "GridBot runs on %s; web pages at http://%s:%s, the staff console at %s/console "
            "(sign in with a link from `gridbot login-link PERSON`)",
            settings.transport,
            settings.web.host,
            settings.web.port,
            settings.register.public_url,
        )
        await stopped
    finally:
        await runner.cleanup()
        await app.stop()


def make_transport(settings: Settings, clock: Clock) -> Transport:
    from bot.cli import UsageError
    from bot.transport.registry import make_transport

    try:
        return make_transport(settings, clock)
    except ValueError as error:  # an unknown channel, or settings it cannot work with
        raise UsageError(str(error)) from None


def make_web_app(
    settings: Settings,
    transport: Transport,
    household: RegisterServices | None = None,
    console: ConsoleServices | None = None,
    ops: Operations | None = None,
) -> web.Application:
    """The web pages; the simulator's only when `transport` is (or serves) the simulator."""
    from bot.transport.accounts import AccountTransports
    from bot.transport.simulator.transport import SimulatorTransport
    from bot.web.app import create_web_app
    from bot.web.household import ROUTES as household_routes

    inner = (
        [account.inner for account in transport.by_name.values()]
        if isinstance(transport, AccountTransports)
        else [transport]
    )
    simulator = next((t for t in inner if isinstance(t, SimulatorTransport)), None)
    if household is None:
        return create_web_app(simulator=simulator, console=console, ops=ops)
    return create_web_app(
        simulator=simulator,
        console=console,
        extra_routes=household_routes,  # the household QR pages (一户一码), the register
        cleanup_ctx=[household.attach],
        ops=ops,
    )


async def _until_stopped(app: App) -> None:
    """Until SIGINT or SIGTERM, or until an account this process served went to another
    (it was taken for dead): then it must stop serving, and exits with an error."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    lost = asyncio.create_task(app.liveness.lost.wait()) if app.liveness else None
    try:
        waits = {asyncio.create_task(stop.wait()), *([lost] if lost else [])}
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in waits:
            task.cancel()
        if lost is not None and lost.done() and not lost.cancelled():
            raise AccountLost("an account this process served is served by another now")
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    logger.info("stopping")
