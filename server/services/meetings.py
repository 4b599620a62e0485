"""在线用标: meetings of a branch through the workflow of their type, and the 会议时间轴.

Every rule is in server.domain.meetings; this module loads a meeting, asks the engine, writes
the step with its actor and time, and grants the org-life points when a meeting reaches 完成.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import limits, schemas
from server import messages
from server.db import ledger, notices
from server.db.models import (
    Account,
    Meeting,
    MeetingAttachment,
    MeetingAttendee,
    MeetingEvent,
    Org,
)
from server.db.queries import OrgRow, display_names, insert_if_absent, read_connection
from server.db.unit import Unit
from server.domain import meetings as wf
from server.domain import permissions, points
from server.domain.errors import DomainError, conflict, forbidden, not_found, refused, too_large
from server.domain.orgs import AccountKind
from server.services import rates
from server.services.context import Act, Caller
from server.services.orgs import OrgLike, org_ref

UPPER_KINDS = (AccountKind.COMMITTEE_ADMIN, AccountKind.GENERAL_BRANCH_ADMIN)
STATE_FILTERS = ("active", "review", "done", "overdue")


def _type(code: str) -> wf.MeetingType:
    t = wf.MEETING_TYPES.get(code)
    if t is None:
        raise refused("meeting_type_unknown", messages.MEETING_TYPE_UNKNOWN.format(code=code))
    return t


def types() -> list[schemas.MeetingTypeOut]:
    return [
        schemas.MeetingTypeOut(
            code=t.code,
            name=t.name,
            steps=[t.step_name(s) for s in t.steps],
            quorum=t.quorum,
            review=t.review,
            per_group=t.per_group,
        )
        for t in wf.MEETING_TYPES.values()
    ]


# Loading and judging ---------------------------------------------------------------------------


class MeetingRow(NamedTuple):
    """A meeting as the lists read it (plain columns, no mapped object)."""

    id: int
    branch_id: int
    group_id: int | None
    type: str
    title: str
    place: str
    starts_at: datetime
    quorum_pct: int | None
    stage: str
    round: int
    reject_reason: str | None
    shared_at: datetime | None


class Feedback(Protocol):
    @property
    def answer(self) -> str | None: ...
    @property
    def reason(self) -> str | None: ...


class _Meeting:
    """A meeting with what the engine and the screens need: its orgs, counts and the caller's
    role."""

    m: Meeting | MeetingRow

    def __init__(
        self,
        m: Meeting | MeetingRow,
        branch: OrgLike,
        upper: OrgLike | None,
        group: OrgLike | None,
        counts: dict[str | None, int],
    ) -> None:
        self.m, self.branch, self.upper, self.group = m, branch, upper, group
        self.notified = sum(counts.values())
        self.attending = counts.get("attend", 0)
        self.leave = counts.get("leave", 0)
        self.answered = self.attending + self.leave
        self.type = wf.MEETING_TYPES[m.type]

    def state(self, now: datetime) -> wf.State:
        return wf.State(
            type=self.type,
            stage=wf.Step(self.m.stage),
            starts_at=self.m.starts_at,
            notified=self.notified,
            attending=self.attending,
            answered=self.answered,
            quorum_pct=self.m.quorum_pct,
            now=now,
        )

    @property
    def upper_name(self) -> str:
        return self.upper.name if self.upper else "上级党组织"


class Loaded(_Meeting):
    """A meeting as the actions load it: the mapped row, which they change."""

    m: Meeting

    def __init__(
        self,
        m: Meeting,
        branch: OrgLike,
        upper: OrgLike | None,
        group: OrgLike | None,
        counts: dict[str | None, int],
    ) -> None:
        super().__init__(m, branch, upper, group, counts)


class Listed(_Meeting):
    """A meeting as the lists read it: plain columns."""

    m: MeetingRow


async def _counts(
    session: AsyncSession, meeting_ids: list[int]
) -> dict[int, dict[str | None, int]]:
    rows = await session.execute(
        select(MeetingAttendee.meeting_id, MeetingAttendee.answer, func.count())
        .where(MeetingAttendee.meeting_id.in_(meeting_ids))
        .group_by(MeetingAttendee.meeting_id, MeetingAttendee.answer)
    )
    out: dict[int, dict[str | None, int]] = {i: {} for i in meeting_ids}
    for meeting_id, answer, n in rows.all():
        out[meeting_id][answer] = n
    return out


async def _load(session: AsyncSession, meetings: list[Meeting]) -> list[Loaded]:
    if not meetings:
        return []
    org_ids = {m.branch_id for m in meetings} | {m.group_id for m in meetings if m.group_id}
    orgs = {
        o.id: o for o in (await session.execute(select(Org).where(Org.id.in_(org_ids)))).scalars()
    }
    parent_ids = {orgs[m.branch_id].parent_id for m in meetings} - {None}
    parents = {
        o.id: o
        for o in (await session.execute(select(Org).where(Org.id.in_(parent_ids)))).scalars()
    }
    counts = await _counts(session, [m.id for m in meetings])
    out = []
    for m in meetings:
        branch = orgs[m.branch_id]
        upper = parents.get(branch.parent_id) if branch.parent_id else None
        group = orgs.get(m.group_id) if m.group_id else None
        out.append(Loaded(m, branch, upper, group, counts[m.id]))
    return out


async def _role(session: AsyncSession, caller: Caller, x: Loaded) -> wf.Role | None:
    if caller.kind == AccountKind.BRANCH_ADMIN and caller.org_id == x.m.branch_id:
        return wf.Role.BRANCH
    if caller.kind in UPPER_KINDS and x.upper is not None and caller.org_id == x.upper.id:
        return wf.Role.UPPER
    attendee = await session.get(MeetingAttendee, (x.m.id, caller.account_id))
    return wf.Role.ATTENDEE if attendee is not None else None


def _visible(role: wf.Role | None, x: Loaded) -> bool:
    # The upper org reads a meeting once it was submitted (报审) or filed (报备); nobody else
    # outside the branch and its notified members sees it (SPEC §4).
    return role in (wf.Role.BRANCH, wf.Role.ATTENDEE) or (
        role == wf.Role.UPPER and x.m.shared_at is not None
    )


async def _open(
    session: AsyncSession, caller: Caller, meeting_id: int, *, lock: bool = False
) -> tuple[Loaded, wf.Role | None]:
    query = select(Meeting).where(Meeting.id == meeting_id)
    if lock:
        query = query.with_for_update()
    m = await session.scalar(query)
    if m is None:
        raise not_found("meeting_not_found", messages.MEETING_NOT_FOUND)
    [x] = await _load(session, [m])
    role = await _role(session, caller, x)
    if not _visible(role, x):
        raise not_found("meeting_not_found", messages.MEETING_NOT_FOUND)
    return x, role


def _judge(x: Loaded, action: str, role: wf.Role | None, now: datetime) -> wf.State:
    s = x.state(now)
    wf.check(s, wf.ACTIONS[action], role, x.upper_name)
    return s


# Answers ---------------------------------------------------------------------------------------


def _row(x: _Meeting, now: datetime, mine: Feedback | None = None) -> dict[str, Any]:
    s = x.state(now)
    node = wf.current_node(s)
    return dict(
        id=x.m.id,
        type=x.type.code,
        type_name=x.type.name,
        title=x.m.title,
        place=x.m.place,
        starts_at=x.m.starts_at,
        branch=org_ref(x.branch),
        branch_path=" › ".join(o.name for o in (x.upper, x.branch) if o is not None),
        group=org_ref(x.group) if x.group else None,
        node=node.value,
        node_name=x.type.step_name(node),
        wait=wf.wait_reason(s, x.upper_name, x.m.reject_reason),
        overdue=s.overdue,
        done=node == wf.Step.DONE,
        round=x.m.round,
        notified=x.notified,
        attending=x.attending,
        leave=x.leave,
        my_answer=mine.answer if mine else None,
        my_reason=mine.reason if mine else None,
    )


def _available(x: _Meeting, role: wf.Role | None, now: datetime) -> list[str]:
    out = []
    state = x.state(now)
    for code, action in wf.ACTIONS.items():
        try:
            wf.check(state, action, role, x.upper_name)
        except DomainError:
            continue
        out.append(code)
    return out


async def _detail(
    session: AsyncSession, x: Loaded, role: wf.Role | None, caller: Caller, now: datetime
) -> schemas.MeetingOut:
    m = x.m
    events = list(
        (
            await session.execute(
                select(MeetingEvent)
                .where(MeetingEvent.meeting_id == m.id)
                .order_by(MeetingEvent.at, MeetingEvent.id)
            )
        ).scalars()
    )
    attendees = list(
        (
            await session.execute(
                select(MeetingAttendee, Account.display_name, Org.name)
                .join(Account, Account.id == MeetingAttendee.account_id)
                .outerjoin(Org, Org.id == Account.group_id)
                .where(MeetingAttendee.meeting_id == m.id)
                .order_by(Account.username)
            )
        ).all()
    )
    names = await display_names(session, {e.actor_id for e in events})
    s = x.state(now)
    node = wf.current_node(s)
    # The latest event of each step's action(s) marks it done with its actor and time.
    done_by: dict[wf.Step, MeetingEvent] = {}
    for e in events:
        action = wf.ACTIONS.get(e.action)
        step = action.step if action else wf.Step(e.action)
        if e.action != "reject":
            done_by[step] = e
    timeline = []
    reached = True
    for step in x.type.steps:
        if step == node:
            status, reached = "current", False
        elif reached:
            status = "done"
        else:
            status = "pending"
        if node == wf.Step.DONE and step == wf.Step.DONE:
            status = "done"
        by = done_by.get(step) if status == "done" else None
        timeline.append(
            schemas.TimelineNode(
                step=step.value,
                name=x.type.step_name(step),
                status=status,
                at=by.at if by else (m.completed_at if step == wf.Step.DONE else None),
                actor=names.get(by.actor_id) if by else None,
                wait=wf.wait_reason(s, x.upper_name, m.reject_reason)
                if status == "current"
                else None,
            )
        )
    mine = next((a for a, _, _ in attendees if a.account_id == caller.account_id), None)
    see_all = role in (wf.Role.BRANCH, wf.Role.UPPER)
    attachments = (
        await session.execute(
            select(MeetingAttachment.id, MeetingAttachment.name, MeetingAttachment.size,
                   MeetingAttachment.uploaded_at)
            .where(MeetingAttachment.meeting_id == m.id)
            .order_by(MeetingAttachment.id)
        )
    ).all()  # fmt: skip
    action_names = {code: a.name for code, a in wf.ACTIONS.items()} | {"create": "创建"}
    actions = _available(x, role, now)
    return schemas.MeetingOut(
        **_row(x, now, mine),
        quorum_pct=(m.quorum_pct or wf.DEFAULT_QUORUM_PCT) if x.type.quorum else None,
        review=x.type.review,
        upper=org_ref(x.upper) if x.upper else None,
        record_text=m.record_text if see_all else None,
        summary_text=m.summary_text if see_all else None,
        attachments=[
            schemas.AttachmentOut(id=a.id, name=a.name, size=a.size, uploaded_at=a.uploaded_at)
            for a in attachments
        ]
        if see_all
        else [],
        timeline=timeline,
        history=[
            schemas.MeetingEventOut(
                action=e.action,
                name=action_names.get(e.action, e.action),
                round=e.round,
                actor=names.get(e.actor_id, ""),
                at=e.at,
                note=e.note if see_all else None,
            )
            for e in events
        ],
        attendees=[
            schemas.AttendeeOut(
                account_id=a.account_id,
                name=name,
                group=group,
                answer=a.answer,
                reason=a.reason,
                answered_at=a.answered_at,
            )
            for a, name, group in attendees
        ]
        if see_all
        else [],
        actions=actions,
        action_names={a: action_names[a] for a in actions},
    )


# Lists -----------------------------------------------------------------------------------------


def _matches(row: dict[str, Any], state: str | None) -> bool:
    if state is None:
        return True
    if state == "done":
        return bool(row["done"])
    if state == "overdue":
        return bool(row["overdue"])
    if state == "review":
        return bool(row["node"] == wf.Step.REVIEW.value)
    return not row["done"] and not row["overdue"]  # active


def _list_statement(scope: str, typed: bool) -> Any:
    """The meetings of a list with their branch, its upper org, their 党小组 and their attendee
    counts, in one statement (the counts by the attendees' primary key, per meeting).
    scope: "branch" (a branch admin's own), "upper" (shared by the branches under :org_id) or
    "mine" (the meetings :account_id was notified of, with its feedback)."""
    m, ma = Meeting.__table__.c, MeetingAttendee.__table__
    branch, upper, group = (Org.__table__.alias(n) for n in ("branch", "upper_org", "grp"))
    att = MeetingAttendee.__table__.alias("att")

    def count(*where: Any) -> Any:
        return select(func.count()).where(att.c.meeting_id == m.id, *where).scalar_subquery()

    columns = [
        *(m[f] for f in MeetingRow._fields),
        branch.c.id, branch.c.parent_id, branch.c.kind, branch.c.name,
        upper.c.id, upper.c.parent_id, upper.c.kind, upper.c.name,
        group.c.id, group.c.parent_id, group.c.kind, group.c.name,
        count(), count(att.c.answer == "attend"), count(att.c.answer == "leave"),
    ]  # fmt: skip
    source = (
        Meeting.__table__.join(branch, branch.c.id == m.branch_id)
        .outerjoin(upper, upper.c.id == branch.c.parent_id)
        .outerjoin(group, group.c.id == m.group_id)
    )
    if scope == "mine":
        columns += [ma.c.answer, ma.c.reason]
        source = source.join(ma, ma.c.meeting_id == m.id)
        where = [ma.c.account_id == bindparam("account_id")]
    elif scope == "branch":
        where = [m.branch_id == bindparam("org_id")]
    else:
        where = [branch.c.parent_id == bindparam("org_id"), m.shared_at.is_not(None)]
    if typed:
        where.append(m.type == bindparam("type"))
    return (
        select(*columns).select_from(source).where(*where).order_by(m.starts_at.desc(), m.id.desc())
    )


_LISTS = {
    (scope, typed): _list_statement(scope, typed)
    for scope in ("branch", "upper", "mine")
    for typed in (False, True)
}
_FIELDS = len(MeetingRow._fields)


async def _listed(
    uow: Unit, scope: str, params: dict[str, Any]
) -> list[tuple[Listed, Sequence[Any]]]:
    """The meetings of a list, each with the columns after its counts (the caller's feedback)."""
    statement = _LISTS[scope, params.get("type") is not None]
    async with read_connection(uow) as conn:
        rows = (await conn.execute(statement, params)).all()
    out: list[tuple[Listed, Sequence[Any]]] = []
    n = _FIELDS
    for r in rows:
        upper = OrgRow(*r[n + 4 : n + 8]) if r[n + 4] is not None else None
        group = OrgRow(*r[n + 8 : n + 12]) if r[n + 8] is not None else None
        notified, attending, leave = r[n + 12 : n + 15]
        counts = {"attend": attending, "leave": leave, None: notified - attending - leave}
        loaded = Listed(MeetingRow(*r[:n]), OrgRow(*r[n : n + 4]), upper, group, counts)
        out.append((loaded, r[n + 15 :]))
    return out


class _Answer(NamedTuple):
    answer: str | None
    reason: str | None


async def meetings(
    uow: Unit, caller: Caller, now: datetime, type: str | None, state: str | None
) -> list[schemas.MeetingRowOut]:
    """The branch's meetings for its admin; for a 党总支 or 党委, the meetings its branches
    have submitted or filed (state=review: the review queue)."""
    permissions.require(caller.kind, "meetings")
    if type is not None:
        _type(type)
    scope = "branch" if caller.kind == AccountKind.BRANCH_ADMIN else "upper"
    loaded = await _listed(uow, scope, {"org_id": caller.org_id, "type": type})
    # What the caller may do with each (a 党总支's 审核通过 only while it waits for review):
    # the terminal offers those keys and no others.
    role = wf.Role.BRANCH if caller.kind == AccountKind.BRANCH_ADMIN else wf.Role.UPPER
    rows = [_row(x, now) | {"actions": _available(x, role, now)} for x, _ in loaded]
    # Built without validation: every value is a column or the engine's own.
    return [schemas.MeetingRowOut.model_construct(**r) for r in rows if _matches(r, state)]


async def my_meetings(uow: Unit, caller: Caller, now: datetime) -> list[schemas.MeetingRowOut]:
    """The meetings this account was notified of, newest first, with its own feedback."""
    loaded = await _listed(uow, "mine", {"account_id": caller.account_id})
    return [
        # Every field given: pydantic inspects a default factory's signature on each
        # model_construct that leaves one out.
        schemas.MeetingRowOut.model_construct(**_row(x, now, _Answer(*answer)), actions=[])
        for x, answer in loaded
    ]


async def detail(uow: Unit, caller: Caller, meeting_id: int, now: datetime) -> schemas.MeetingOut:
    """One meeting with its 会议时间轴, history of every round and the caller's possible actions."""
    async with uow.read() as session:
        x, role = await _open(session, caller, meeting_id)
        return await _detail(session, x, role, caller, now)


async def candidates(uow: Unit, caller: Caller, meeting_id: int) -> list[schemas.MeetingCandidate]:
    """The members the branch admin may notify (a 党小组会: that group's), by group."""
    async with uow.read() as session:
        x, role = await _open(session, caller, meeting_id)
        if role != wf.Role.BRANCH:
            raise forbidden("meeting_forbidden", messages.MEETING_ONLY_BRANCH)
        notified = set(
            (
                await session.execute(
                    select(MeetingAttendee.account_id).where(MeetingAttendee.meeting_id == x.m.id)
                )
            ).scalars()
        )
        rows = await session.execute(_members(x.m).add_columns(Org.name).outerjoin(
            Org, Org.id == Account.group_id
        ).order_by(Account.group_id, Account.username))  # fmt: skip
        return [
            schemas.MeetingCandidate(
                account_id=a.id,
                name=a.display_name,
                group_id=a.group_id,
                group=group,
                notified=a.id in notified,
            )
            for a, group in rows.all()
        ]


def _members(m: Meeting) -> Select[Account]:
    query = select(Account).where(
        Account.kind == AccountKind.MEMBER.value,
        Account.org_id == m.branch_id,
        Account.active.is_(True),
    )
    if m.group_id is not None:
        query = query.where(Account.group_id == m.group_id)
    return query


# Steps -----------------------------------------------------------------------------------------


async def create(uow: Unit, act: Act, body: schemas.MeetingIn) -> schemas.MeetingActionOut:
    caller, now = act.caller, act.now
    permissions.require(caller.kind, "meetings")
    if caller.kind != AccountKind.BRANCH_ADMIN:
        raise forbidden("meeting_forbidden", messages.MEETING_CREATE_ONLY_BRANCH)
    t = _type(body.type)
    if not body.title.strip() or not body.place.strip():
        raise refused("meeting_blank", messages.MEETING_BLANK)
    if t.per_group and body.group_id is None:
        raise refused("meeting_group_required", messages.MEETING_GROUP_REQUIRED)
    if not t.per_group and body.group_id is not None:
        raise refused("meeting_group_not_allowed", messages.MEETING_GROUP_NOT_ALLOWED)
    if not t.quorum and body.quorum_pct is not None:
        raise refused(
            "meeting_quorum_not_allowed", messages.MEETING_QUORUM_NOT_ALLOWED.format(type=t.name)
        )
    wf.check_not_backfilled(body.starts_at, now)
    async with uow.write() as session:
        if body.group_id is not None:
            group = await session.get(Org, body.group_id)
            if group is None or group.parent_id != caller.org_id:
                raise refused("meeting_group_unknown", messages.MEETING_GROUP_UNKNOWN)
        m = Meeting(
            branch_id=caller.org_id,
            group_id=body.group_id,
            type=t.code,
            title=body.title.strip(),
            place=body.place.strip(),
            starts_at=body.starts_at,
            quorum_pct=body.quorum_pct,
            stage=wf.Step.NOTIFY.value,
            round=1,
            created_by=caller.account_id,
            created_at=now,
        )
        session.add(m)
        await session.flush()
        session.add(
            MeetingEvent(
                meeting_id=m.id, action="create", round=1, actor_id=caller.account_id, at=now
            )
        )
        await session.flush()
        x, role = await _open(session, caller, m.id)
        return schemas.MeetingActionOut(
            message=messages.MEETING_CREATED, meeting=await _detail(session, x, role, caller, now)
        )


Apply = Callable[[AsyncSession, Loaded], Awaitable[str]]


async def _step(
    uow: Unit,
    act: Act,
    meeting_id: int,
    action: str,
    apply: Apply,
    note: str | Callable[[Loaded], str] | None = None,
) -> schemas.MeetingActionOut:
    """Judge `action` on the locked meeting, let `apply` change it, record the step, and grant
    the org-life points if the meeting reached 完成 — all in one transaction."""
    caller, now = act.caller, act.now
    async with uow.write() as session:
        x, role = await _open(session, caller, meeting_id, lock=True)
        s = _judge(x, action, role, now)
        message = await apply(session, x)
        m = x.m
        m.stage = wf.after_action(s, wf.ACTIONS[action]).value
        if action != "feedback":
            session.add(
                MeetingEvent(
                    meeting_id=m.id, action=action, round=m.round, actor_id=caller.account_id,
                    at=now, note=note(x) if callable(note) else note,
                )
            )  # fmt: skip
        await _announce(session, x, action, now)
        if action == "reject":
            m.round += 1
        earned: list[str] = []
        if m.stage == wf.Step.DONE.value:
            m.completed_at = now
            earned = await _grant(uow, session, x, act)
        await session.flush()
        x, role = await _open(session, caller, meeting_id)
        out = await _detail(session, x, role, caller, now)
    return schemas.MeetingActionOut(message=message, meeting=out, earned=earned)


async def _announce(session: AsyncSession, x: Loaded, action: str, at: datetime) -> None:
    """Tell the other side of a review: the upper org of a 报审, the branch of the answer."""
    m, t = x.m, x.type
    if action == "submit" and x.upper is not None:
        text = messages.NOTICE_SUBMITTED.format(branch=x.branch.name, type=t.name, title=m.title)
        await notices.tell(session, await notices.admins_of(session, x.upper.id), text,
                           f"meeting:{m.id}", at)  # fmt: skip
    elif action in ("approve", "reject"):
        text = (
            messages.NOTICE_APPROVED.format(type=t.name, title=m.title)
            if action == "approve"
            else messages.NOTICE_REJECTED.format(type=t.name, title=m.title, reason=m.reject_reason)
        )
        await notices.tell(session, await notices.admins_of(session, m.branch_id), text,
                           f"meeting:{m.id}", at)  # fmt: skip


async def _grant(uow: Unit, session: AsyncSession, x: Loaded, act: Act) -> list[str]:
    """Org-life points (SPEC §3) on completion: the branch account and each member who answered
    参加, each under the cap of the rule's month, quarter or year."""
    code = x.type.points_code
    rule = points.RULES[code]
    branch_accounts = list(
        (
            await session.execute(
                select(Account.id).where(
                    Account.kind == AccountKind.BRANCH_ADMIN.value,
                    Account.org_id == x.m.branch_id,
                )
            )
        ).scalars()
    )
    attended = list(
        (
            await session.execute(
                select(MeetingAttendee.account_id).where(
                    MeetingAttendee.meeting_id == x.m.id, MeetingAttendee.answer == "attend"
                )
            )
        ).scalars()
    )
    # Every account paid is locked first, in ascending id order (no deadlock with another
    # completion paying some of the same accounts); the grants below find their lock held.
    await uow.lock_many([*branch_accounts, *attended])
    out = []
    key = f"meeting-{x.m.id}"
    source = ("meeting", str(x.m.id))

    async def pay(account_id: int) -> ledger.Grant:
        return await ledger.grant(
            session,
            await uow.lock(account_id),
            code,
            at=act.now,
            source=source,
            idempotency_key=key,
            late=act.late,
        )

    for account_id in branch_accounts:
        g = await pay(account_id)
        out.append(
            messages.MEETING_POINTS_BRANCH.format(name=rule.name, points=g.points)
            if g.points
            else messages.MEETING_POINTS_BRANCH_CAPPED.format(
                name=rule.name, period=points.PERIOD_NAMES[rule.period]
            )
        )
    got = 0
    for account_id in attended:
        got += bool((await pay(account_id)).points)
    if attended:
        out.append(messages.MEETING_POINTS_MEMBERS.format(got=got, n=len(attended)))
    return out


async def notify(
    uow: Unit, act: Act, meeting_id: int, account_ids: list[int]
) -> schemas.MeetingActionOut:
    """发通知: the picked members (more can be added until the record is uploaded)."""
    wanted = sorted(set(account_ids))
    if not wanted:
        raise refused("meeting_no_attendees", messages.MEETING_NO_ATTENDEES)

    async def apply(session: AsyncSession, x: Loaded) -> str:
        rows = await session.execute(
            select(Account.id, Account.group_id).where(
                Account.id.in_(wanted),
                Account.kind == AccountKind.MEMBER.value,
                Account.org_id == x.m.branch_id,
            )
        )
        groups: dict[int, int | None] = dict(rows.all())
        strangers = [i for i in wanted if i not in groups]
        if strangers:
            raise refused("meeting_attendee_unknown",
                          messages.MEETING_ATTENDEE_UNKNOWN.format(ids=_ids(strangers)))  # fmt: skip
        if x.m.group_id is not None:
            outside = [i for i in wanted if groups[i] != x.m.group_id]
            if outside:
                raise refused("meeting_attendee_group",
                              messages.MEETING_ATTENDEE_GROUP.format(ids=_ids(outside)))  # fmt: skip
        now = act.now
        added = [
            account_id
            for account_id in wanted
            if await insert_if_absent(
                session, MeetingAttendee, meeting_id=x.m.id, account_id=account_id, notified_at=now
            )
        ]
        text = messages.NOTICE_MEETING.format(
            type=x.type.name, title=x.m.title, when=wf.local_text(x.m.starts_at), place=x.m.place
        )
        await notices.tell(session, added, text, f"meeting:{x.m.id}", now)
        return messages.MEETING_NOTIFIED.format(n=len(added), total=x.notified + len(added))

    return await _step(uow, act, meeting_id, "notify", apply)


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids[:10]) + (" …" if len(ids) > 10 else "")


async def feedback(
    uow: Unit, act: Act, meeting_id: int, answer: str, reason: str | None
) -> schemas.MeetingActionOut:
    """参加 or 请假 (with a reason), by a notified member; changeable until the record is up."""
    why = (reason or "").strip()
    if answer == "leave" and not why:
        raise refused("meeting_leave_reason", messages.MEETING_LEAVE_REASON)

    async def apply(session: AsyncSession, x: Loaded) -> str:
        row = await session.get(MeetingAttendee, (x.m.id, act.caller.account_id))
        assert row is not None  # the engine let only an attendee through
        row.answer = answer
        row.reason = why if answer == "leave" else None
        row.answered_at = act.now
        return messages.MEETING_ANSWERED.format(answer=wf.ANSWERS[answer])

    return await _step(uow, act, meeting_id, "feedback", apply)


async def record(uow: Unit, act: Act, meeting_id: int, text: str) -> schemas.MeetingActionOut:
    """上传 (or edit) the record: possible once the meeting was held, until it leaves the branch."""
    apply = _writes("record_text", text, messages.MEETING_RECORDED)
    return await _step(uow, act, meeting_id, "record", apply)


async def summary(uow: Unit, act: Act, meeting_id: int, text: str) -> schemas.MeetingActionOut:
    """支部党课: the summary after the lesson record."""
    apply = _writes("summary_text", text, messages.MEETING_SUMMARY_SAVED)
    return await _step(uow, act, meeting_id, "summary", apply)


def _writes(column: str, text: str, message: str) -> Apply:
    """A step that stores a text of the meeting (the record, the 党课 summary)."""
    if not text.strip():
        raise refused("meeting_record_empty", messages.MEETING_RECORD_EMPTY)

    async def apply(session: AsyncSession, x: Loaded) -> str:
        setattr(x.m, column, text)
        return message

    return apply


async def submit(uow: Unit, act: Act, meeting_id: int) -> schemas.MeetingActionOut:
    """报审: to the direct upper org for 审核. The record as submitted is kept with the round."""
    return await _sending(uow, act, meeting_id, "submit", messages.MEETING_SUBMITTED)


async def file(uow: Unit, act: Act, meeting_id: int) -> schemas.MeetingActionOut:
    """报备: the upper org may read the record (审阅); the meeting is complete."""
    return await _sending(uow, act, meeting_id, "file", messages.MEETING_FILED)


async def _sending(
    uow: Unit, act: Act, meeting_id: int, action: str, message: str
) -> schemas.MeetingActionOut:
    async def apply(session: AsyncSession, x: Loaded) -> str:
        if x.m.shared_at is None:
            x.m.shared_at = act.now
        x.m.reject_reason = None
        return message.format(upper=x.upper_name)

    # The record as it left the branch is kept with its round.
    return await _step(uow, act, meeting_id, action, apply, note=_snapshot)


def _snapshot(x: Loaded) -> str:
    m = x.m
    parts = [m.record_text or ""]
    if m.summary_text:
        parts.append("【总结】\n" + m.summary_text)
    return "\n\n".join(parts)


async def confirm(uow: Unit, act: Act, meeting_id: int) -> schemas.MeetingActionOut:
    """党小组会: the branch admin confirms the record; the meeting is complete."""
    return await _step(uow, act, meeting_id, "confirm", _says(messages.MEETING_CONFIRMED))


async def approve(uow: Unit, act: Act, meeting_id: int) -> schemas.MeetingActionOut:
    """审核通过, by the direct upper org only: the meeting is complete."""
    return await _step(uow, act, meeting_id, "approve", _says(messages.MEETING_APPROVED))


def _says(message: str) -> Apply:
    """A step that changes nothing but the stage: it only answers its message."""

    async def apply(session: AsyncSession, x: Loaded) -> str:
        return message

    return apply


async def reject(uow: Unit, act: Act, meeting_id: int, reason: str) -> schemas.MeetingActionOut:
    """退回 with a reason: the branch edits the record and submits again (a new round)."""
    why = reason.strip()
    if not why:
        raise refused("meeting_reject_reason", messages.MEETING_REJECT_REASON)

    async def apply(session: AsyncSession, x: Loaded) -> str:
        x.m.reject_reason = why
        return messages.MEETING_REJECTED

    return await _step(uow, act, meeting_id, "reject", apply, note=why)


# Attachments -----------------------------------------------------------------------------------


def decode_attachment(content_base64: str) -> bytes:
    """An uploaded file's bytes (a meeting record's, a 经验交流 post's): 422 when it is not
    base64, 413 above contract.limits.MAX_ATTACHMENT_BYTES."""
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise refused("attachment_bad", messages.ATTACHMENT_BAD) from None
    if len(content) > limits.MAX_ATTACHMENT_BYTES:
        raise too_large(
            "attachment_too_large", messages.ATTACHMENT_TOO_LARGE.format(limit="512 KiB")
        )
    return content


async def attach(
    uow: Unit, act: Act, meeting_id: int, name: str, content_base64: str
) -> schemas.AttachmentOut:
    """A file with the record (up to 5, each up to 512 KiB), while the record may be edited."""
    content = decode_attachment(content_base64)
    caller, now = act.caller, act.now
    async with uow.write() as session:
        x, role = await _open(session, caller, meeting_id, lock=True)
        _judge(x, "record", role, now)
        count = await session.scalar(
            select(func.count()).where(MeetingAttachment.meeting_id == meeting_id)
        )
        if (count or 0) >= limits.MAX_ATTACHMENTS:
            raise conflict(
                "attachment_too_many", messages.ATTACHMENT_TOO_MANY.format(n=limits.MAX_ATTACHMENTS)
            )
        await rates.spend(uow, act, "upload")
        row = MeetingAttachment(
            meeting_id=meeting_id, name=name, size=len(content), content=content,
            uploaded_by=caller.account_id, uploaded_at=now,
        )  # fmt: skip
        session.add(row)
        await session.flush()
        return schemas.AttachmentOut(id=row.id, name=row.name, size=row.size, uploaded_at=now)


async def attachment(
    uow: Unit, caller: Caller, meeting_id: int, attachment_id: int
) -> schemas.AttachmentContentOut:
    async with uow.read() as session:
        _, role = await _open(session, caller, meeting_id)
        row = await session.get(MeetingAttachment, attachment_id)
        if role == wf.Role.ATTENDEE or row is None or row.meeting_id != meeting_id:
            raise not_found("attachment_not_found", messages.ATTACHMENT_NOT_FOUND)
        return schemas.AttachmentContentOut(
            id=row.id, name=row.name, size=row.size, uploaded_at=row.uploaded_at,
            content_base64=base64.b64encode(row.content).decode(),
        )  # fmt: skip
