"""A year of the demo province's past: study and 先锋模范 by every member and branch account, and
the meetings of the 市州 branches, driven through the real services as actions on past days, then
the daily job, so that 排行榜, 爱心榜, 督办达标, 我的积分, 数据分析示图, 党建地图 and 党建大屏 show a
history whose ranks, 市州 and months differ.

The first province of the README's table (兰州新区机关工委, 文县城关镇党委) studies in full over
the last HISTORY_DAYS: reads, likes, comments, 考试, videos. Every other day of every account is a
light one: on each of the last RECENT_DAYS the day's login and a few visits to the third-party
platforms; before them, back to HISTORY_MONTHS months ago, the login on one day in FAR_EVERY,
which stands for them all (an account logs in on it as likely as on any of those days). An
account's chance of studying on a light day is its own level, times its 市州's that month (how
vigorous, since when on the platform, the season; server.demo.cities), times the platform's use
that month (`platform_use`: LIGHT in the last months, less by GROWTH each month before; the
first province's last RECENT_DAYS: 1). The daily job runs for each of the last RECENT_DAYS (the
30-day trends) and for the last day of each month before (the 12-month trends: a month's row is
the month as of its last run). What it costs: docs/architecture.md, "Demo".

Deterministic: each day's choices come from a random generator seeded with the account and the
day. Today is left alone (every daily cap is still open for whoever tries the demo), and so are the
newest articles, every paper and every video of dy001 (the account the README suggests), so that
the first read, 考试 and video of the demo still earn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from contract import schemas
from server.db import ledger
from server.db.engine import Database
from server.db.models import Account, Article, ExamPaper, ExamQuestion, Org, Video
from server.db.unit import Unit
from server.demo import COMMITTEES
from server.demo.cities import CITY_OF_PLAN, City, branch_factor
from server.demo.city_history import seed_city_meetings, seed_city_vanguard
from server.domain import points
from server.domain.analytics import months_back
from server.domain.clock import SHANGHAI, Clock
from server.domain.orgs import AccountKind, OrgKind
from server.jobs.daily import run_daily
from server.services import articles, exams, study, vanguard
from server.services.context import Act, Caller

HISTORY_DAYS = 14  # the first province's full days
RECENT_DAYS = 30  # every day light, the daily job for each
FAR_EVERY = 7  # before them, one day in so many
HISTORY_MONTHS = 11  # from the first day of the month so many months before today's
LIGHT = 0.2
GROWTH = 0.6
# The newest articles stay unread by the history: the top of 党建资讯 still earns a first read.
UNTOUCHED_ARTICLES = 15
SPARED = "dy001"  # keeps its papers and videos for whoever tries the demo

COMMENTS = (
    "学习了,结合岗位抓好落实。",
    "内容很实在,支部要多组织这样的活动。",
    "向基层党员同志们学习!",
    "这篇文章讲得透彻,受益匪浅。",
    "我们支部下周也准备开展类似活动。",
    "为身边的好党员点赞,值得学习。",
    "把学习成果转化为工作动力。",
    "很有启发,准备在小组会上交流。",
    "坚持学习,做一名合格党员。",
    "服务群众的事再小也是大事。",
)
SNAPSHOTS = (
    ("楼道清理", "党员志愿者清理楼道杂物,消除消防隐患。"),
    ("义务理发", "为社区老人义务理发,老人们很高兴。"),
    ("路灯报修", "村口路灯损坏,已报修并设置提示。"),
    ("防汛巡查", "雨后沿河巡查,提醒群众远离河道。"),
    ("垃圾分类", "在集市宣传垃圾分类,发放宣传单。"),
)
DONATIONS = (
    ("捐赠学习用品", "为村小学捐赠书包和文具。"),
    ("捐赠过冬棉被", "为困难群众捐赠棉被。"),
)
WISHES = (
    ("帮忙收玉米", "家里劳力不足,希望有人帮忙收玉米。"),
    ("陪老人聊天", "独居老人希望每周有人上门陪着说说话。"),
)


def activity(n: int, total: int) -> float:
    """How likely an account of the first province is to study on a full day: spread from 0.1 to
    0.9 over its accounts, in an order that mixes the branches."""
    return 0.1 + 0.8 * ((n * 37) % total) / max(1, total - 1)


# How much a month's season moves study: 春节 in February, 七一 in July, 国庆 in October.
SEASON = {1: 0.9, 2: 0.6, 6: 1.05, 7: 1.2, 10: 0.85}


def city_level(plan: City, day: date, today: date) -> float:
    """How much a 市州's members study in `day`'s month: nothing before it came onto the
    platform, then more each month up to its vigour, moved by the season and by its own luck."""
    months = (today.year - day.year) * 12 + today.month - day.month
    if months > plan.since:
        return 0.0
    ramp = min(1.0, 0.35 + 0.15 * (plan.since - months))
    luck = random.Random(f"{plan.prefix}/{day.year}-{day.month}").uniform(0.85, 1.15)
    return plan.vigour * ramp * SEASON.get(day.month, 1.0) * luck


def platform_use(day: date, today: date) -> float:
    """How much the province used the platform in `day`'s month: LIGHT last month and this one,
    less by GROWTH for each month before."""
    months = (today.year - day.year) * 12 + today.month - day.month
    return LIGHT * GROWTH ** max(0, months - 1)


@dataclass(frozen=True)
class Earner:
    account: Account
    plan: City  # its 市州's
    first: bool  # of the first province: full days in the last HISTORY_DAYS
    level: float  # on its own, 0–1


class _History:
    def __init__(self, db: Database, accounts: list[Account]) -> None:
        self.uow = Unit(db)
        self.accounts = accounts
        self.read: dict[int, list[int]] = {a.id: [] for a in accounts}
        self.commented: dict[int, set[int]] = {a.id: set() for a in accounts}
        self.papers_done: dict[int, set[int]] = {a.id: set() for a in accounts}
        self.videos_done: dict[int, set[int]] = {a.id: set() for a in accounts}

    async def light_day(
        self, a: Account, chance: float, level: float, day: date, visits: float
    ) -> None:
        """The day's login and a few jumps to the third-party platforms (up to `visits` times
        the account's level), or nothing."""
        rng = random.Random(f"{a.username}/{day.isoformat()}/light")
        if rng.random() >= chance:
            return
        uow, who = self.uow, _caller(a)
        at = datetime.combine(day, time(7 + rng.randrange(14), rng.randrange(60)), SHANGHAI)
        async with uow.write() as session:
            earner = await uow.lock(a.id, AccountKind(a.kind))
            await ledger.grant(session, earner, "login", at=at, source=("login", str(a.id)))
        for code in rng.sample(_LINKS, min(len(_LINKS), int(level * visits * rng.random()))):
            at += timedelta(minutes=2 + rng.randrange(10))
            await articles.visit_third_party(uow, Act(who, at), code)

    async def study_day(
        self,
        a: Account,
        level: float,
        day: date,
        article_ids: list[int],
        papers: list[tuple[int, dict[int, list[int]]]],
        videos: list[tuple[int, int, int]],
    ) -> None:
        rng = random.Random(f"{a.username}/{day.isoformat()}")
        if rng.random() > level:
            return
        uow, who = self.uow, _caller(a)
        at = datetime.combine(day, time(8 + rng.randrange(12), rng.randrange(60)), SHANGHAI)
        # 每日首次登录: the grant login makes (the password check is what the demo skips).
        async with uow.write() as session:
            await ledger.grant(
                session, await uow.lock(a.id), "login", at=at, source=("login", str(a.id))
            )
        step = timedelta(minutes=3)
        unread = [i for i in article_ids if i not in self.read[a.id]]
        for article_id in unread[: int(level * 2.5 * rng.random() + 0.3)]:
            at += step
            started = await articles.start_read(uow, who, article_id, at)
            at += timedelta(seconds=points.READ_SECONDS + rng.randrange(20, 200))
            await articles.complete_read(uow, Act(who, at), article_id, started.read_id)
            self.read[a.id].append(article_id)
            if rng.random() < level / 2:
                await articles.toggle_on(uow, Act(who, at), article_id, "like")
            if rng.random() < level / 5:
                await articles.share(uow, Act(who, at), article_id)
            if rng.random() < level / 6 and article_id not in self.commented[a.id]:
                body = COMMENTS[rng.randrange(len(COMMENTS))]
                await articles.comment(uow, Act(who, at + step), article_id, body)
                self.commented[a.id].add(article_id)
        if rng.random() < level / 2:
            for code in rng.sample(list(points.THIRD_PARTY), 1 + int(level * 2 * rng.random())):
                at += step
                await articles.visit_third_party(uow, Act(who, at), code)
        if a.username == SPARED or a.kind != AccountKind.MEMBER.value:
            return
        if rng.random() < level / 10:
            todo = [p for p in papers if p[0] not in self.papers_done[a.id]]
            if todo:
                paper_id, answers = todo[0]
                if rng.random() < 0.4:  # a wrong answer now and then: the scores differ too
                    first = next(iter(answers))
                    answers = {**answers, first: [0] if answers[first] != [0] else [1]}
                at += step
                attempt = await exams.start(uow, who, paper_id, at)
                at += timedelta(minutes=6)
                await exams.submit(uow, Act(who, at), attempt.attempt_id, answers)
                self.papers_done[a.id].add(paper_id)
        if rng.random() < level / 8:
            todo_v = [v for v in videos if v[0] not in self.videos_done[a.id]]
            if todo_v:
                video_id, course_id, seconds = todo_v[0]
                at += step
                await study.enrol(uow, who, course_id, at)
                watch = await study.watch(uow, who, video_id, at)
                at += timedelta(seconds=seconds + 5)
                segment = schemas.SegmentIn(from_s=0, to_s=seconds)
                await study.save_progress(uow, Act(who, at), watch.session_id, [segment], seconds)
                self.videos_done[a.id].add(video_id)


