"""`load_settings`: find, read, override from the environment, validate."""

from __future__ import annotations

import os
from collections.abc import Mapping

from bot.config.build import build_settings
from bot.config.environ import apply_environment
from bot.config.locate import locate, read_document
from bot.config.settings import Settings


def load_settings(path: str | None = None, *, environ: Mapping[str, str] | None = None) -> Settings:
    """The validated settings, or `ConfigError` naming the file (or variable) and the key."""
    env = os.environ if environ is None else environ
    file, source = locate(path, env)
    data, origins = apply_environment(read_document(file, source), env)
    return build_settings(data, source=source, origins=origins, environ=env)
