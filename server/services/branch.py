"""我的支部 (issue 16, the FAQ's module): a branch's profile — name, path, 领域, 书记 and 委员 by
position, 党小组 with their members, member count and this year's org-life tally. Members of
the branch, its admin and the upper orgs (branches in scope) read it; only the branch's own
admin edits it (领域, 党小组; 委员 through 账号管理's 委员职位)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db import audit
from server.db.models import Account, CommitteePosition, Meeting, Org, PointsLedger
from server.db.queries import org_path
from server.db.unit import Unit
from server.domain.clock import shanghai_day
from server.domain.errors import conflict, forbidden, not_found, refused
from server.domain.imports import remember_edit
from server.domain.meetings import MEETING_TYPES
from server.domain.orgs import BRANCH_FIELD_NAMES, AccountKind, BranchField, OrgKind
from server.domain.points import Category
from server.services.context import Caller
from server.services.orgs import org_ref, require_in_scope

SECRETARY = "secretary"  # the 委员职位 code of 书记 (committee_positions)


def _may_edit(caller: Caller, branch_id: int) -> bool:
    return caller.kind == AccountKind.BRANCH_ADMIN and caller.org_id == branch_id


async def _branch(session: AsyncSession, caller: Caller, branch_id: int | None) -> Org:
    """The branch (the caller's own by default) when the caller may read it: its members and
    admin, or an upper org whose scope holds it."""
    target = branch_id if branch_id is not None else caller.org_id
    if target is None:
        raise forbidden("branch_forbidden", messages.BRANCH_FORBIDDEN)
    if target != caller.org_id:
        if caller.kind in (AccountKind.MEMBER, AccountKind.BRANCH_ADMIN, AccountKind.PUBLIC):
            raise forbidden("branch_forbidden", messages.BRANCH_FORBIDDEN)
        await require_in_scope(session, caller, target)
    org = await session.get(Org, target)
    if org is None or org.kind != OrgKind.BRANCH.value:
        raise not_found("branch_not_found", messages.ORG_NOT_FOUND)
    return org


async def profile(
    uow: Unit, caller: Caller, branch_id: int | None, now: datetime
) -> schemas.BranchProfileOut:
    """The profile. The org-life tally (our reading of the FAQ): the 组织生活 points the branch
    account earned this Beijing year, and the meetings completed this year per meeting type."""
    async with uow.read() as session:
        org = await _branch(session, caller, branch_id)
        return await _profile(session, caller, org, now)


async def _profile(
    session: AsyncSession, caller: Caller, org: Org, now: datetime
) -> schemas.BranchProfileOut:
    path = await org_path(session, org.id)
    groups = (
        (
            await session.execute(
                select(Org)
                .where(Org.parent_id == org.id, Org.kind == OrgKind.GROUP.value)
                .order_by(Org.sort, Org.id)
            )
        )
        .scalars()
        .all()
    )
    positions = {p.code: p for p in (await session.execute(select(CommitteePosition))).scalars()}
    members = (
        (
            await session.execute(
                select(Account)
                .where(
                    Account.org_id == org.id,
                    Account.kind == AccountKind.MEMBER.value,
                    Account.active.is_(True),
                )
                .order_by(Account.id)
            )
        )
        .scalars()
        .all()
    )
    year = shanghai_day(now).year
    start, end = date(year, 1, 1), date(year, 12, 31)
    org_life = (
        await session.execute(
            select(func.coalesce(func.sum(PointsLedger.points), 0))
            .join(Account, Account.id == PointsLedger.account_id)
            .where(
                Account.org_id == org.id,
                Account.kind == AccountKind.BRANCH_ADMIN.value,
                PointsLedger.category == Category.ORG_LIFE.value,
                PointsLedger.day >= start,
                PointsLedger.day <= end,
            )
        )
    ).scalar_one()
    done: dict[str, int] = {}
    completed = await session.execute(
        select(Meeting.type, Meeting.completed_at).where(
            Meeting.branch_id == org.id, Meeting.completed_at.is_not(None)
        )
    )
    for type_code, at in completed.all():
        if at is not None and shanghai_day(at).year == year:
            done[type_code] = done.get(type_code, 0) + 1

    def member(a: Account) -> schemas.BranchMemberOut:
        p = positions.get(a.position_code) if a.position_code else None
        return schemas.BranchMemberOut(
            id=a.id, display_name=a.display_name, position=p.name if p else None
        )

    committee = sorted(
        (a for a in members if a.position_code in positions),
        key=lambda a: (positions[a.position_code or ""].sort, a.id),
    )
    secretary = next((a for a in committee if a.position_code == SECRETARY), None)
    field = BranchField(org.field) if org.field in set(BRANCH_FIELD_NAMES) else None
    return schemas.BranchProfileOut(
        id=org.id,
        name=org.name,
        code=org.code,
        path=[org_ref(o) for o in path],
        field=field.value if field else None,
        field_name=BRANCH_FIELD_NAMES[field] if field else None,
        secretary=secretary.display_name if secretary else None,
        committee=[
            schemas.BranchCommitteeOut(
                position_code=a.position_code or "",
                position=positions[a.position_code or ""].name,
                account_id=a.id,
                display_name=a.display_name,
            )
            for a in committee
        ],
        groups=[
            schemas.BranchGroupOut(
                id=g.id,
                name=g.name,
                members=[member(a) for a in members if a.group_id == g.id],
            )
            for g in groups
        ],
        ungrouped=[member(a) for a in members if a.group_id not in {g.id for g in groups}],
        member_count=len(members),
        year=year,
        org_life_points=int(org_life),
        meetings=[
            schemas.MeetingTallyOut(type=t.code, name=t.name, completed=done.get(t.code, 0))
            for t in MEETING_TYPES.values()
        ],
        may_edit=_may_edit(caller, org.id),
        fields=[schemas.PositionOut(code=f.value, name=n) for f, n in BRANCH_FIELD_NAMES.items()],
    )


async def _editable(session: AsyncSession, caller: Caller, branch_id: int) -> Org:
    org = await _branch(session, caller, branch_id)
    if not _may_edit(caller, org.id):
        raise forbidden("branch_edit_forbidden", messages.BRANCH_EDIT_FORBIDDEN)
    return org


async def set_field(
    uow: Unit, caller: Caller, branch_id: int, code: str, now: datetime
) -> schemas.BranchProfileOut:
    """领域: one of server.domain.orgs.BranchField."""
    if code not in {f.value for f in BranchField}:
        raise refused("field_unknown", messages.BRANCH_FIELD_UNKNOWN.format(code=code))
    async with uow.write() as session:
        org = await _editable(session, caller, branch_id)
        if org.field != code:
            old = BRANCH_FIELD_NAMES.get(BranchField(org.field)) if org.field else None
            # A re-import whose file still holds the old 领域 keeps this one.
            org.local_edits = remember_edit(org.local_edits, {"field": org.field})
            org.field = code
            await audit.record(
                session, at=now, actor_id=caller.account_id, org_id=org.id,
                action="branch_field",
                detail=f"领域:{old or '无'} → {BRANCH_FIELD_NAMES[BranchField(code)]}",
            )  # fmt: skip
        await session.flush()
        return await _profile(session, caller, org, now)


async def _unique_group_name(session: AsyncSession, branch_id: int, name: str) -> str:
    name = name.strip()
    if not name:
        raise refused("group_name_empty", messages.GROUP_NAME_EMPTY)
    taken = await session.execute(
        select(Org.id).where(Org.parent_id == branch_id, Org.name == name)
    )
    if taken.first() is not None:
        raise conflict("group_name_taken", messages.GROUP_NAME_TAKEN.format(name=name))
    return name


async def add_group(
    uow: Unit, caller: Caller, branch_id: int, name: str, now: datetime
) -> schemas.BranchProfileOut:
    """A new 党小组 under the branch (its 市州 the branch's)."""
    async with uow.write() as session:
        org = await _editable(session, caller, branch_id)
        name = await _unique_group_name(session, org.id, name)
        sort = (
            await session.execute(
                select(func.coalesce(func.max(Org.sort), 0)).where(Org.parent_id == org.id)
            )
        ).scalar_one()
        session.add(
            Org(parent_id=org.id, kind=OrgKind.GROUP.value, name=name, sort=sort + 1,
                city=org.city)
        )  # fmt: skip
        await audit.record(
            session, at=now, actor_id=caller.account_id, org_id=org.id,
            action="group_add", detail=f"新增党小组:{name}",
        )  # fmt: skip
        await session.flush()
        return await _profile(session, caller, org, now)


async def rename_group(
    uow: Unit, caller: Caller, branch_id: int, group_id: int, name: str, now: datetime
) -> schemas.BranchProfileOut:
    async with uow.write() as session:
        org = await _editable(session, caller, branch_id)
        group = await session.get(Org, group_id)
        if group is None or group.parent_id != org.id or group.kind != OrgKind.GROUP.value:
            raise not_found("group_not_found", messages.GROUP_NOT_FOUND)
        if group.name != name.strip():
            name = await _unique_group_name(session, org.id, name)
            group.local_edits = remember_edit(group.local_edits, {"name": group.name})
            old, group.name = group.name, name
            await audit.record(
                session, at=now, actor_id=caller.account_id, org_id=org.id,
                action="group_rename", detail=f"党小组改名:{old} → {name}",
            )  # fmt: skip
        await session.flush()
        return await _profile(session, caller, org, now)
