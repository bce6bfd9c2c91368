"""`gridbot parse`: one JSON reading per input line (../shared/spec/parse-contract.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import IO

# A chat message is at most a few KB; a longer line is junk, read past without storing.
MAX_LINE_BYTES = 1 << 20


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="read messages (one per line) and print one JSON reading per line",
        description="Read messages from stdin, one per line, and print one JSON reading "
        "per line in the same order.",
    )
    parser.add_argument(
        "--now",
        type=_moment,
        metavar="ISO8601",
        help="moment relative dates resolve against (default: now in the configured zone)",
    )
    parser.add_argument(
        "--jsonl", action="store_true", help="each line is a JSON object; its 'text' is read"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from bot.nlu import parse
    from bot.nlu.reading import EMPTY

    now: datetime = args.now or datetime.now(_configured_zone(args.config))
    if now.tzinfo is None:
        now = now.replace(tzinfo=_configured_zone(args.config))
    out = sys.stdout.buffer
    try:
        for number, raw in enumerate(read_lines(sys.stdin.buffer), start=1):
            text = message_text(raw, jsonl=args.jsonl)
            reading = EMPTY
            if text:
                try:
                    reading = parse(text, now)
                except Exception as error:  # a parser bug must not lose the lines after it
                    print(f"gridbot parse: line {number}: {error!r}", file=sys.stderr)
            out.write(json.dumps(reading.to_contract(), ensure_ascii=False).encode() + b"\n")
            out.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): nothing left to deliver; exit quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def read_lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """Each line without its ending; None for a line longer than MAX_LINE_BYTES."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line.rstrip(b"\r\n")


def message_text(raw: bytes | None, *, jsonl: bool) -> str | None:
    """The message a line carries, or None when the line is junk."""
    if raw is None:
        return None
    try:
        line = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return None
    if not jsonl:
        return line
    try:
        record = json.loads(line)
    except ValueError:
        return None
    text = record.get("text") if isinstance(record, dict) else None
    return text if isinstance(text, str) else None


def _moment(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 moment: {value!r} (e.g. 2026-11-23T10:00:00+08:00)"
        ) from None


def _configured_zone(config_path: str | None) -> tzinfo:
    from bot.config import load_settings

    return load_settings(config_path).timezone
