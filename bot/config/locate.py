"""Finding and reading the configuration file."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from bot.config.errors import ConfigError

EXAMPLE_NAME = "config.example.toml"
_REPO_ROOT = Path(__file__).resolve().parents[2]
_TOML_POSITION = re.compile(
    r"^(?P<message>.*?) \(at (?P<where>line \d+, column \d+|end of document)\)$"
)


def locate(path: str | None, environ: Mapping[str, str]) -> tuple[Path, str]:
    """The file to read and the name to show for it.

    Order: the explicit path (`--config`), $GRIDBOT_CONFIG, ./config.toml, then the
    documented example (in the current directory, else next to the installed package).
    """
    chosen = path or environ.get("GRIDBOT_CONFIG", "").strip()
    if chosen:
        return Path(chosen), chosen
    local = Path("config.toml")
    if local.exists():
        return local, str(local)
    for example in (Path(EXAMPLE_NAME), _REPO_ROOT / EXAMPLE_NAME):
        if example.is_file():
            return example, str(example)
    raise ConfigError(
        "no configuration file: pass --config PATH, set GRIDBOT_CONFIG or create ./config.toml "
        f"(start from {EXAMPLE_NAME})"
    )


def read_document(path: Path, source: str) -> dict[str, object]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise ConfigError(f"{source}: cannot read the configuration: {reason}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(f"{source}: line {line}: not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_POSITION.match(str(error))
        if match is None:
            raise ConfigError(f"{source}: invalid TOML: {error}") from None
        message = match["message"][:1].lower() + match["message"][1:]
        raise ConfigError(f"{source}: {match['where']}: invalid TOML: {message}") from None
