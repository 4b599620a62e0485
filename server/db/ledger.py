"""Granting points: the one place the ledger is written, under the rules of server.domain.points.

Caps hold under concurrency: every grant first locks the earner's account row (SELECT … FOR
NO KEY UPDATE on PostgreSQL; on SQLite all writes already go through one connection), then sums what the
ledger holds for the rule's period, then appends at most what still fits.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Account, PointsLedger
from server.domain import points
from server.domain.clock import shanghai_day
from server.domain.orgs import AccountKind

# Set while a sync applies a mutation that arrived too late to earn (SPEC §7: after 7 days the
# action is recorded but earns nothing).
LATE: ContextVar[bool] = ContextVar("gsdj_late", default=False)


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


async def lock_account(session: AsyncSession, account_id: int) -> str | None:
    """Serialise this account's points-bearing writes until the transaction ends; its kind.

    An action that decides *whether* it earns (first completion, newly covered seconds) takes
    this lock before reading, so two requests of one member cannot both decide "first".
    """
    return await session.scalar(
        # NO KEY UPDATE: serialises grants for this account without conflicting with the key-share
        # locks that foreign keys to the account take (those made FOR UPDATE deadlock).
        select(Account.kind)
        .where(Account.id == account_id)
        .with_for_update(key_share=True)  # FOR NO KEY UPDATE
    )


async def grant(
    session: AsyncSession,
    account_id: int,
    code: str,
    *,
    at: datetime,
    source: tuple[str, str],
    idempotency_key: str | None = None,
    wanted: int | None = None,
) -> Grant:
    """Grant the points of rule `code` for an action at instant `at`, within its cap.

    Call inside the write transaction of the action itself, so the action and its points commit
    or roll back together.
    """
    rule = points.RULES[code]
    day = shanghai_day(at)
    kind = await lock_account(session, account_id)
    if kind is None or AccountKind(kind) not in points.EARNERS:
        return Grant(code, 0, 0, rule.cap, "not_earner")
    if LATE.get():
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
