"""Queries shared by several routers."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server.db.models import Account, CommitteePosition, Org
from server.domain.errors import not_found
from server.domain.orgs import ACCOUNT_KIND_NAMES, ORG_KIND_NAMES, AccountKind, OrgKind


async def insert_if_absent(session: AsyncSession, model: type, **values: object) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on either backend; True when this call inserted the row.

    Safe under concurrency: of two racing inserts of one key, one inserts and the other waits
    for it and does nothing (no unique-violation error to turn into a 500)."""
    insert = sqlite_insert if session.bind.dialect.name == "sqlite" else pg_insert
    result = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)


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


def org_ref(org: Org) -> schemas.OrgRef:
    return schemas.OrgRef(
        id=org.id, name=org.name, kind=org.kind, kind_name=ORG_KIND_NAMES[OrgKind(org.kind)]
    )


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


async def account_out(session: AsyncSession, account: Account) -> schemas.AccountOut:
    path = await org_path(session, account.org_id)
    group = await session.get(Org, account.group_id) if account.group_id else None
    position = (
        await session.get(CommitteePosition, account.position_code)
        if account.position_code
        else None
    )
    return schemas.AccountOut(
        id=account.id,
        username=account.username,
        display_name=account.display_name,
        kind=account.kind,
        kind_name=ACCOUNT_KIND_NAMES[AccountKind(account.kind)],
        org=org_ref(path[-1]) if path else None,
        org_path=[org_ref(o) for o in path],
        group=org_ref(group) if group else None,
        position=position.name if position else None,
    )


async def org_subtree(session: AsyncSession, root_id: int) -> schemas.OrgNode:
    """The org and everything under it, with member counts, in two queries."""
    orgs = (await session.execute(select(Org).order_by(Org.sort, Org.id))).scalars().all()
    children: dict[int | None, list[Org]] = {}
    for org in orgs:
        children.setdefault(org.parent_id, []).append(org)
    counts: dict[int, int] = {}
    member = AccountKind.MEMBER.value
    for column in (Account.org_id, Account.group_id):
        rows = await session.execute(
            select(column, func.count())
            .where(Account.kind == member, column.is_not(None))
            .group_by(column)
        )
        for org_id, n in rows.all():
            counts[org_id] = counts.get(org_id, 0) + n
    by_id = {o.id: o for o in orgs}

    def build(org: Org) -> schemas.OrgNode:
        return schemas.OrgNode(
            id=org.id,
            name=org.name,
            kind=org.kind,
            kind_name=ORG_KIND_NAMES[OrgKind(org.kind)],
            members=counts.get(org.id, 0),
            children=[build(c) for c in children.get(org.id, [])],
        )

    return build(by_id[root_id])


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
