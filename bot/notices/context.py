"""A notice's words are rendered when each message leaves, from a context kept as JSON:
dates travel as {"$date": "2026-12-25"} and come back as dates for the templates'
date macros (templates/<code>/_dates.j2)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

_DATE = "$date"


def frozen(context: Mapping[str, Any]) -> dict[str, Any]:
    """`context` as JSON can keep it."""
    return {
        key: {_DATE: value.isoformat()}
        if isinstance(value, date) and not isinstance(value, datetime)
        else value
        for key, value in context.items()
    }


def thawed(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context `frozen` kept, with its dates back."""
    return {
        key: date.fromisoformat(value[_DATE])
        if isinstance(value, dict) and set(value) == {_DATE}
        else value
        for key, value in context.items()
    }
