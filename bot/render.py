"""Jinja2 renders every bot message from templates/{lang}/{name}.j2 (fallback: zh).

Chat is plain text, so HTML escaping would only garble it. What protects us instead:
- a sandboxed environment, and user text only ever arrives as a context *value*, never
  as template source, so "{{ 7*7 }}" in a report is sent literally;
- every interpolated value is neutralised: newlines and control characters cannot forge
  extra bot lines, "@" becomes "＠" so user text cannot @mention anyone, and personal
  numbers (ID, passport, phone) are masked, so no message can leak one whatever the template.
Values the bot composes itself and trusts can be passed as `Trusted(...)`.

The templates live in the top-level templates/ directory (the customer's layout), found
beside the `bot` package: the project is installed editable, so bot/../templates is the
checkout's directory. Tests put their own directory in front: `Renderer(mine, TEMPLATES_DIR)`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from bot.lang import codes
from bot.privacy import mask_text

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_LANG = "zh"
LANGUAGES = frozenset(codes())  # a folder under bot/lang and one under templates/ each

_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
# C0/C1 controls and bidi overrides that could hide or reorder text.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")


class Trusted(str):
    """Text the bot composed itself (may hold newlines); interpolated with numbers masked."""


def neutralise(value: Any) -> str:
    """How any context value appears inside a message."""
    if value is None:
        return ""
    if isinstance(value, Trusted):
        return mask_text(str(value))
    text = _INVISIBLE.sub("", str(value))
    text = _LINE_BREAKS.sub(" ", text)
    return mask_text(text).replace("@", "＠")


class Renderer:
    """One per app (no module-level environment): templates are loaded and cached here."""

    def __init__(self, *roots: Path, default_lang: str = DEFAULT_LANG) -> None:
        """Templates from `roots` (first match wins; default: the shipped templates/)."""
        self.roots = roots or (TEMPLATES_DIR,)
        for root in self.roots:
            if not root.is_dir():
                raise FileNotFoundError(f"templates directory not found: {root}")
        self.default_lang = default_lang
        self._env = SandboxedEnvironment(
            loader=FileSystemLoader(self.roots),
            autoescape=False,
            undefined=StrictUndefined,
            finalize=neutralise,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates ship with the code: no stat() per message
        )
        self._chosen: dict[tuple[str, str | None], Template] = {}

    def render(self, template: str, context: Mapping[str, Any], lang: str | None) -> str:
        """The message text; a template missing in `lang` falls back to the default."""
        chosen = self._chosen.get((template, lang))
        if chosen is None:
            names = [f"{lang}/{template}.j2"] if lang in LANGUAGES else []
            names.append(f"{self.default_lang}/{template}.j2")
            chosen = self._chosen[(template, lang)] = self._env.select_template(names)
        return chosen.render(context).strip()
