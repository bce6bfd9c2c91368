"""A map that holds at most `size` entries: the earliest put go first."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
D = TypeVar("D")


class BoundedMap(Generic[K, V]):
    def __init__(self, size: int, items: Iterable[tuple[K, V]] = ()) -> None:
        self._size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        for key, value in items:
            self.put(key, value)

    def __contains__(self, key: K) -> bool:
        return key in self._entries

    def __getitem__(self, key: K) -> V:
        return self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K, default: D) -> V | D:
        return self._entries.get(key, default)

    def put(self, key: K, value: V) -> bool:
        """Store `value`; True when the earliest entry had to go to make room."""
        self._entries[key] = value
        if len(self._entries) <= self._size:
            return False
        self._entries.popitem(last=False)
        return True

    def discard(self, key: K) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    def values(self) -> list[V]:
        return list(self._entries.values())
