"""`gridbot` command line: one sub-command per module in bot/commands/."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module exposes `register(subparsers)`, which adds its parser and sets
# `handler=` to a function taking the parsed namespace and returning an exit status.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.commands.parse",
    "bot.commands.config",
    "bot.commands.db",
    "bot.commands.grid",
    "bot.commands.run",
    "bot.commands.invite",
    "bot.commands.login_link",
    "bot.commands.report",
    "bot.commands.assess",
    "bot.commands.qr",
    "bot.commands.tenants",
    "bot.commands.keys",
)


class UsageError(Exception):
    """A problem the user can fix (bad config, bad file): one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gridbot", description="GridBot (房东网格助手)")
    parser.add_argument("--config", metavar="PATH", help="configuration file (TOML)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except UsageError as error:
        print(f"gridbot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    # `python -m bot.cli` runs this file as __main__, a second copy whose UsageError is not
    # the one other modules raise; run the imported module so `except UsageError` matches.
    from bot.cli import main as imported_main

    sys.exit(imported_main())
