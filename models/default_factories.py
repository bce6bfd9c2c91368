"""Building a table model costs pydantic an `inspect.signature` per default factory.

SQLModel fills each field left out with `FieldInfo.get_default`, and pydantic then asks
whether the factory takes the validated data by reading its signature, every time: for
`list` and `utcnow` that is most of the cost of `Person(...)` or `Event(...)` (about 0.4 ms
of 0.5). A factory's signature never changes, so the answer is remembered per factory.
This reaches into pydantic's private module: when a pydantic release no longer has that
function, `install` leaves pydantic alone (slower, never broken).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from pydantic._internal import _fields

_ORIGINAL: Callable[[Any], bool] | None = getattr(_fields, "takes_validated_data_argument", None)


def _ask_pydantic(factory: Callable[..., Any]) -> bool:
    assert _ORIGINAL is not None  # install() never puts us in place without it
    return _ORIGINAL(factory)


_remembered = functools.lru_cache(maxsize=1024)(_ask_pydantic)


def takes_validated_data(factory: Callable[..., Any]) -> bool:
    try:
        return _remembered(factory)
    except TypeError:  # an unhashable callable: ask pydantic every time, as before
        return _ask_pydantic(factory)


def install() -> None:
    """Idempotent; models/db.py installs it on import."""
    if _ORIGINAL is not None:
        _fields.takes_validated_data_argument = takes_validated_data  # type: ignore[assignment]
