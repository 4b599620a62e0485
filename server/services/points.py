"""我的积分, another member's points (same branch only), and the caller's ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from contract import schemas
from server import messages
from server.db.models import Account, PointsLedger
from server.db.queries import read_connection
from server.db.unit import Unit
from server.domain import points
from server.domain.clock import shanghai_day
from server.domain.errors import forbidden, not_found
from server.domain.orgs import AccountKind
from server.services.context import Caller
from server.services.orgs import account_out, caller_out


def _ledger_statement() -> Any:
    ledger = PointsLedger.__table__.c
    return (
        select(ledger.code, ledger.day, func.sum(ledger.points))
        .where(
            ledger.account_id == bindparam("account_id"),
            ledger.day >= bindparam("start"),
            ledger.day < bindparam("end"),
        )
        .group_by(ledger.code, ledger.day)
    )


# This year's rows of one account, per rule and day: one pass serves every period.
_YEAR_BY_RULE_AND_DAY = _ledger_statement()


async def _summary(
    conn: AsyncConnection | AsyncSession,
    account_id: int,
    account: schemas.AccountOut,
    now: datetime,
) -> schemas.PointsSummary:
    today = shanghai_day(now)
    year_start, year_end = points.period_bounds(today, points.Period.YEAR)
    rows = (
        await conn.execute(
            _YEAR_BY_RULE_AND_DAY, {"account_id": account_id, "start": year_start, "end": year_end}
        )
    ).all()
    by_category = {c: 0 for c in points.Category}
    earned_by_rule: dict[str, int] = {}
    bounds = {p: points.period_bounds(today, p) for p in points.Period}
    for code, day, n in rows:
        rule = points.RULES[code]
        by_category[rule.category] += int(n)
        start, end = bounds[rule.period]
        if start <= day < end:
            earned_by_rule[code] = earned_by_rule.get(code, 0) + int(n)
    # Built without validation: the values are the rules' own and sums from the ledger.
    progress = []
    for rule in points.RULES.values():
        earned = earned_by_rule.get(rule.code, 0)
        progress.append(
            schemas.RuleProgress.model_construct(
                code=rule.code,
                name=rule.name,
                category=rule.category.value,
                category_name=points.CATEGORY_NAMES[rule.category],
                points=rule.points,
                cap=rule.cap,
                period=rule.period.value,
                period_name=points.PERIOD_NAMES[rule.period],
                earned=earned,
                left=max(0, rule.cap - earned),
            )
        )
    return schemas.PointsSummary.model_construct(
        account=account,
        today=today.isoformat(),
        rules=progress,
        year=today.year,
        year_by_category=[
            schemas.CategoryTotal.model_construct(
                category=c.value, name=points.CATEGORY_NAMES[c], points=n
            )
            for c, n in by_category.items()
        ],
        year_total=sum(by_category.values()),
    )


async def _visible_account(session: AsyncSession, caller: Caller, account_id: int) -> Account:
    """A member's points are shown only inside their own branch (SPEC §3)."""
    account = await session.get(Account, account_id)
    if account is None:
        raise not_found("not_found", messages.NOT_FOUND)
    if account.id == caller.account_id:
        return account
    if AccountKind(account.kind) not in points.EARNERS:
        raise not_found("no_points", messages.NO_POINTS_ACCOUNT)
    same_branch = caller.org_id is not None and caller.org_id == account.org_id
    if not same_branch or caller.kind not in points.EARNERS:
        raise forbidden("other_branch", messages.POINTS_OTHER_BRANCH)
    return account


async def mine(uow: Unit, caller: Caller, now: datetime) -> schemas.PointsSummary:
    """我的积分: today per rule (earned / cap / left), this year per category. Real time."""
    async with read_connection(uow) as conn:
        return await _summary(conn, caller.account_id, caller_out(caller), now)


async def of_account(
    uow: Unit, caller: Caller, account_id: int, now: datetime
) -> schemas.PointsSummary:
    """Another account's points, for a member of the same branch; one's own always."""
    async with uow.read() as session:
        account = await _visible_account(session, caller, account_id)
        return await _summary(session, account.id, await account_out(session, account), now)


async def ledger_page(uow: Unit, caller: Caller, page: int, size: int) -> schemas.LedgerPage:
    """The ledger of the caller, newest first."""
    async with uow.read() as session:
        where = PointsLedger.account_id == caller.account_id
        total = await session.scalar(select(func.count()).select_from(PointsLedger).where(where))
        rows = (
            await session.execute(
                select(PointsLedger)
                .where(where)
                .order_by(PointsLedger.id.desc())
                .offset((page - 1) * size)
                .limit(size)
            )
        ).scalars()
        items = [
            schemas.LedgerItem(
                id=r.id,
                code=r.code,
                name=points.RULES[r.code].name,
                category=r.category,
                points=r.points,
                day=r.day.isoformat(),
                created_at=r.created_at,
                source_type=r.source_type,
                source_id=r.source_id,
            )
            for r in rows
        ]
    return schemas.LedgerPage(total=int(total or 0), page=page, size=size, items=items)
