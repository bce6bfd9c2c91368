"""Events opened and closed, told to whoever listens once their transaction has committed.

The metrics count them per kind (bot/metrics.py); a transaction rolled back tells nothing.
create_event and change_state note what they did in the session; the note is handed on at
commit with the engine it was committed on (several apps may share one process: tests).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

OPENED, CLOSED = "opened", "closed"
Noted = tuple[str, str]  # (OPENED or CLOSED, the event's kind)
Listener = Callable[[Engine | Connection, Sequence[Noted]], None]

_KEY = "gridbot.event_counts"
_listeners: list[Listener] = []


def listen(listener: Listener) -> Callable[[], None]:
    """Hear each commit's events opened and closed; returns the way to stop (which may be
    called more than once)."""
    _listeners.append(listener)

    def stop() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return stop


def note(session: Session, what: str, kind: str) -> None:
    session.info.setdefault(_KEY, []).append((what, kind))


@event.listens_for(Session, "after_commit")
def _tell(session: Session) -> None:
    noted = session.info.pop(_KEY, None)
    if noted:
        bind = session.get_bind()
        for listener in list(_listeners):
            listener(bind, noted)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_KEY, None)
