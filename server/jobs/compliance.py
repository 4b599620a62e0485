"""督办达标 (SPEC §5), computed by the daily job: each branch's standing on each meeting
requirement as of the end of a day. Not real time: the board shows the date of its run.

One aggregate query per meeting type counts, per branch (and group), the meetings completed in the
current and the previous period and the overdue ones; the periods and the verdict come from
server.domain.meetings.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import ComplianceRow, Meeting, Org
from server.domain import meetings as wf
from server.domain.clock import SHANGHAI
from server.domain.orgs import OrgKind

KEEP_DAYS = 7


def midnight(day: date) -> datetime:
    """The instant an Asia/Shanghai day begins."""
    return datetime.combine(day, time(0), SHANGHAI)


def _count(condition):  # type: ignore[no-untyped-def]
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def _counts(
    session: AsyncSession, t: wf.MeetingType, p: wf.Periods, until: datetime
) -> dict[tuple[int, int | None], tuple[int, int, int]]:
    m = Meeting
    start, end, previous = midnight(p.start), midnight(p.end), midnight(p.previous_start)
    completed = and_(m.completed_at.is_not(None), m.completed_at < until)
    unrecorded = m.stage.in_((wf.Step.NOTIFY.value, wf.Step.FEEDBACK.value))
    group = m.group_id if t.per_group else None
    columns = [m.branch_id, m.group_id] if t.per_group else [m.branch_id]
    rows = await session.execute(
        select(
            *columns,
            _count(and_(completed, m.starts_at >= start, m.starts_at < end)),
            _count(and_(completed, m.starts_at < start)),
            _count(and_(unrecorded, m.starts_at <= until - wf.OVERDUE_AFTER)),
        )
        .where(m.type == t.code, m.starts_at >= previous, m.starts_at < until)
        .group_by(*columns)
    )
    out = {}
    for row in rows.all():
        key = (row[0], row[1] if group is not None else None)
        out[key] = tuple(int(v) for v in row[-3:])
    return out


async def run_compliance(session: AsyncSession, as_of: date) -> int:
    """Replace the rows of `as_of`; the number written."""
    await session.execute(
        delete(ComplianceRow).where(
            (ComplianceRow.as_of == as_of)
            | (ComplianceRow.as_of < as_of - timedelta(days=KEEP_DAYS))
        )
    )
    until = midnight(as_of + timedelta(days=1))
    orgs = (
        await session.execute(select(Org.id, Org.parent_id, Org.kind).where(
            Org.kind.in_((OrgKind.BRANCH.value, OrgKind.GROUP.value))
        ).order_by(Org.id))
    ).all()  # fmt: skip
    branches = [o.id for o in orgs if o.kind == OrgKind.BRANCH.value]
    groups: dict[int, list[int]] = {}
    for o in orgs:
        if o.kind == OrgKind.GROUP.value:
            groups.setdefault(o.parent_id, []).append(o.id)
    out = []
    for t in wf.MEETING_TYPES.values():
        p = wf.periods(t, as_of)
        counts = await _counts(session, t, p, until)
        for branch_id in branches:
            for group_id in groups.get(branch_id, []) if t.per_group else [None]:
                held, previous, overdue = counts.get((branch_id, group_id), (0, 0, 0))
                green, reason = wf.standing(t, p, held, previous, overdue)
                out.append(
                    dict(
                        as_of=as_of, branch_id=branch_id, group_id=group_id, type=t.code,
                        period_start=p.start, held=held, previous_held=previous,
                        overdue=overdue, green=green, reason=reason,
                    )
                )  # fmt: skip
    out.sort(key=lambda r: r["branch_id"])  # a branch's rows together, in type order
    for i in range(0, len(out), 1000):
        # Core, not the ORM's bulk path: one executemany instead of a statement per row.
        await session.execute(insert(ComplianceRow.__table__), out[i : i + 1000])
    return len(out)
