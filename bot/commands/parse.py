"""`gridbot parse`: one JSON reading per input line (../shared/spec/parse-contract.md)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime, tzinfo
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import multiprocessing.pool

    from bot.nlu.reading import Reading

# A chat message is at most a few KB; a longer line is junk, read past without storing.
MAX_LINE_BYTES = 1 << 20
# Input is read in chunks of what is already there; the readings of a chunk are written
# and flushed together before the next read can wait, so output still follows input.
CHUNK_BYTES = 1 << 16
# A long input is parsed by worker processes in pieces of this many lines, in order; a
# line typed by hand is a piece of its own, answered at once.
TASK_LINES = 256
MAX_JOBS = 4
GC_THRESHOLD = 50_000


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
    parser.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help=f"worker processes (default: the usable CPUs, at most {MAX_JOBS}; 1: no workers)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    now: datetime = args.now or datetime.now(_configured_zone(args.config))
    if now.tzinfo is None:
        now = now.replace(tzinfo=_configured_zone(args.config))
    reader = LineReader(now, jsonl=args.jsonl)
    # The parser's tables are built by now and live as long as the process: keep the cyclic
    # collector from walking them again and again, and let it run less often (readings
    # make no cycles; about 3% of the run time).
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 50, 50)
    out = sys.stdout.buffer
    tasks = _tasks(read_batches(sys.stdin.buffer))
    jobs = args.jobs or default_jobs()
    try:
        if jobs > 1 and (pool := _pool(jobs, reader)) is not None:
            with pool:
                for readings in pool.imap(_read_in_worker, tasks):
                    out.write(readings)
                    out.flush()
        else:
            for first, lines in tasks:
                out.write(reader(first, lines))
                out.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): nothing left to deliver; exit quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


class LineReader:
    """Raw input lines to their JSON readings, numbered for error messages."""

    def __init__(self, now: datetime, *, jsonl: bool) -> None:
        from bot.nlu import parse
        from bot.nlu.reading import EMPTY

        self.now, self.jsonl = now, jsonl
        self._parse, self._empty = parse, EMPTY
        self._encode = reading_encoder()
        parse(_WARM_UP, now)  # builds the vocabulary and loads the model now, not mid-stream

    def __call__(self, first: int, lines: list[bytes | None]) -> bytes:
        readings = []
        for number, raw in enumerate(lines, start=first):
            text = message_text(raw, jsonl=self.jsonl)
            reading = self._empty
            if text:
                try:
                    reading = self._parse(text, self.now)
                except Exception as error:  # a parser bug must not lose the lines after it
                    print(f"gridbot parse: line {number}: {error!r}", file=sys.stderr)
            readings.append(self._encode(reading))
        return b"".join(readings)


def default_jobs() -> int:
    """Worker processes for a long input: the CPUs this process may use, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_JOBS, cpus))


def _tasks(batches: Iterator[list[bytes | None]]) -> Iterator[tuple[int, list[bytes | None]]]:
    """(first line number, lines) in pieces small enough to spread over the workers."""
    first = 1
    for batch in batches:
        for start in range(0, len(batch), TASK_LINES):
            lines = batch[start : start + TASK_LINES]
            yield first, lines
            first += len(lines)


_WARM_UP = "漏水了 5幢302 13812345678"
# The worker processes' reader, set once per process by _start_worker.
_worker_reader: LineReader | None = None


def _pool(jobs: int, reader: LineReader) -> multiprocessing.pool.Pool | None:
    """Forked workers that share the parser the reader has loaded; None without fork."""
    import multiprocessing  # 50 ms of start-up, for a long input only

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    return context.Pool(jobs, initializer=_start_worker, initargs=(reader,))


def _start_worker(reader: LineReader) -> None:
    global _worker_reader
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    _worker_reader = reader


def _read_in_worker(task: tuple[int, list[bytes | None]]) -> bytes:
    assert _worker_reader is not None, "worker started without a reader"
    return _worker_reader(*task)


def read_batches(stream: IO[bytes]) -> Iterator[list[bytes | None]]:
    """The lines that have arrived, a batch per read, each without its ending; None for a
    line longer than MAX_LINE_BYTES (read past, never stored whole)."""
    read = getattr(stream, "read1", stream.read)
    pending = b""
    oversized = False  # the line being read is already too long: drop it at its end
    while chunk := read(CHUNK_BYTES):
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        batch: list[bytes | None] = []
        for line in lines:
            too_long = oversized or len(line) > MAX_LINE_BYTES
            batch.append(None if too_long else line.removesuffix(b"\r"))
            oversized = False
        if len(pending) > MAX_LINE_BYTES:
            pending, oversized = b"", True
        if batch:
            yield batch
    if pending or oversized:
        yield [None if oversized else pending.removesuffix(b"\r")]


def reading_encoder() -> Callable[[Reading], bytes]:
    """A function from a reading to its JSON line: the bytes json.dumps(reading.to_contract(),
    ensure_ascii=False) gives, written from a template (json's own string quoting for each
    value), 5x faster; a group with no field filled (most chatter) is a constant."""
    from json.encoder import encode_basestring

    from bot.nlu.reading import NO_DATES, NO_LOCATION, NO_PERSON, Reading

    def value(text: str | None) -> bytes:
        return b"null" if text is None else encode_basestring(text).encode()

    def day(moment: date | None) -> bytes:
        return b"null" if moment is None else b'"%s"' % moment.isoformat().encode()

    empty_location, empty_person, empty_dates = (
        json.dumps(group, ensure_ascii=False).encode()
        for group in list(Reading().to_contract().values())[2:5]
    )

    def encode(reading: Reading) -> bytes:
        loc, per, dat = reading.location, reading.person, reading.dates
        return _LINE % (
            reading.kind.value.encode(),
            b"true" if reading.urgent else b"false",
            empty_location
            if loc is NO_LOCATION or loc == NO_LOCATION
            else _LOCATION
            % tuple(map(value, (loc.community, loc.building, loc.unit, loc.floor, loc.room))),
            empty_person
            if per is NO_PERSON or per == NO_PERSON
            else _PERSON
            % tuple(map(value, (per.name, per.phone, per.id_type, per.id_number, per.nationality))),
            empty_dates
            if dat is NO_DATES or dat == NO_DATES
            else _DATES % (day(dat.visa_expiry), day(dat.move_in), day(dat.move_out)),
            repr(round(reading.confidence, 3)).encode(),
        )

    return encode


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
        record = _object_line(line)
        if record is None:
            record = json.loads(line)
    except ValueError:
        return None
    text = record.get("text") if isinstance(record, dict) else None
    return text if isinstance(text, str) else None


_LINE = (
    b'{"kind": "%s", "urgent": %s, "location": %s, "person": %s, "dates": %s, "confidence": %s}\n'
)
_LOCATION = b'{"community": %s, "building": %s, "unit": %s, "floor": %s, "room": %s}'
_PERSON = b'{"name": %s, "phone": %s, "id_type": %s, "id_number": %s, "nationality": %s}'
_DATES = b'{"visa_expiry": %s, "move_in": %s, "move_out": %s}'


def _object_line(line: str) -> object | None:
    """The object a line that is exactly one JSON object holds, read without json.loads's
    whitespace regexes around it (the common line); None when the line is anything else,
    for json.loads to read or refuse."""
    if not (line.startswith("{") and line.endswith("}")):
        return None
    record, end = _DECODER.raw_decode(line)
    return record if end == len(line) else None


_DECODER = json.JSONDecoder()


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return number


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
