"""Directory files: TOML (the tables of `[directory]`, with or without the prefix) and CSV."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from bot.directory.csv_rows import csv_tables
from bot.directory.entries import Directory, DirectoryError, Known, Origin
from bot.directory.parse import TABLES, parse_directory

_HEADER = re.compile(r"^\s*\[\[\s*(?:directory\s*\.\s*)?(\w+)\s*\]\]")


def read_directory(path: str | Path, *, known: Known | None = None) -> Directory:
    """Read a directory file, by its suffix: `.csv` is CSV, anything else TOML."""
    if Path(path).suffix.lower() == ".csv":
        return read_directory_csv(path, known=known)
    return read_directory_toml(path, known=known)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise DirectoryError(f"{path}: cannot read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise DirectoryError(f"{path}: not UTF-8 text ({error.reason})") from error


def read_directory_toml(path: str | Path, *, known: Known | None = None) -> Directory:
    file = Path(path)
    text = _text(file)
    try:
        data: Mapping[str, object] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DirectoryError(f"{file}: invalid TOML: {error}") from error
    prefix = ""
    nested = data.get("directory")
    if isinstance(nested, Mapping):  # a whole config file: its [directory] section
        data, prefix = nested, "directory"
    return parse_directory(
        data,
        source=str(file),
        prefix=prefix,
        known=known,
        origins=_toml_origins(text, file, prefix),
    )


def _toml_origins(text: str, file: Path, prefix: str) -> dict[str, list[Origin]]:
    """Each `[[table]]` header's line, so errors say "grid.toml:42: landlord_grids[3].leader"."""
    origins: dict[str, list[Origin]] = {table: [] for table in TABLES}
    dotted = f"{prefix}." if prefix else ""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if match and match.group(1) in origins:
            table = match.group(1)
            index = len(origins[table])
            origins[table].append(Origin(f"{file}:{number}: {dotted}{table}[{index}]"))
    return origins


def read_directory_csv(path: str | Path, *, known: Known | None = None) -> Directory:
    file = Path(path)
    tables, origins = csv_tables(_text(file), source=str(file), known=known or Known())
    return parse_directory(tables, source=str(file), prefix="", known=known, origins=origins)
