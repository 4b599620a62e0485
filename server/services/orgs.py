"""Organisations and accounts as the wire shows them; the org tree and the committee positions."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db.models import Account, CommitteePosition, Org
from server.db.queries import org_path
from server.db.unit import Unit
from server.domain.errors import forbidden
from server.domain.orgs import ACCOUNT_KIND_NAMES, ORG_KIND_NAMES, AccountKind, OrgKind
from server.services.context import Caller


def org_ref(org: Org) -> schemas.OrgRef:
    return schemas.OrgRef(
        id=org.id, name=org.name, kind=org.kind, kind_name=ORG_KIND_NAMES[OrgKind(org.kind)]
    )


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
    counts: dict[int | None, int] = {}
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


async def tree(uow: Unit, caller: Caller) -> schemas.OrgNode:
    """The caller's own org and everything under it (a member sees their branch and its groups);
    403 for an account of no org (the public)."""
    if caller.org_id is None:
        raise forbidden("no_org", messages.PUBLIC_HAS_NO_ORG)
    async with uow.read() as session:
        return await org_subtree(session, caller.org_id)


async def positions(uow: Unit) -> list[schemas.PositionOut]:
    """委员职位: the branch committee positions of the standardisation handbook."""
    async with uow.read() as session:
        rows = (
            await session.execute(select(CommitteePosition).order_by(CommitteePosition.sort))
        ).scalars()
        return [schemas.PositionOut(code=p.code, name=p.name) for p in rows]
