"""The past of the 市州 branches (server.demo.cities) beyond study: their meetings of the last
periods and their 先锋模范 since they came onto the platform, driven through the real services as
actions on past days (server.demo.history runs the daily job after).

Meetings cost the most of the history (every step is a service call), so a branch holds only
some of those that 督办达标 judges it by as of yesterday, each as its 市州's diligence makes likely:
last month's 党小组会 of each 党小组 (the cheapest), last month's 支委会 and last quarter's 党课
(by the square of it: the diligent hold them, the weak hardly ever); a branch that skips last
month's 支委会 may have left one notified and never recorded instead (超期). What a branch does
not hold stays red, as on a real platform in its first months.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from contract import schemas
from server.db.engine import Database
from server.db.models import Account, Org
from server.db.unit import Unit
from server.demo import COMMITTEES
from server.demo.cities import CITY_OF_PLAN, City
from server.demo.meetings import meeting_maker
from server.domain.analytics import months_back
from server.domain.clock import SHANGHAI
from server.domain.orgs import AccountKind, OrgKind
from server.domain.points import Period, period_bounds
from server.services import vanguard
from server.services.context import Act, Caller

SNAPSHOTS = (
    ("社区环境整治", "党员志愿者清理小区死角垃圾,居民拍手称赞。"),
    ("帮扶困难户", "走访困难户,帮忙打扫院落、检修电路。"),
    ("文明交通劝导", "在路口劝导行人和非机动车文明出行。"),
    ("田间技术指导", "邀请农技员到地头讲解病虫害防治。"),
    ("政策宣讲进村", "在村委会广场宣讲惠民政策,发放明白卡。"),
    ("义诊进社区", "组织医护党员为社区老人免费测血压、血糖。"),
)
WISHES = (
    ("孩子想要一套课外书", "留守儿童想要几本课外读物。"),
    ("屋顶漏雨需修补", "独居老人家屋顶漏雨,希望有人帮忙修补。"),
    ("代办医保续费", "老人不会用手机,希望有人帮忙续交医保。"),
)
DONATIONS = (
    ("捐赠冬衣", "为困难群众捐赠冬衣一批。"),
    ("助学捐款", "为困难学生捐赠学习用品。"),
)
_H = timedelta(hours=1)
_D = timedelta(days=1)


def _caller(a: Account) -> Caller:
    return Caller(a.id, a.username, AccountKind(a.kind), a.org_id, "")


async def _city_branches(db: Database) -> list[tuple[City, Org, Account, list[Account]]]:
    """Each 市州 branch: its 市州's plan, the branch, its admin and its members."""
    first = {name for name, _, _ in COMMITTEES}
    async with db.read() as session:
        orgs = {o.id: o for o in (await session.execute(select(Org))).scalars()}
        accounts = list((await session.execute(select(Account).order_by(Account.id))).scalars())
    out = []
    for o in sorted(orgs.values(), key=lambda o: o.id):
        if o.kind != OrgKind.BRANCH.value:
            continue
        committee = orgs[o.parent_id or 0]
        if committee.kind != OrgKind.COMMITTEE.value:
            committee = orgs[committee.parent_id or 0]
        if committee.name in first:
            continue
        mine = [a for a in accounts if a.org_id == o.id]
        admin = next(a for a in mine if a.kind == AccountKind.BRANCH_ADMIN.value)
        members = [a for a in mine if a.kind == AccountKind.MEMBER.value]
        out.append((CITY_OF_PLAN[committee.city or ""], o, admin, members))
    return out


def _on(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), SHANGHAI)


