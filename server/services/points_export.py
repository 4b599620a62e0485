"""积分导出: members' points of one year by category, for the annual appraisal (SPEC §3), in the
caller's scope: a branch its own members (and the branch account's row: it earns the org-life
points), a 党总支 or 党委 every branch under it, the province everyone.

A province holds ~1.7 M members, so the answer is paged by the key (branch id, account id),
rows grouped by branch as the file shows them: each page seeks to its start through the
(org_id, id) index of accounts (a row-value comparison), is one grouped statement over the
page's accounts, which the (account_id, day) index of the ledger serves row by row, and one for
the page's branches' paths.

Each page reads the accounts' branches as they are when it is read; pages are not one snapshot.
A member moved to another branch while an export is being paged (a rare event against an export
of minutes) shows under both branches when the move goes ahead of the export's position, or in
neither when it goes behind; every other row is exact and appears once. Their points are the
same either way (the ledger follows the member). Export again after the move for an exact file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, bindparam, case, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from contract import schemas
from server import messages
from server.db.models import Account, Org, PointsLedger
from server.db.queries import OrgRow, read_connection
from server.db.unit import Unit
from server.domain import permissions, points
from server.domain.clock import shanghai_day
from server.domain.errors import forbidden, refused
from server.domain.orgs import ACCOUNT_KIND_NAMES, AccountKind, OrgKind
from server.services.context import Caller
from server.services.orgs import org_ref

FEATURE = "points_export"
# The accounts an export lists: those that earn (SPEC §3); a branch account's row carries the
# branch's org-life points.
_LISTED = [k.value for k in (AccountKind.MEMBER, AccountKind.BRANCH_ADMIN)]


def _page_statement(province_wide: bool) -> Any:
    a, o, ledger = Account.__table__.c, Org.__table__.c, PointsLedger.__table__.c
    where = [
        a.kind.in_(_LISTED),
        a.org_id.is_not(None),
        # A row value, not `org_id > :o OR (org_id = :o AND id > :a)`: the (org_id, id) index
        # seeks straight to the page's start instead of scanning from the first branch.
        tuple_(a.org_id, a.id)
        > tuple_(bindparam("after_org", type_=Integer), bindparam("after_account", type_=Integer)),
    ]
    if not province_wide:
        tree = select(o.id).where(o.id == bindparam("root")).cte("scope", recursive=True)
        tree = tree.union_all(select(o.id).where(o.parent_id == tree.c.id))
        where.append(a.org_id.in_(select(tree.c.id)))
    page = (
        select(a.id, a.username, a.display_name, a.kind, a.org_id, a.group_id)
        .where(*where)
        .order_by(a.org_id, a.id)
        .limit(bindparam("limit", type_=Integer))
        .subquery("page")
    )
    p = page.c
    branch, group = Org.__table__.alias("branch"), Org.__table__.alias("grp")

    def total(category: points.Category) -> Any:
        return func.coalesce(
            func.sum(case((ledger.category == category.value, ledger.points), else_=0)), 0
        )

    return (
        select(
            p.id,
            p.username,
            p.display_name,
            p.kind,
            p.org_id,
            branch.c.name,
            branch.c.code,
            group.c.name,
            total(points.Category.ORG_LIFE),
            total(points.Category.STUDY),
            total(points.Category.VANGUARD),
        )
        .select_from(
            page.outerjoin(
                PointsLedger.__table__,
                (ledger.account_id == p.id)
                & (ledger.day >= bindparam("first"))
                & (ledger.day <= bindparam("last")),
            )
            .join(branch, branch.c.id == p.org_id)
            .outerjoin(group, group.c.id == p.group_id)
        )
        .group_by(
            p.id,
            p.username,
            p.display_name,
            p.kind,
            p.org_id,
            branch.c.name,
            branch.c.code,
            group.c.name,
        )
        .order_by(p.org_id, p.id)
    )


_PAGES = {wide: _page_statement(wide) for wide in (False, True)}


def _ancestors_statement() -> Any:
    """The orgs `ids` and all their ancestors (id, parent_id, kind, name, code), in one query."""
    o = Org.__table__.c
    up = (
        select(o.id, o.parent_id, o.kind, o.name, o.code)
        .where(o.id.in_(bindparam("ids", expanding=True)))
        .cte("up", recursive=True)
    )
    up = up.union_all(
        select(o.id, o.parent_id, o.kind, o.name, o.code).where(o.id == up.c.parent_id)
    )
    return select(up.c.id, up.c.parent_id, up.c.kind, up.c.name, up.c.code).distinct()


_ANCESTORS = _ancestors_statement()


async def _paths(conn: AsyncConnection, ids: set[int]) -> dict[int, tuple[list[Any], str | None]]:
    """Each org's path from the province down (rows of id, parent_id, kind, name) and its code."""
    if not ids:
        return {}
    rows = {r[0]: r for r in (await conn.execute(_ANCESTORS, {"ids": sorted(ids)})).all()}
    out: dict[int, tuple[list[Any], str | None]] = {}
    for org_id in ids:
        path, node = [], rows.get(org_id)
        while node is not None:
            path.append(node)
            node = rows.get(node[1]) if node[1] is not None else None
        out[org_id] = (path[::-1], rows[org_id][4] if org_id in rows else None)
    return out


