"""督办达标 (SPEC §5), computed by the daily job: each branch's standing on each meeting
requirement as of the end of a day. Not real time: the board shows the date of its run."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import ComplianceRow, Meeting, Org
from server.domain import meetings as wf
from server.domain.clock import SHANGHAI
from server.domain.orgs import OrgKind
from server.domain.points import Period, period_bounds

KEEP_DAYS = 7


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), SHANGHAI)


async def run_compliance(session: AsyncSession, as_of: date) -> int:
    """Replace the rows of `as_of`; the number written."""
    await session.execute(
        delete(ComplianceRow).where(
            (ComplianceRow.as_of == as_of)
            | (ComplianceRow.as_of < as_of - timedelta(days=KEEP_DAYS))
        )
    )
    # The longest period is a year and the board looks one period back.
    earliest, _ = period_bounds(date(as_of.year - 1, 1, 1), Period.YEAR)
    until = end_of(as_of)
    orgs = (
        await session.execute(select(Org.id, Org.parent_id, Org.kind).where(
            Org.kind.in_((OrgKind.BRANCH.value, OrgKind.GROUP.value))
        ))
    ).all()  # fmt: skip
    branches = [o.id for o in orgs if o.kind == OrgKind.BRANCH.value]
    groups: dict[int, list[int]] = {}
    for o in orgs:
        if o.kind == OrgKind.GROUP.value:
            groups.setdefault(o.parent_id, []).append(o.id)
    held: dict[int, list[wf.Held]] = {}
    rows = await session.execute(
        select(
            Meeting.branch_id, Meeting.type, Meeting.group_id, Meeting.starts_at,
            Meeting.completed_at, Meeting.stage,
        ).where(
            Meeting.starts_at >= datetime.combine(earliest, time(0), SHANGHAI),
            Meeting.starts_at < until,
        )
    )  # fmt: skip
    for r in rows.all():
        held.setdefault(r.branch_id, []).append(
            wf.Held(
                type=r.type,
                group_id=r.group_id,
                starts_at=r.starts_at,
                completed_at=r.completed_at,
                recorded=r.stage not in (wf.Step.NOTIFY.value, wf.Step.FEEDBACK.value),
            )
        )
    out = []
    for branch_id in branches:
        mine = held.get(branch_id, [])
        for t in wf.MEETING_TYPES.values():
            for group_id in sorted(groups.get(branch_id, [])) if t.per_group else [None]:
                c = wf.compliance(t, group_id, mine, as_of, until)
                out.append(
                    dict(
                        as_of=as_of, branch_id=branch_id, group_id=group_id, type=t.code,
                        period_start=c.period_start, held=c.held, previous_held=c.previous_held,
                        overdue=c.overdue, green=c.green, reason=c.reason,
                    )
                )  # fmt: skip
    for i in range(0, len(out), 1000):
        # Core, not the ORM's bulk path: one executemany instead of a statement per row.
        await session.execute(insert(ComplianceRow.__table__), out[i : i + 1000])
    return len(out)
