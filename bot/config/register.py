"""The `[register]` table: registration rules, retention, visa warnings, house pages."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from types import MappingProxyType

from bot.config import values
from bot.config.errors import ConfigError, Invalid
from bot.config.register_settings import (
    FIELDS,
    REGISTRARS,
    FireSafety,
    HouseSettings,
    RegisterSettings,
)
from bot.config.section import Section

REGISTER_KEYS = (
    "demo",
    "required",
    "registrars",
    "retention",
    "warn_days",
    "monthly_day",
    "job_time",
    "public_url",
    "form_limit",
    "fire_safety",
    "houses",
)
FIRE_KEYS = ("contacts", "notices", "escape_route", "escape_route_image", "knowledge")
# What a household page may show as the escape route's picture (no SVG: it can hold script).
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}
HOUSE_KEYS = ("rooms", *FIRE_KEYS)
_DEFAULT = RegisterSettings()


def register_settings(section: Section) -> RegisterSettings:
    fire = _fire_safety(section.table("fire_safety", FIRE_KEYS), FireSafety())
    return RegisterSettings(
        demo=section.optional("demo", values.boolean, False),
        required=section.optional("required", lambda v: _subset(v, FIELDS), _DEFAULT.required),
        registrars=section.optional(
            "registrars", lambda v: _subset(v, REGISTRARS), _DEFAULT.registrars
        ),
        retention=section.optional("retention", values.duration, _DEFAULT.retention),
        warn_days=section.optional("warn_days", _days, _DEFAULT.warn_days),
        monthly_day=section.optional(
            "monthly_day", lambda v: values.count(v, low=1, high=28), _DEFAULT.monthly_day
        ),
        job_time=section.optional("job_time", values.clock_time, _DEFAULT.job_time),
        public_url=section.optional("public_url", _url, _DEFAULT.public_url),
        form_limit=section.optional(
            "form_limit", lambda v: values.count(v, low=1, high=1000), _DEFAULT.form_limit
        ),
        fire_safety=fire,
        houses=_houses(section, fire),
    )


def check_houses(register: RegisterSettings, *, source: str, known: Iterable[str]) -> None:
    """ConfigError unless every `[register.houses.CODE]` is a house of the database.

    Houses may come from the config's `[directory]` or from `gridbot grid import`: the
    database holds them all, so the file alone cannot tell a typo from a house imported
    later. The commands that use the houses check them against it.
    """
    codes = sorted(known)
    unknown = [code for code in register.houses if code not in codes]
    if not unknown:
        return
    listed = ", ".join(codes) if codes else "none yet: load them with `gridbot grid import FILE`"
    raise ConfigError(
        f"{source}: register.houses.{unknown[0]}: no house with this code in the database "
        f"(its houses: {listed})"
    )


def _houses(section: Section, fire: FireSafety) -> MappingProxyType[str, HouseSettings]:
    # Any code is read here; check_houses compares them with the database.
    data = section.data.get("houses", {})
    houses = section.table("houses", list(data) if isinstance(data, dict) else ())
    return MappingProxyType(
        {code: _house(houses.table(code, HOUSE_KEYS), fire) for code in sorted(houses.data)}
    )


def _house(section: Section, fire: FireSafety) -> HouseSettings:
    return HouseSettings(
        rooms=section.optional("rooms", _texts, ()),
        fire_safety=_fire_safety(section, fire),
    )


def _fire_safety(section: Section, base: FireSafety) -> FireSafety:
    return FireSafety(
        contacts=section.optional("contacts", _texts, base.contacts),
        notices=section.optional("notices", _texts, base.notices),
        escape_route=section.optional("escape_route", values.text, base.escape_route).strip(),
        escape_route_image=section.optional(
            "escape_route_image", lambda v: _image(v, section.source), base.escape_route_image
        ),
        knowledge=section.optional("knowledge", _texts, base.knowledge),
    )


def _image(value: object, source: str) -> str:
    """An image file that exists, as an absolute path (relative ones: to the config file)."""
    path = Path(values.non_empty_text(value).strip())
    if not path.is_absolute():
        path = Path(source).resolve().parent / path
    if path.suffix.lower() not in IMAGE_TYPES:
        raise Invalid(f"expected a {', '.join(IMAGE_TYPES)} file, got {values.shown(value)}")
    if not path.is_file():
        raise Invalid(f"no such file: {path}")
    return str(path)


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Invalid(f"expected an array of strings, got {values.shown(value)}")
    return tuple(values.non_empty_text(item) for item in value)


def _subset(value: object, allowed: Collection[str]) -> frozenset[str]:
    return frozenset(values.choice(item, allowed) for item in _texts(value))


def _days(value: object) -> tuple[int, ...]:
    if not isinstance(value, list) or not value:
        raise Invalid(f"expected an array of whole numbers of days, got {values.shown(value)}")
    days = {values.count(item, low=0, high=366) for item in value}
    return tuple(sorted(days, reverse=True))


def _url(value: object) -> str:
    url = values.non_empty_text(value).rstrip("/")
    if not url.startswith(("http://", "https://")) or any(char.isspace() for char in url):
        raise Invalid(
            f'expected an address like "https://gridbot.example.org", got {values.shown(value)}'
        )
    return url
