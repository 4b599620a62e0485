"""Notices: written in the transaction of the step that causes them, read by polling."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Account, Notice
from server.domain.orgs import AccountKind


async def tell(
    session: AsyncSession, account_ids: Iterable[int], text: str, link: str, at: datetime
) -> None:
    rows = [
        {"account_id": a, "at": at, "text": text[:300], "link": link, "read": False}
        for a in dict.fromkeys(account_ids)
    ]
    if rows:
        await session.execute(insert(cast(Table, Notice.__table__)), rows)  # Core executemany


async def admins_of(session: AsyncSession, org_id: int | None) -> list[int]:
    """The admin accounts of an org (a branch, 党总支 or 党委)."""
    if org_id is None:
        return []
    kinds = (
        AccountKind.BRANCH_ADMIN.value,
        AccountKind.GENERAL_BRANCH_ADMIN.value,
        AccountKind.COMMITTEE_ADMIN.value,
    )
    rows = await session.execute(
        select(Account.id).where(Account.org_id == org_id, Account.kind.in_(kinds))
    )
    return list(rows.scalars())