def _path_text(path: list[Any]) -> str:
    """The names below the province, e.g. 兰州市委 / 城关区委 / 某某党支部."""
    return " / ".join(r[3] for r in path if r[2] != OrgKind.PROVINCE.value) or (
        path[-1][3] if path else ""
    )


async def page(
    uow: Unit,
    caller: Caller,
    year: int,
    now: datetime,
    *,
    after_org: int = 0,
    after_account: int = 0,
    size: int = 2000,
) -> schemas.PointsExportPage:
    """One page of the export of `year` for the caller's scope; 403 for an account that may
    not export (members, the public), 422 for a year in the future or before the platform."""
    permissions.require(caller.kind, FEATURE)
    if caller.org_id is None:
        raise forbidden("no_org", messages.PUBLIC_HAS_NO_ORG)
    today = shanghai_day(now)
    period = points.export_period(year, today)
    if period is None:
        raise refused(
            "bad_year",
            messages.EXPORT_BAD_YEAR.format(
                first=points.EXPORT_FIRST_YEAR, this=today.year, year=year
            ),
        )
    first, last = period
    province_wide = caller.kind is AccountKind.PROVINCE_ADMIN
    async with read_connection(uow) as conn:
        result = await conn.execute(
            _PAGES[province_wide],
            {
                "root": caller.org_id,
                "after_org": after_org,
                "after_account": after_account,
                "limit": size,
                "first": first,
                "last": last,
            },
        )
        found = result.all()
        paths = await _paths(conn, {r[4] for r in found} | {caller.org_id})
    rows = [_row(r, paths) for r in found]
    scope_path, scope_code = paths[caller.org_id]
    more = len(rows) == size
    return schemas.PointsExportPage.model_construct(
        scope=org_ref(OrgRow(*scope_path[-1][:4])),
        scope_code=scope_code,
        scope_path=_path_text(scope_path),
        year=year,
        first_day=first.isoformat(),
        last_day=last.isoformat(),
        exported_at=now,
        exported_on=today.isoformat(),
        categories=[
            schemas.ExportCategory.model_construct(code=c.value, name=points.CATEGORY_NAMES[c])
            for c in (points.Category.ORG_LIFE, points.Category.STUDY, points.Category.VANGUARD)
        ],
        rows=rows,
        next_after_org=rows[-1].branch_id if more else None,
        next_after_account=rows[-1].account_id if more else None,
    )


def _row(r: Any, paths: dict[int, tuple[list[Any], str | None]]) -> schemas.PointsExportRow:
    org_life, study, vanguard = int(r[8]), int(r[9]), int(r[10])
    # Built without validation: ids, names and sums as the database types them.
    return schemas.PointsExportRow.model_construct(
        account_id=r[0],
        username=r[1],
        name=r[2],
        kind=r[3],
        kind_name=ACCOUNT_KIND_NAMES[AccountKind(r[3])],
        branch_id=r[4],
        branch_name=r[5],
        branch_code=r[6],
        branch_path=_path_text(paths[r[4]][0]),
        group=r[7],
        org_life=org_life,
        study=study,
        vanguard=vanguard,
        total=org_life + study + vanguard,
    )


__all__ = ["FEATURE", "page"]
