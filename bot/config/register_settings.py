"""The tenant register's settings (`[register]`): rules, retention, warnings, house pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from types import MappingProxyType

FIELDS = ("name", "document", "phone", "room", "nationality", "visa_expiry")
REGISTRARS = ("landlord", "self", "worker")


@dataclass(frozen=True, slots=True)
class FireSafety:
    """一键四知: who to call, what is announced now, the way out, what everyone should know."""

    contacts: tuple[str, ...] = ("火警 119",)
    notices: tuple[str, ...] = ()
    escape_route: str = ""
    # A picture of the way out (a floor plan with the route), shown under the text; a file
    # path, relative to the config file. "" for none.
    escape_route_image: str = ""
    knowledge: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HouseSettings:
    rooms: tuple[str, ...] = ()  # every rentable room, to find the unregistered ones
    fire_safety: FireSafety = field(default_factory=FireSafety)


@dataclass(frozen=True, slots=True)
class RegisterSettings:
    # Demo data only: without a secret key, personal data is encrypted with a public demo
    # key (never with the wechaty transport, which always needs secret_key).
    demo: bool = False
    required: frozenset[str] = frozenset({"name", "document", "phone", "room"})
    # Who may register a tenant from the chat: the house's landlord (anyone in the house),
    # the tenant themself, grid workers (anyone in their grids).
    registrars: frozenset[str] = frozenset({"landlord", "self"})
    retention: timedelta = timedelta(days=180)  # document numbers kept after sign-out
    warn_days: tuple[int, ...] = (30, 7, 1, 0)  # visa warnings, days before expiry
    monthly_day: int = 1  # the day each landlord gets their list to confirm
    job_time: time = time(9, 0)  # local time of the daily warnings and the monthly list
    public_url: str = "http://127.0.0.1:8080"  # what the household QR codes open
    form_limit: int = 10  # form submissions per client per hour
    fire_safety: FireSafety = field(default_factory=FireSafety)  # every house's default
    houses: Mapping[str, HouseSettings] = field(default_factory=lambda: MappingProxyType({}))

    def house(self, code: str) -> HouseSettings:
        return self.houses.get(code) or HouseSettings(fire_safety=self.fire_safety)
