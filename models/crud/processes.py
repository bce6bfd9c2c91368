"""Process heartbeats, taking over what dead processes held, account leases (bot/liveness.py).

A process is alive while its `heartbeat_at` is at or after `alive_since` (now minus the
time after which a silent process counts as dead). Everything here is one statement that
any number of processes may run at the same moment: taking over is a conditional UPDATE,
so two processes never both win a lease, and releasing claims twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Table, bindparam, delete, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud._dialect import upsert
from models.messaging import Outbox, OutboxStatus
from models.processes import AccountLease, BotProcess

_PROCESS: Table = BotProcess.__table__  # type: ignore[attr-defined]
_LEASE: Table = AccountLease.__table__  # type: ignore[attr-defined]
_OUTBOX: Table = Outbox.__table__  # type: ignore[attr-defined]

_ALIVE = select(_PROCESS.c.id).where(_PROCESS.c.heartbeat_at >= bindparam("alive_since"))
_BEAT = (
    _PROCESS.update()
    .where(_PROCESS.c.id == bindparam("process_id"))
    .values(heartbeat_at=bindparam("now"))
)
# Rows a dead process had claimed: due at once, in their places (their ids keep the order).
_RELEASE_DEAD_CLAIMS = (
    _OUTBOX.update()
    .where(
        _OUTBOX.c.status == OutboxStatus.PENDING,
        _OUTBOX.c.claimed_by.is_not(None),
        _OUTBOX.c.claimed_by.not_in(_ALIVE.scalar_subquery()),
    )
    .values(claimed_by=None, next_attempt_at=bindparam("now"))
)
_FORGET_DEAD = delete(_PROCESS).where(_PROCESS.c.heartbeat_at < bindparam("alive_since"))
_TAKE_LEASE = (
    update(_LEASE)
    .where(
        _LEASE.c.account == bindparam("lease_account"),
        or_(_LEASE.c.owner.is_(None), _LEASE.c.owner.not_in(_ALIVE.scalar_subquery())),
    )
    .values(owner=bindparam("process_id"), acquired_at=bindparam("now"))
)
_OWNER = select(_LEASE.c.owner).where(_LEASE.c.account == bindparam("lease_account"))
_TAKE_FREE = (
    update(_LEASE)
    .where(_LEASE.c.account == bindparam("lease_account"), _LEASE.c.owner.is_(None))
    .values(owner=bindparam("process_id"), acquired_at=bindparam("now"))
)


async def register_process(session: AsyncSession, *, host: str, pid: int, now: datetime) -> int:
    """A new process row, alive as of `now`; its id names the process in claims and leases."""
    row = BotProcess(host=host, pid=pid, started_at=now, heartbeat_at=now)
    session.add(row)
    await session.flush()
    assert row.id is not None
    return row.id


async def beat(session: AsyncSession, *, process_id: int, now: datetime) -> bool:
    """Stamp the process alive; False when its row is gone (the others took it for dead)."""
    connection = await session.connection()
    result = await connection.execute(_BEAT, {"process_id": process_id, "now": now})
    return result.rowcount == 1


async def release_dead_claims(
    session: AsyncSession, *, now: datetime, alive_since: datetime
) -> int:
    """Make the pending outbox rows claimed by dead processes due now; how many there were."""
    connection = await session.connection()
    params = {"now": now, "alive_since": alive_since}
    return (await connection.execute(_RELEASE_DEAD_CLAIMS, params)).rowcount


async def forget_dead(session: AsyncSession, *, alive_since: datetime) -> None:
    """Delete the rows of dead processes (after their claims were released)."""
    connection = await session.connection()
    await connection.execute(_FORGET_DEAD, {"alive_since": alive_since})


async def take_accounts(
    session: AsyncSession,
    *,
    accounts: Sequence[str],
    process_id: int,
    now: datetime,
    alive_since: datetime | None,
) -> set[str]:
    """Take the leases of `accounts`, in their order, that are free (never taken, or given
    up) and, with `alive_since`, those of dead processes; return the ones this process
    holds afterwards (taken now or before). It stops at the first account another process
    holds: two processes racing for the same accounts never split them between them."""
    connection = await session.connection()
    insert = upsert(session, _LEASE).on_conflict_do_nothing(index_elements=["account"])
    take = _TAKE_FREE if alive_since is None else _TAKE_LEASE
    params = {"process_id": process_id, "now": now, "alive_since": alive_since}
    held: set[str] = set()
    for account in accounts:
        row = {"account": account, "owner": process_id, "acquired_at": now}
        if (await connection.execute(insert, row)).rowcount != 1:
            await connection.execute(take, {**params, "lease_account": account})
            owner = await connection.execute(_OWNER, {"lease_account": account})
            if owner.scalar_one() != process_id:
                break
        held.add(account)
    return held


async def held_by_the_living(
    session: AsyncSession, *, accounts: Collection[str], process_id: int, alive_since: datetime
) -> set[str]:
    """Which of `accounts` another process that is alive holds."""
    connection = await session.connection()
    statement = select(_LEASE.c.account).where(
        _LEASE.c.account.in_(list(accounts)),
        _LEASE.c.owner != process_id,
        _LEASE.c.owner.in_(_ALIVE.scalar_subquery()),
    )
    return set((await connection.execute(statement, {"alive_since": alive_since})).scalars())


async def give_up(session: AsyncSession, *, process_id: int) -> None:
    """A process that stops: its leases free and its row gone, so a standby need not wait
    for its heartbeat to age (its claims are released by the outbox sender on stop)."""
    connection = await session.connection()
    await connection.execute(update(_LEASE).where(_LEASE.c.owner == process_id).values(owner=None))
    await connection.execute(delete(_PROCESS).where(_PROCESS.c.id == process_id))


async def lease_owners(session: AsyncSession) -> dict[str, int | None]:
    """Every account lease and its owner (operations, tests)."""
    connection = await session.connection()
    rows = await connection.execute(select(_LEASE.c.account, _LEASE.c.owner))
    return {account: owner for account, owner in rows}
