"""`gridbot` command line: one sub-command per module in bot/commands/."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module exposes `register(subparsers)`, which adds its parser and sets
# `handler=` to a function taking the parsed namespace and returning an exit status.
# Keyed by the command's name: a command imports its own module only (`gridbot parse`
# starts without the bot's web and database stack).
COMMANDS: dict[str, str] = {
    "parse": "bot.commands.parse",
    "config": "bot.commands.config",
    "db": "bot.commands.db",
    "grid": "bot.commands.grid",
    "run": "bot.commands.run",
    "invite": "bot.commands.invite",
    "login-link": "bot.commands.login_link",
    "report": "bot.commands.report",
    "assess": "bot.commands.assess",
    "qr": "bot.commands.qr",
    "tenants": "bot.commands.tenants",
    "keys": "bot.commands.keys",
}


class UsageError(Exception):
    """A problem the user can fix (bad config, bad file): one line, exit status 2."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line parser; with `only`, of that command alone."""
    parser = argparse.ArgumentParser(prog="gridbot", description="GridBot (房东网格助手)")
    parser.add_argument("--config", metavar="PATH", help="configuration file (TOML)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).register(subparsers)
    return parser


def command_named(argv: Sequence[str]) -> str | None:
    """The known command `argv` runs, or None (help, a typo: every command is listed)."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            next(words, None)
        elif not word.startswith("--config="):
            return word if word in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(command_named(sys.argv[1:] if argv is None else argv))
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
