"""Wrong invite codes are throttled per sender: a few are answered, then none for a while.

Someone sending codes by the hundred (a guesser, a script, a stuck phone) would have the
bot answer each one, a burst of sends that puts the bot's own account at risk, and
guessing gets no help. After `attempts` wrong codes within `window` a sender is told once
that codes from them are not read for `pause`; until then their codes are not looked at,
a right one neither. Kept in this process: a restart forgets it, which a guesser cannot
use to advantage with about 40 bits per code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.bounded import BoundedMap

ATTEMPTS = 5
WINDOW = timedelta(minutes=15)
PAUSE = timedelta(minutes=30)
SENDERS = 10_000  # senders remembered; the earliest are forgotten first


@dataclass
class InviteGuard:
    attempts: int = ATTEMPTS
    window: timedelta = WINDOW
    pause: timedelta = PAUSE
    _failures: BoundedMap[str, list[datetime]] = field(
        default_factory=lambda: BoundedMap(SENDERS), init=False
    )
    _paused_until: BoundedMap[str, datetime] = field(
        default_factory=lambda: BoundedMap(SENDERS), init=False
    )

    def paused(self, sender_id: str, now: datetime) -> bool:
        """Whether codes from this sender are not read now."""
        if sender_id not in self._paused_until:
            return False
        if now < self._paused_until[sender_id]:
            return True
        self._paused_until.discard(sender_id)
        return False

    def failed(self, sender_id: str, now: datetime) -> bool:
        """Count a wrong code; True when it starts the pause (the sender is told so)."""
        recent = [t for t in self._failures.get(sender_id, []) if now - t < self.window]
        recent.append(now)
        if len(recent) < self.attempts:
            self._failures.put(sender_id, recent)
            return False
        self._failures.discard(sender_id)
        self._paused_until.put(sender_id, now + self.pause)
        return True

    def forget(self, sender_id: str) -> None:
        """A right code: the sender's wrong ones no longer count."""
        self._failures.discard(sender_id)
