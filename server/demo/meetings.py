"""Demo meetings, placed around the day the demo starts and driven through the real workflow.

Every step goes through the same services as the HTTP API, as an action at the step's fixed
time, so the timelines, histories, org-life points and 督办达标 of the demo are what the server
itself would have made. 综合执法局第一党支部 (zb001, under the 党总支 zzz001) has one meeting at
every kind of node; 新区管委会机关党支部 (zb003) waits for its 党委 (dw001) to review.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from contract import schemas
from server.db.engine import Database
from server.db.models import Account, Org
from server.db.unit import Unit
from server.domain import meetings as wf
from server.domain.clock import SHANGHAI, Clock
from server.domain.orgs import AccountKind
from server.domain.points import Period, period_bounds
from server.services import meetings as service
from server.services.context import Act, Caller


class MeetingMaker:
    """Meetings of the demo's branches, by their admins' usernames, through the service."""

    def __init__(
        self,
        db: Database,
        accounts: dict[str, Account],
        groups: dict[int, list[int]],
        parents: dict[int, int | None],
    ) -> None:
        self.uow, self.accounts, self.groups, self.parents = Unit(db), accounts, groups, parents

    def caller(self, username: str) -> Caller:
        a = self.accounts[username]
        return Caller(a.id, a.username, AccountKind(a.kind), a.org_id, "")

    def members(self, branch: str, group: int | None = None) -> list[str]:
        org_id = self.accounts[branch].org_id
        return [
            u
            for u, a in self.accounts.items()
            if a.kind == AccountKind.MEMBER.value
            and a.org_id == org_id
            and (group is None or a.group_id == self.groups[org_id][group])
        ]

    async def meeting(
        self,
        branch: str,
        type: str,
        title: str,
        starts: datetime,
        *,
        place: str = "支部活动室",
        attendees: list[str] | None = None,
        leave: int = 0,
        silent: int = 0,
        group: int | None = None,
        until: str = "done",
        reject: str | None = None,
    ) -> None:
        """Create a meeting and take it through its steps up to `until`: notify, feedback, record,
        summary, sent (报审/报备/确认), done. The first `leave` attendees ask leave, the last
        `silent` do not answer, the rest attend."""
        admin = self.caller(branch)
        org_id = self.accounts[branch].org_id
        body = schemas.MeetingIn(
            type=type,
            title=title,
            starts_at=starts,
            place=place,
            group_id=self.groups[org_id][group] if group is not None else None,
        )
        at = starts - timedelta(days=6)
        uow = self.uow
        out = await service.create(uow, Act(admin, at), body)
        mid = out.meeting.id
        steps = ("notify", "feedback", "record", "summary", "sent", "done")
        stop = steps.index(until) if until in steps else -1
        if stop < 0:
            return
        people = attendees if attendees is not None else self.members(branch, group)
        ids = [self.accounts[u].id for u in people]
        await service.notify(uow, Act(admin, at + _H), mid, ids)
        if stop < 1:
            return
        answering = people[: len(people) - silent]
        for n, username in enumerate(answering):
            answer, reason = ("leave", "外出执行任务") if n < leave else ("attend", None)
            when = Act(self.caller(username), at + timedelta(days=1, minutes=n))
            await service.feedback(uow, when, mid, answer, reason)
        if stop < 2:
            return
        record = f"{title}\n会议按议程进行,参会党员逐一发言,形成决议。"
        await service.record(uow, Act(admin, starts + 3 * _H), mid, record)
        t = wf.MEETING_TYPES[type]
        if "summary" in t.steps and stop >= 3:
            summary = "党课结合工作实际,党员反映收获较大。"
            await service.summary(uow, Act(admin, starts + 4 * _H), mid, summary)
        if stop < 4:
            return
        sent = Act(admin, starts + 5 * _H)
        if "submit" in t.steps:
            await service.submit(uow, sent, mid)
            if reject:
                upper = self._upper(org_id)
                await service.reject(uow, Act(upper, starts + _D), mid, reject)
                record += "\n补充:表决结果为全票通过。"
                await service.record(uow, Act(admin, starts + _D + _H), mid, record)
                if stop < 5:
                    return
                await service.submit(uow, Act(admin, starts + _D + 2 * _H), mid)
            if stop >= 5:
                upper = self._upper(org_id)
                await service.approve(uow, Act(upper, starts + 2 * _D), mid)
        elif "file" in t.steps:
            await service.file(uow, sent, mid)
        else:
            await service.confirm(uow, sent, mid)

    def _upper(self, org_id: int) -> Caller:
        parent = self.parents[org_id]
        return next(self.caller(u) for u, a in self.accounts.items() if a.org_id == parent)


_H = timedelta(hours=1)
_D = timedelta(days=1)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), SHANGHAI)


async def meeting_maker(db: Database) -> MeetingMaker:
    async with db.read() as session:
        accounts = {a.username: a for a in (await session.execute(select(Account))).scalars()}
        orgs = list((await session.execute(select(Org).order_by(Org.sort, Org.id))).scalars())
    groups: dict[int, list[int]] = {}
    for o in orgs:
        if o.kind == "group":
            groups.setdefault(o.parent_id, []).append(o.id)
    return MeetingMaker(db, accounts, groups, {o.id: o.parent_id for o in orgs})


async def seed_meetings(db: Database, clock: Clock) -> None:
    demo = await meeting_maker(db)
    today = clock.today()
    quarter, _ = period_bounds(today, Period.QUARTER)
    month, _ = period_bounds(today, Period.MONTH)
    last_quarter, _ = period_bounds(quarter - _D, Period.QUARTER)
    last_month, _ = period_bounds(month - _D, Period.MONTH)
    committee = ["dy001", "dy002", "dy003", "dy004", "dy005"]
    m = demo.meeting
    # 综合执法局第一党支部: last periods complete, this period at every node.
    await m(
        "zb001",
        "life",
        f"{today.year - 1}年度组织生活会和民主评议党员",
        _at(date(today.year - 1, 12, 16)),
        leave=1,
    )
    await m(
        "zb001", "general", "上季度支部党员大会", _at(last_quarter + 20 * _D), leave=2, silent=1
    )
    await m("zb001", "committee", "上月支部委员会", _at(last_month + 9 * _D), attendees=committee)
    for g in (0, 1):
        await m(
            "zb001",
            "group",
            f"第{'一二'[g]}党小组上月学习会",
            _at(last_month + 12 * _D, 15),
            group=g,
        )
    await m(
        "zb001",
        "general",
        "学习贯彻全会精神支部党员大会",
        _at(today - 6 * _D),
        leave=1,
        until="sent",
        reject="会议记录缺少表决情况,请补充",
    )
    await m(
        "zb001",
        "committee",
        "研究发展党员工作支部委员会",
        _at(today - 2 * _D),
        attendees=committee,
        leave=1,
        until="sent",
    )
    await m(
        "zb001", "group", "第三党小组学习会", _at(today - 10 * _D, 15), group=2, until="feedback"
    )
    await m(
        "zb001",
        "lesson",
        "“学党史、悟思想”专题党课",
        _at(today + 3 * _D, 15),
        silent=4,
        until="feedback",
    )
    await m("zb001", "theme_day", "志愿服务主题党日", _at(today + 5 * _D), until="create")
    # 综合执法局第二党支部: a theme day short of its quorum.
    await m(
        "zb002",
        "theme_day",
        "红色教育基地参观主题党日",
        _at(today + 2 * _D),
        leave=3,
        silent=4,
        until="feedback",
    )
    # 新区管委会机关党支部 (under the 党委 directly): waiting for dw001's review.
    await m("zb003", "general", "本季度支部党员大会", _at(today - 3 * _D), leave=1, until="sent")
    await m("zb004", "theme_day", "上月主题党日活动", _at(last_month + 15 * _D))  # fmt: skip
