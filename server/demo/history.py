"""A few weeks of the demo province's past: study and 先锋模范 by every member and branch account,
driven through the real services as actions on past days, then the daily job for each of those
days, so that 排行榜, 爱心榜, 督办达标 and 我的积分 show a history whose ranks differ.

Deterministic: each account has its own level of activity (some study every day, some rarely),
and each day's choices come from a random generator seeded with the account and the day. Today is
left alone (every daily cap is still open for whoever tries the demo), and so are the newest
articles, every paper and every video of dy001 (the account the README suggests), so that the
first read, 考试 and video of the demo still earn.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from contract import schemas
from server.db import ledger
from server.db.engine import Database
from server.db.models import Account, Article, ExamPaper, ExamQuestion, Video
from server.db.unit import Unit
from server.domain import points
from server.domain.clock import SHANGHAI, Clock
from server.domain.orgs import AccountKind
from server.jobs.daily import run_daily
from server.services import articles, exams, study, vanguard
from server.services.context import Act, Caller

HISTORY_DAYS = 14
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
    """How likely an account is to study on a day: spread from 0.1 to 0.9 over the accounts,
    in an order that mixes the branches."""
    return 0.1 + 0.8 * ((n * 37) % total) / max(1, total - 1)


class _History:
    def __init__(self, db: Database, accounts: list[Account]) -> None:
        self.uow = Unit(db)
        self.accounts = accounts
        self.read: dict[int, list[int]] = {a.id: [] for a in accounts}
        self.commented: dict[int, set[int]] = {a.id: set() for a in accounts}
        self.papers_done: dict[int, set[int]] = {a.id: set() for a in accounts}
        self.videos_done: dict[int, set[int]] = {a.id: set() for a in accounts}

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
    """The days the history covers, oldest first: the weeks before today, not today."""
    return [today - timedelta(days=d) for d in range(HISTORY_DAYS, 0, -1)]


async def seed_history(db: Database, clock: Clock) -> None:
    """Run after the province, its articles, study, meetings and 先锋模范 are seeded."""
    async with db.read() as session:
        accounts = list((await session.execute(select(Account).order_by(Account.id))).scalars())
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
    earners = [a for a in accounts if AccountKind(a.kind) in points.EARNERS]
    history = _History(db, accounts)
    days = history_days(clock.today())
    for day in days:
        # One transaction a day: every service joins it (Unit.write), as a sync batch does.
        async with history.uow.write():
            for n, a in enumerate(earners):
                level = activity(n, len(earners))
                await history.study_day(a, level, day, pool, papers, videos)
    async with history.uow.write():
        await _vanguard(history.uow, accounts, days[0])
    for day in days:
        await run_daily(db, day, clock)