_LINKS = list(points.THIRD_PARTY)


def _caller(a: Account) -> Caller:
    return Caller(a.id, a.username, AccountKind(a.kind), a.org_id, "")


async def _vanguard(uow: Unit, accounts: list[Account], start: date) -> None:
    """Finished 随手拍, 微捐赠 and 心愿 in every branch, more in some than in others."""
    admins = [a for a in accounts if a.kind == AccountKind.BRANCH_ADMIN.value]
    members = [a for a in accounts if a.kind == AccountKind.MEMBER.value]
    public = next(a for a in accounts if a.kind == AccountKind.PUBLIC.value)
    day = timedelta(days=1)
    for b, admin in enumerate(admins):
        mine = [m for m in members if m.org_id == admin.org_id]
        boss = _caller(admin)
        rng = random.Random(f"vanguard/{admin.username}")
        for k in range((b * 5) % len(admins) + 1):
            poster = mine[(k * 3 + b) % len(mine)]
            title, body = SNAPSHOTS[(k + b) % len(SNAPSHOTS)]
            at = datetime.combine(start + (2 + rng.randrange(16)) * day, time(10), SHANGHAI)
            out = await vanguard.post(
                uow, Act(_caller(poster), at), "snapshot",
                schemas.VanguardIn(title=title, body=body),
            )  # fmt: skip
            await vanguard.transition(uow, Act(boss, at + 4 * _H), "snapshot", out.item.id, "approve", None)  # fmt: skip
        if b % 2 == 0:
            poster = mine[(b + 1) % len(mine)]
            title, body = DONATIONS[b % len(DONATIONS)]
            at = datetime.combine(start + (3 + rng.randrange(12)) * day, time(9), SHANGHAI)
            who = _caller(poster)
            out = await vanguard.post(
                uow, Act(who, at), "donation", schemas.VanguardIn(title=title, body=body)
            )
            item = out.item.id
            await vanguard.transition(uow, Act(boss, at + 2 * _H), "donation", item, "approve", None)  # fmt: skip
            await vanguard.transition(uow, Act(who, at + day), "donation", item, "complete", None)  # fmt: skip
            await vanguard.transition(uow, Act(boss, at + 2 * day), "donation", item, "confirm", None)  # fmt: skip
        if b % 3 != 2:
            claimer = mine[(b + 2) % len(mine)]
            title, body = WISHES[b % len(WISHES)]
            at = datetime.combine(start + (1 + rng.randrange(14)) * day, time(15), SHANGHAI)
            out = await vanguard.post(
                uow, Act(_caller(public), at), "wish",
                schemas.VanguardIn(title=title, body=body, contact="13900000000",
                                   branch_id=admin.org_id),
            )  # fmt: skip
            item, helper = out.item.id, _caller(claimer)
            await vanguard.transition(uow, Act(helper, at + _H), "wish", item, "claim", None)
            await vanguard.transition(uow, Act(helper, at + 2 * day), "wish", item, "fulfil", None)  # fmt: skip
            await vanguard.transition(uow, Act(boss, at + 3 * day), "wish", item, "confirm", None)  # fmt: skip


