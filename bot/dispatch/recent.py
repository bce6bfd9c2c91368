"""The messages this process handled lately, so a redelivery is known without a query.

A transport that reconnects may deliver the last messages again. The inbound log's unique
key catches every redelivery (bot/dispatch/pipeline.py rolls back what handling it again
did); this memory catches the common one, from the same process, before any handler runs.
"""

from __future__ import annotations

from collections import OrderedDict


class RecentMessages:
    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._keys: OrderedDict[tuple[str, str], None] = OrderedDict()

    def __contains__(self, key: tuple[str, str]) -> bool:
        return key in self._keys

    def add(self, key: tuple[str, str]) -> None:
        self._keys[key] = None
        if len(self._keys) > self._size:
            self._keys.popitem(last=False)
