"""Queries shared by several services (plain rows: the wire models are built in server/services)."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Account, JobRun, Org
from server.domain.errors import not_found
from server.domain.orgs import OrgKind


async def insert_if_absent(session: AsyncSession, model: type, **values: object) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on either backend; True when this call inserted the row.

    Safe under concurrency: of two racing inserts of one key, one inserts and the other waits
    for it and does nothing (no unique-violation error to turn into a 500)."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    result = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return bool(getattr(result, "rowcount", 0))


async def display_names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    """Account id → display name, for the ids given (one query)."""
    if not ids:
        return {}
    rows = await session.execute(
        select(Account.id, Account.display_name).where(Account.id.in_(ids))
    )
    return dict(rows.all())


M = TypeVar("M")


async def get_or_404(session: AsyncSession, model: type[M], key: Any, code: str, message: str) -> M:
    """The row with this primary key, or a 404 with the Chinese message."""
    row = await session.get(model, key)
    if row is None:
        raise not_found(code, message)
    return row


async def org_path(session: AsyncSession, org_id: int | None) -> list[Org]:
    """The org and its ancestors, from the province down. The tree is a few levels deep."""
    path: list[Org] = []
    while org_id is not None:
        org = await session.get(Org, org_id)
        if org is None:
            break
        path.append(org)
        org_id = org.parent_id
    return path[::-1]


async def branches_in_scope(
    session: AsyncSession, org_id: int | None, everything: bool = False
) -> tuple[dict[int, Org], dict[int, Org]]:
    """(every org by id, the branches that are `org_id` itself or lie under it); with
    `everything` (the province admin) all branches. One query: the tree is small."""
    orgs = {o.id: o for o in (await session.execute(select(Org))).scalars()}

    def under(o: Org) -> bool:
        node: int | None = o.id
        while node is not None:
            if node == org_id:
                return True
            node = orgs[node].parent_id if node in orgs else None
        return everything

    branches = {o.id: o for o in orgs.values() if o.kind == OrgKind.BRANCH.value and under(o)}
    return orgs, branches


DAILY_JOB = "daily"  # the job_runs name of the daily job (boards, totals, 督办达标)


async def latest_daily_run(session: AsyncSession, before: date) -> date | None:
    """The newest day with finished boards, up to `before` (the boards show yesterday)."""
    return await session.scalar(
        select(JobRun.day)
        .where(JobRun.job == DAILY_JOB, JobRun.day <= before, JobRun.finished_at.is_not(None))
        .order_by(JobRun.day.desc())
        .limit(1)
    )
