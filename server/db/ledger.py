"""Granting points: the one place the ledger is written, under the rules of server.domain.points.

Caps hold under concurrency: a grant is made only to an `Earner`, an account whose row the
transaction holds locked (server.db.unit.Unit.lock, taken once per transaction by whoever needs
it first), so the sum of the rule's period read here cannot change before the append.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import PointsLedger
from server.db.unit import Earner
from server.domain import points
from server.domain.clock import shanghai_day


@dataclass(frozen=True)
class Grant:
    code: str
    points: int  # what was added to the ledger (0 when capped, not an earner, or a replay)
    earned_in_period: int  # after this grant
    cap: int
    reason: str | None = None  # why nothing was granted: not_earner, capped, duplicate, late


async def earned(session: AsyncSession, account_id: int, code: str, day: date) -> int:
    rule = points.RULES[code]
    start, end = points.period_bounds(day, rule.period)
    total = await session.scalar(
        select(func.coalesce(func.sum(PointsLedger.points), 0)).where(
            PointsLedger.account_id == account_id,
            PointsLedger.code == code,
            PointsLedger.day >= start,
            PointsLedger.day < end,
        )
    )
    return int(total or 0)


async def grant(
    session: AsyncSession,
    earner: Earner,
    code: str,
    *,
    at: datetime,
    source: tuple[str, str],
    idempotency_key: str | None = None,
    wanted: int | None = None,
    late: bool = False,
) -> Grant:
    """Grant the points of rule `code` for an action at instant `at`, within its cap; nothing
    when the action arrived `late` (it is recorded, it does not earn).

    Call inside the write transaction of the action itself, so the action and its points commit
    or roll back together.
    """
    rule = points.RULES[code]
    day = shanghai_day(at)
    account_id = earner.account_id
    if earner.kind is None or earner.kind not in points.EARNERS:
        return Grant(code, 0, 0, rule.cap, "not_earner")
    if late:
        return Grant(code, 0, await earned(session, account_id, code, day), rule.cap, "late")
    replay = None
    if idempotency_key is not None:  # only a key the client chose can come back
        replay = await session.scalar(
            select(PointsLedger.id).where(
                PointsLedger.account_id == account_id,
                PointsLedger.code == code,
                PointsLedger.idempotency_key == idempotency_key,
            )
        )
    key = idempotency_key or uuid.uuid4().hex
    so_far = await earned(session, account_id, code, day)
    if replay is not None:
        return Grant(code, 0, so_far, rule.cap, "duplicate")
    amount = points.grantable(rule, so_far, wanted)
    if amount <= 0:
        return Grant(code, 0, so_far, rule.cap, "capped")
    await session.execute(
        insert(PointsLedger).values(
            account_id=account_id,
            code=code,
            category=rule.category.value,
            points=amount,
            day=day,
            source_type=source[0],
            source_id=source[1],
            idempotency_key=key,
            created_at=at,
        )
    )
    return Grant(code, amount, so_far + amount, rule.cap)