_H = timedelta(hours=1)


def history_days(today: date) -> list[date]:
    """The first province's full days, oldest first: the weeks before today, not today."""
    return [today - timedelta(days=d) for d in range(HISTORY_DAYS, 0, -1)]


def _first_day(today: date) -> date:
    """The history's first day: HISTORY_MONTHS months before yesterday's month, so that the
    12-month trends (which end with the month of the last daily run) are whole."""
    return months_back(today - timedelta(days=1), HISTORY_MONTHS)


def light_days(today: date) -> list[tuple[date, int]]:
    """Every day of the history, oldest first, with the days it stands for: one in FAR_EVERY
    from the first day, then each of the last RECENT_DAYS."""
    recent = today - timedelta(days=RECENT_DAYS)
    first = _first_day(today)
    far = [first + timedelta(days=d) for d in range(0, (recent - first).days, FAR_EVERY)]
    return [(d, FAR_EVERY) for d in far] + [
        (recent + timedelta(days=d), 1) for d in range(RECENT_DAYS)
    ]


def job_days(today: date) -> list[date]:
    """The days the daily job runs for, oldest first: the last day of each month of the history
    before the last RECENT_DAYS (the month's row), then each of those days."""
    recent = today - timedelta(days=RECENT_DAYS)
    ends = []
    month = _first_day(today)
    while True:
        month = months_back(month, -1)
        end = month - timedelta(days=1)
        if end >= recent:
            break
        ends.append(end)
    return ends + [recent + timedelta(days=d) for d in range(RECENT_DAYS)]


