"""Wrong invite codes are throttled per sender: a few are answered, then none for a while.

Someone sending codes by the hundred (a guesser, a script, a stuck phone) would have the
bot answer each one, a burst of sends that puts the bot's own account at risk, and
guessing gets no help. After `attempts` wrong codes within `window` a sender is told once
that codes from them are not read for `pause`; until then their codes are not looked at,
a right one neither. The count is kept in the database (models/sender_memory.py): every
process and the next start count the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.sender_memory import (
    count_invite_failure,
    forget_invite_failures,
    invites_paused_until,
    pause_invites,
)

ATTEMPTS = 5
WINDOW = timedelta(minutes=15)
PAUSE = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class InviteGuard:
    attempts: int = ATTEMPTS
    window: timedelta = WINDOW
    pause: timedelta = PAUSE

    async def paused(self, session: AsyncSession, sender_id: str, now: datetime) -> bool:
        """Whether codes from this sender are not read now."""
        until = await invites_paused_until(session, contact_id=sender_id)
        return until is not None and now < until

    async def failed(self, session: AsyncSession, sender_id: str, now: datetime) -> bool:
        """Count a wrong code; True when it starts the pause (the sender is told so). Only
        the code that reaches the limit starts it: two processes never both tell."""
        failures = await count_invite_failure(
            session, contact_id=sender_id, now=now, window=self.window
        )
        if failures != self.attempts:
            return False
        await pause_invites(session, contact_id=sender_id, until=now + self.pause)
        return True

    async def forget(self, session: AsyncSession, sender_id: str) -> None:
        """A right code: the sender's wrong ones no longer count."""
        await forget_invite_failures(session, contact_id=sender_id)
