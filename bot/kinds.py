"""The event kinds shared by the parser, the data model and the templates."""

from enum import StrEnum


class Kind(StrEnum):
    LEAK = "leak"
    DRAIN = "drain"
    NOISE = "noise"
    DISPUTE = "dispute"
    FIRE_HAZARD = "fire_hazard"
    REPAIR = "repair"
    SANITATION = "sanitation"
    SECURITY = "security"
    HARDSHIP = "hardship"
    PARKING = "parking"
    REGISTRATION = "registration"
    MOVE_OUT = "move_out"
    TENANT_UPDATE = "tenant_update"
    NONE = "none"


INCIDENT_KINDS: frozenset[Kind] = frozenset(
    {
        Kind.LEAK,
        Kind.DRAIN,
        Kind.NOISE,
        Kind.DISPUTE,
        Kind.FIRE_HAZARD,
        Kind.REPAIR,
        Kind.SANITATION,
        Kind.SECURITY,
        Kind.HARDSHIP,
        Kind.PARKING,
    }
)
REGISTER_KINDS: frozenset[Kind] = frozenset({Kind.REGISTRATION, Kind.MOVE_OUT, Kind.TENANT_UPDATE})