def _earners(accounts: list[Account], orgs: dict[int, Org]) -> list[Earner]:
    """Every account that earns, with its 市州 and its own level."""
    first_names = {name for name, _, _ in COMMITTEES}

    def committee(org_id: int | None) -> Org:
        o = orgs[org_id or 0]
        while o.kind != OrgKind.COMMITTEE.value:
            o = orgs[o.parent_id or 0]
        return o

    earning = [a for a in accounts if AccountKind(a.kind) in points.EARNERS]
    first = [a for a in earning if committee(a.org_id).name in first_names]
    out = [
        Earner(a, CITY_OF_PLAN[committee(a.org_id).city or ""], True, activity(n, len(first)))
        for n, a in enumerate(first)
    ]
    for a in earning[len(first) :]:  # the 市州's come after the first province's
        own = random.Random(f"level/{a.username}").uniform(0.2, 0.95)
        level = min(0.95, own * branch_factor(orgs[a.org_id or 0].name))
        out.append(Earner(a, CITY_OF_PLAN[committee(a.org_id).city or ""], False, level))
    return out


async def seed_history(db: Database, clock: Clock) -> None:
    """Run after the province, its articles, study, meetings and 先锋模范 are seeded."""
    async with db.read() as session:
        accounts = list((await session.execute(select(Account).order_by(Account.id))).scalars())
        orgs = {o.id: o for o in (await session.execute(select(Org))).scalars()}
        article_ids = list(
            (
                await session.execute(select(Article.id).order_by(Article.published_at, Article.id))
            ).scalars()
        )
        paper_ids = list(
            (await session.execute(select(ExamPaper.id).order_by(ExamPaper.sort))).scalars()
        )
        questions = list(
            (await session.execute(select(ExamQuestion).order_by(ExamQuestion.sort))).scalars()
        )
        videos = [
            (v.id, v.course_id, v.seconds)
            for v in (
                await session.execute(
                    select(Video).where(Video.course_id.is_not(None)).order_by(Video.id)
                )
            ).scalars()
            if v.course_id is not None
        ]
    pool = article_ids[: max(0, len(article_ids) - UNTOUCHED_ARTICLES)]
    papers = [
        (pid, {q.id: list(q.answer) for q in questions if q.paper_id == pid}) for pid in paper_ids
    ]
    earners = _earners(accounts, orgs)
    history = _History(db, accounts)
    today = clock.today()
    full = history_days(today)
    for day, days in light_days(today):
        # One transaction a day: every service joins it (Unit.write), as a sync batch does.
        async with history.uow.write():
            for e in earners:
                if e.first and day in full:
                    await history.study_day(e.account, e.level, day, pool, papers, videos)
                    continue
                first = e.first and days == 1  # as likely as on a full day, and as keen
                use = 1.0 if first else platform_use(day, today)
                chance = e.level * city_level(e.plan, day, today) * use
                chance = 1 - (1 - chance) ** days
                visits = 0.0 if days > 1 else 4.0 if first else 2.2
                await history.light_day(e.account, chance, e.level, day, visits)
    first = {e.account.id for e in earners if e.first}
    first_accounts = [a for a in accounts if a.id in first or not a.org_id]
    async with history.uow.write():
        await _vanguard(history.uow, first_accounts, full[0])
    await seed_city_vanguard(db, today)
    await seed_city_meetings(db, today)
    for day in job_days(today):
        await run_daily(db, day, clock)