async def seed_city_meetings(db: Database, today: date) -> None:
    demo = await meeting_maker(db)
    last_month = months_back(today, 1)
    quarter, _ = period_bounds(today, Period.QUARTER)
    last_quarter, _ = period_bounds(quarter - _D, Period.QUARTER)
    for plan, branch, admin, members in await _city_branches(db):
        rng = random.Random(f"meetings/{branch.name}")
        d, zb = plan.diligence, admin.username
        on_platform = months_back(today, plan.since)
        async with demo.uow.write():  # one transaction a branch
            for g in range(len(demo.groups.get(branch.id, []))):
                if rng.random() < d * 0.65:
                    people = demo.members(zb, g)
                    starts = _on(last_month + (10 + rng.randrange(12)) * _D, 15)
                    title = f"第{'一二三四五'[g]}党小组{last_month.month}月学习会"
                    await demo.meeting(zb, "group", title, starts, group=g, silent=len(people))
            committee = [m.username for m in members[:3]]  # 书记, 副书记, 组织委员
            starts = _on(last_month + (3 + rng.randrange(15)) * _D, 9)
            title = f"{last_month.month}月支部委员会"
            if rng.random() < d * d * 0.4:
                await demo.meeting(zb, "committee", title, starts, attendees=committee, silent=1)
            elif rng.random() < (1 - d) * 0.3:  # notified, then never recorded: 超期
                await demo.meeting(zb, "committee", title, starts, attendees=committee,
                                   until="notify")  # fmt: skip
            if last_quarter >= on_platform and rng.random() < d * d * 0.35:
                starts = _on(last_quarter + (40 + rng.randrange(40)) * _D, 15)
                title = f"第{(last_quarter.month + 2) // 3}季度专题党课"
                people = [m.username for m in members]
                await demo.meeting(zb, "lesson", title, starts, attendees=people,
                                   silent=len(people))  # fmt: skip


async def seed_city_vanguard(db: Database, today: date) -> None:
    """A 随手拍, a wish or a donation now and then in each branch since its 市州 came onto the
    platform, more often where it is more vigorous; each one finished."""
    uow = Unit(db)
    for plan, branch, admin, members in await _city_branches(db):
        rng = random.Random(f"vanguard/{branch.name}")
        boss = _caller(admin)
        async with uow.write():  # one transaction a branch
            for n in range(plan.since, -1, -1):
                month = months_back(today, n)
                if rng.random() >= plan.vigour * 0.15:
                    continue
                day = month + rng.randrange(26) * _D
                if day >= today - 4 * _D:  # every step done by yesterday
                    continue
                at = _on(day, 10)
                poster = members[rng.randrange(len(members))]
                kind = rng.choices(("snapshot", "wish", "donation"), (6, 2, 1))[0]
                await _finished(uow, kind, at, rng, poster, members, boss)


async def _finished(
    uow: Unit,
    kind: str,
    at: datetime,
    rng: random.Random,
    poster: Account,
    members: list[Account],
    boss: Caller,
) -> None:
    who = _caller(poster)
    step = vanguard.transition
    if kind == "snapshot":
        title, body = SNAPSHOTS[rng.randrange(len(SNAPSHOTS))]
        out = await vanguard.post(
            uow, Act(who, at), kind, schemas.VanguardIn(title=title, body=body)
        )
        await step(uow, Act(boss, at + 3 * _H), kind, out.item.id, "approve", None)
    elif kind == "wish":
        title, body = WISHES[rng.randrange(len(WISHES))]
        wish = schemas.VanguardIn(title=title, body=body, contact="13900000000")
        out = await vanguard.post(uow, Act(who, at), kind, wish)
        helper = _caller(next(m for m in members if m.id != poster.id))
        await step(uow, Act(helper, at + 2 * _H), kind, out.item.id, "claim", None)
        await step(uow, Act(helper, at + 2 * _D), kind, out.item.id, "fulfil", None)
        await step(uow, Act(boss, at + 3 * _D), kind, out.item.id, "confirm", None)
    else:
        title, body = DONATIONS[rng.randrange(len(DONATIONS))]
        out = await vanguard.post(
            uow, Act(who, at), kind, schemas.VanguardIn(title=title, body=body)
        )
        await step(uow, Act(boss, at + 2 * _H), kind, out.item.id, "approve", None)
        await step(uow, Act(who, at + _D), kind, out.item.id, "complete", None)
        await step(uow, Act(boss, at + 2 * _D), kind, out.item.id, "confirm", None)
