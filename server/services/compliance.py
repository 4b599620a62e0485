"""督办达标: the board the daily job computed, for a branch itself and for its upper orgs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from contract import schemas
from server import messages
from server.db.models import ComplianceRow
from server.db.queries import branches_in_scope, latest_daily_run
from server.db.unit import Unit
from server.domain import meetings as wf
from server.domain import permissions
from server.domain.clock import shanghai_day
from server.domain.points import PERIOD_NAMES
from server.services.context import Caller
from server.services.orgs import org_ref


async def board(uow: Unit, caller: Caller, now: datetime) -> schemas.ComplianceOut:
    """Green or red per branch and requirement as of the last daily run: a branch sees itself,
    a 党总支 its branches, a 党委 every branch under it."""
    permissions.require(caller.kind, "compliance")
    async with uow.read() as session:
        as_of = await latest_daily_run(session, shanghai_day(now))
        if as_of is None:
            return schemas.ComplianceOut(
                as_of=None, message=messages.COMPLIANCE_NOT_RUN, branches=[]
            )
        orgs, branches = await branches_in_scope(session, caller.org_id)
        scope = list(branches)
        rows = (
            await session.execute(
                select(ComplianceRow)
                .where(ComplianceRow.as_of == as_of, ComplianceRow.branch_id.in_(scope))
                .order_by(ComplianceRow.id)
            )
        ).scalars()
    by_branch: dict[int, list[schemas.ComplianceItem]] = {b: [] for b in scope}
    for r in rows:
        t = wf.MEETING_TYPES[r.type]
        by_branch[r.branch_id].append(
            schemas.ComplianceItem(
                type=t.code,
                type_name=t.name,
                group=org_ref(orgs[r.group_id]) if r.group_id else None,
                period=PERIOD_NAMES[t.period],
                period_start=r.period_start.isoformat(),
                held=r.held,
                previous_held=r.previous_held,
                overdue=r.overdue,
                green=r.green,
                reason=r.reason,
            )
        )
    ordered = sorted(scope, key=lambda b: (orgs[b].parent_id or 0, orgs[b].sort, b))
    return schemas.ComplianceOut(
        as_of=as_of.isoformat(),
        branches=[
            schemas.ComplianceBranch(
                branch=org_ref(orgs[b]),
                green=all(i.green for i in by_branch[b]),
                items=by_branch[b],
            )
            for b in ordered
        ],
    )
