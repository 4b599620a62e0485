"""Organisations and accounts as the wire shows them; the org tree and the committee positions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import Row, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from contract import schemas
from server import messages
from server.db.models import Account, CommitteePosition, Org
from server.db.queries import OrgRow, org_path, org_path_and_group
from server.db.unit import Unit
from server.domain.errors import forbidden, not_found, refused
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


async def org_subtree(
    session: AsyncSession, root_id: int, depth: int | None = None
) -> schemas.OrgNode:
    """The org and what is under it, `depth` levels down (None: everything), with member counts
    and, for each org, how many orgs are directly under it (also where `depth` cut them off).
    Two statements that read only the subtree: a recursive select of it, and the counts within
    it (a province's tree no longer counts its 1.7 million members for a branch's question)."""
    o = Org.__table__.c
    level = literal(0).label("level")
    anchor = select(o.id, o.parent_id, o.kind, o.name, o.sort, level).where(o.id == root_id)
    sub_cte = anchor.cte("subtree", recursive=True)
    step = select(
        o.id, o.parent_id, o.kind, o.name, o.sort, (sub_cte.c.level + 1).label("level")
    ).join(sub_cte, o.parent_id == sub_cte.c.id)
    if depth is not None:
        step = step.where(sub_cte.c.level < depth)
    sub_cte = sub_cte.union_all(step)
    a = Account.__table__.c
    member = AccountKind.MEMBER.value
    rows = (await session.execute(select(sub_cte).order_by(sub_cte.c.sort, sub_cte.c.id))).all()
    # One statement for the members by org and by 党小组, and the orgs under the last level.
    inside = select(sub_cte.c.id)
    by_org = (
        select(literal("m").label("what"), a.org_id.label("org"), func.count().label("n"))
        .where(a.kind == member, a.org_id.in_(inside))
        .group_by(a.org_id)
    )
    by_group = (
        select(literal("m").label("what"), a.group_id.label("org"), func.count().label("n"))
        .where(a.kind == member, a.group_id.in_(inside))
        .group_by(a.group_id)
    )
    counted = [by_org, by_group]
    if depth is not None:
        last = select(sub_cte.c.id).where(sub_cte.c.level == depth)
        counted.append(
            select(literal("c").label("what"), o.parent_id.label("org"), func.count().label("n"))
            .where(o.parent_id.in_(last))
            .group_by(o.parent_id)
        )
    members: dict[int | None, int] = {}
    below: dict[int | None, int] = {}
    for what, org_id, n in (await session.execute(union_all(*counted))).all():
        into = members if what == "m" else below
        into[org_id] = into.get(org_id, 0) + n
    children: dict[int | None, list[Row[Any]]] = {}
    root = None
    for row in rows:
        if row.id == root_id:
            root = row
        else:
            children.setdefault(row.parent_id, []).append(row)

    def build(org: Row[Any]) -> schemas.OrgNode:
        under = children.get(org.id, [])
        return schemas.OrgNode(
            id=org.id,
            name=org.name,
            kind=org.kind,
            kind_name=ORG_KIND_NAMES[OrgKind(org.kind)],
            members=members.get(org.id, 0),
            child_count=len(under) or below.get(org.id, 0),
            children=[build(c) for c in under],
        )

    assert root is not None, f"org {root_id} not found"
    return build(root)


async def fitting_depth(session: AsyncSession, root_id: int, lines: int) -> int:
    """The most levels below the org whose orgs, with it, are at most `lines` (at least 1): a
    level's count at a time, over ids already within the budget, so at most one small statement
    per level however big the tree below."""
    o = Org.__table__.c
    level, total, depth = [root_id], 1, 0
    while level:
        below = (
            (await session.execute(select(o.id).where(o.parent_id.in_(level)).limit(lines + 1)))
            .scalars()
            .all()
        )
        if not below or (depth > 0 and total + len(below) > lines):
            return max(depth, 1)
        total += len(below)
        level, depth = list(below), depth + 1
    return max(depth, 1)


async def tree(
    uow: Unit,
    caller: Caller,
    root: int | None = None,
    depth: int | None = None,
    lines: int | None = None,
) -> schemas.OrgNode:
    """The caller's own org (or `root`, an org in its scope) and what is under it, `depth`
    levels down, or as many levels as fit in `lines` orgs (neither: everything; a member sees
    their branch and its groups); 403 for an account of no org (the public) and for a root
    outside the scope, 404 for an unknown one."""
    if caller.org_id is None:
        raise forbidden("no_org", messages.PUBLIC_HAS_NO_ORG)
    async with uow.read() as session:
        if root is not None and root != caller.org_id:
            await require_in_scope(session, caller, root)
        top = root or caller.org_id
        if depth is None and lines is not None:
            depth = await fitting_depth(session, top, lines)
        return await org_subtree(session, top, depth)


FIND_MAX_QUERY = 40  # characters of a name or code to find
FIND_LIMIT = 20  # orgs a find answers at most (a picker's list; more: type more of the name)


async def find(
    uow: Unit, caller: Caller, raw: str, kind: str | None, limit: int = FIND_LIMIT
) -> schemas.OrgFindOut:
    """The orgs of the caller's scope (its own org and those under it) whose name holds `raw`
    or whose code starts with it, of `kind` if asked: an exact name first, then the shortest
    names, each with the path above it (from under the caller's org) to tell two 第一党支部
    apart. A province's 100,000 orgs are one scan of the table; a 党委's, a walk of its subtree.
    422 for an empty or too long query or an unknown kind, 403 for an account of no org."""
    if caller.org_id is None:
        raise forbidden("no_org", messages.PUBLIC_HAS_NO_ORG)
    q = " ".join(raw.split())
    if not q:
        raise refused("org_find_empty", messages.ORG_FIND_EMPTY)
    if len(q) > FIND_MAX_QUERY:
        raise refused("org_find_too_long", messages.ORG_FIND_TOO_LONG.format(n=FIND_MAX_QUERY))
    if kind is not None and kind not in {k.value for k in OrgKind}:
        raise refused("org_kind_unknown", messages.ORG_KIND_UNKNOWN.format(kind=kind))
    o = Org.__table__.c
    wanted = [
        (
            o.name.contains(q, autoescape=True)
            | func.lower(o.code).startswith(q.lower(), autoescape=True)
        ),
        o.kind != OrgKind.GROUP.value if kind is None else o.kind == kind,
    ]
    async with uow.read() as session:
        top = await session.get(Org, caller.org_id)
        assert top is not None
        statement = select(o.id, o.parent_id, o.name, o.kind, o.code)
        if top.parent_id is not None:  # not the province: only its subtree
            anchor = select(o.id).where(o.id == top.id)
            sub = anchor.cte("scope", recursive=True)
            sub = sub.union_all(select(o.id).join(sub, o.parent_id == sub.c.id))
            wanted.append(o.id.in_(select(sub.c.id)))
        rows = (
            await session.execute(
                statement.where(*wanted)
                .order_by((o.name != q), func.length(o.name), o.sort, o.id)
                .limit(limit + 1)
            )
        ).all()
        more, rows = len(rows) > limit, rows[:limit]
        names = await _ancestors(session, [r.parent_id for r in rows if r.parent_id], top.id)

    def path(parent_id: int | None) -> str:
        chain: list[str] = []
        while parent_id is not None and parent_id in names:
            name, parent_id = names[parent_id]
            chain.append(name)
        return " › ".join(reversed(chain))

    return schemas.OrgFindOut(
        query=q,
        more=more,
        items=[
            schemas.OrgFound(
                id=r.id, name=r.name, kind=r.kind, kind_name=ORG_KIND_NAMES[OrgKind(r.kind)],
                code=r.code, path=path(r.parent_id if r.id != top.id else None),
            )
            for r in rows
        ],
    )  # fmt: skip


async def _ancestors(
    session: AsyncSession, ids: list[int], stop: int
) -> dict[int, tuple[str, int | None]]:
    """(name, parent id) of each org in `ids` and those above it, up to and not including
    `stop` (the caller's own org, which a path leaves out): one recursive statement."""
    if not ids:
        return {}
    o = Org.__table__.c
    up = select(o.id, o.parent_id, o.name).where(o.id.in_(set(ids)), o.id != stop)
    chain = up.cte("above", recursive=True)
    chain = chain.union_all(
        select(o.id, o.parent_id, o.name).join(chain, o.id == chain.c.parent_id).where(o.id != stop)
    )
    rows = (await session.execute(select(chain.c.id, chain.c.name, chain.c.parent_id))).all()
    return {r.id: (r.name, r.parent_id if r.parent_id != stop else None) for r in rows}


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
