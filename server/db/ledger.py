"""Granting points: the one place the ledger is written, under the rules of server.domain.points.

Caps hold under concurrency: a grant is made only to an `Earner`, an account whose row the
transaction holds locked (server.db.unit.Unit.lock, taken once per transaction by whoever needs
it first), so the sum of the rule's period read here cannot change before the append.

The statements are built once, with bound parameters (SQLAlchemy's compiled cache finds them
without building a statement per grant), and run on the session's connection as Core
statements: no ORM machinery (bulk insert, result loading) for a sum and one row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from server.db.models import PointsLedger
from server.db.unit import Earner
from server.domain import points
from server.domain.clock import shanghai_day

L = PointsLedger
_EARNED = select(func.coalesce(func.sum(L.points), 0)).where(
    L.account_id == bindparam("account_id"),
    L.code == bindparam("code"),
    L.day >= bindparam("start"),
    L.day < bindparam("end"),
)
_REPLAY = (
    select(L.id)
    .where(
        L.account_id == bindparam("account_id"),
        L.code == bindparam("code"),
        L.idempotency_key == bindparam("key"),
    )
    .limit(1)
)
_APPEND = insert(L)


@dataclass(frozen=True)
class Grant:
    code: str
    points: int  # what was added to the ledger (0 when capped, not an earner, or a replay)
    earned_in_period: int  # after this grant
    cap: int
    reason: str | None = None  # why nothing was granted: not_earner, capped, duplicate, late


async def earned(session: AsyncSession, account_id: int, code: str, day: date) -> int:
    """What `account_id` has earned by rule `code` in the rule's period containing `day`."""
    return await _earned(await session.connection(), account_id, code, day)


async def _earned(conn: AsyncConnection, account_id: int, code: str, day: date) -> int:
    start, end = points.period_bounds(day, points.RULES[code].period)
    total = await conn.scalar(
        _EARNED, {"account_id": account_id, "code": code, "start": start, "end": end}
    )
    return int(total or 0)


async def grant(
    session: AsyncSession | AsyncConnection,
    earner: Earner,
    code: str,
    *,
    at: datetime,
    source: tuple[str, str],
    idempotency_key: str | None = None,
    wanted: int | None = None,
    late: bool = False,
    so_far: int | None = None,
) -> Grant:
    """Grant the points of rule `code` for an action at instant `at`, within its cap; nothing
    when the action arrived `late` (it is recorded, it does not earn).

    Call inside the write transaction of the action itself, so the action and its points commit
    or roll back together, on its session or (Core services) its connection. `so_far`: what the earner has earned in the rule's period, when the
    caller has just read it in this transaction (under the same lock); read here otherwise.
    """
    rule = points.RULES[code]
    day = shanghai_day(at)
    account_id = earner.account_id
    if earner.kind is None or earner.kind not in points.EARNERS:
        return Grant(code, 0, 0, rule.cap, "not_earner")
    conn = session if isinstance(session, AsyncConnection) else await session.connection()
    if so_far is None:
        so_far = await _earned(conn, account_id, code, day)
    if late:
        return Grant(code, 0, so_far, rule.cap, "late")
    if idempotency_key is not None:  # only a key the client chose can come back
        replay = await conn.scalar(
            _REPLAY, {"account_id": account_id, "code": code, "key": idempotency_key}
        )
        if replay is not None:
            return Grant(code, 0, so_far, rule.cap, "duplicate")
    amount = points.grantable(rule, so_far, wanted)
    if amount <= 0:
        return Grant(code, 0, so_far, rule.cap, "capped")
    await conn.execute(
        _APPEND,
        {
            "account_id": account_id,
            "code": code,
            "category": rule.category.value,
            "points": amount,
            "day": day,
            "source_type": source[0],
            "source_id": source[1],
            "idempotency_key": idempotency_key or uuid.uuid4().hex,
            "created_at": at,
        },
    )
    return Grant(code, amount, so_far + amount, rule.cap)
