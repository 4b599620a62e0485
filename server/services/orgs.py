"""Organisations and accounts as the wire shows them; the org tree and the committee positions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from contract import schemas
from server import messages
from server.db.models import Account, CommitteePosition, Org
from server.db.queries import OrgRow, org_path, org_path_and_group
from server.db.unit import Unit
from server.domain.errors import forbidden, not_found
from server.domain.orgs import ACCOUNT_KIND_NAMES, ORG_KIND_NAMES, AccountKind, OrgKind
from server.services.context import Caller


class OrgLike(Protocol):
    """A mapped Org or a plain OrgRow."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...


def org_ref(org: OrgLike) -> schemas.OrgRef:
    # Built without validation: every value comes from the orgs table as the model types it.
    return schemas.OrgRef.model_construct(
        id=org.id, name=org.name, kind=org.kind, kind_name=ORG_KIND_NAMES[OrgKind(org.kind)]
    )


def _account_model(
    account_id: int,
    username: str,
    display_name: str,
    kind: str,
    path: Sequence[OrgRow],
    group: OrgRow | None,
    position: str | None,
) -> schemas.AccountOut:
    return schemas.AccountOut.model_construct(
        id=account_id,
        username=username,
        display_name=display_name,
        kind=kind,
        kind_name=ACCOUNT_KIND_NAMES[AccountKind(kind)],
        org=org_ref(path[-1]) if path else None,
        org_path=[org_ref(o) for o in path],
        group=org_ref(group) if group else None,
        position=position,
    )


async def account_out(session: AsyncSession, account: Account) -> schemas.AccountOut:
    path, group = await org_path_and_group(session, account.org_id, account.group_id)
    position = (
        await session.get(CommitteePosition, account.position_code)
        if account.position_code
        else None
    )
    return _account_model(
        account.id,
        account.username,
        account.display_name,
        account.kind,
        path,
        group,
        position.name if position else None,
    )


def caller_out(caller: Caller) -> schemas.AccountOut:
    """The caller's own account as the wire shows it, as this request's authentication read
    it (with its org path and 党小组)."""
    out = _account_model(
        caller.account_id,
        caller.username,
        caller.display_name,
        caller.kind.value,
        caller.org_path,
        caller.group,
        caller.position,
    )
    if caller.must_change_password:
        out.must_change_password = True
    return out


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


async def require_in_scope(
    conn: AsyncConnection | AsyncSession, caller: Caller, org_id: int
) -> list[OrgRow]:
    """The org's path from the province down, when the org is the caller's own or lies under it
    (the province admin's scope is everything); 404 for an unknown org, 403 outside the scope.
    Every admin action on an org or its accounts passes here first."""
    path = await org_path(conn, org_id)
    if not path:
        raise not_found("org_not_found", messages.ORG_NOT_FOUND)
    if caller.org_id is None or all(o.id != caller.org_id for o in path):
        raise forbidden("out_of_scope", messages.ORG_OUT_OF_SCOPE)
    return path
