"""Demo 经验交流, driven through the real services on past clocks: published posts of several
branches (liked and commented on), and at 综合执法局第一党支部 (zb001, reviewed by its 党总支 zzz001)
one waiting for review, one returned with a reason and one draft."""

from __future__ import annotations

import base64
from datetime import timedelta

from sqlalchemy import select

from contract import schemas
from server.db.engine import Database
from server.db.models import Account
from server.db.unit import Unit
from server.domain.clock import Clock
from server.domain.orgs import AccountKind
from server.services import exchange
from server.services.context import Act, Caller

_NOTE = "“三会一课”记录表(示例).txt"
POSTS = (
    # (branch admin, title, text, attachment?, steps: [(actor, action, reason)])
    ("zb003", "机关党支部“主题党日+志愿服务”的做法",
     "我们把主题党日与社区志愿服务结合起来:每月第一个周五,支部党员分组到结对社区开展政策宣讲、"
     "环境整治和走访慰问。活动前在支部委员会上定主题,活动后在党员大会上交流体会,"
     "做到有计划、有记录、有总结。一年来党员参与率保持在九成以上。",
     True, [("zb003", "submit", None), ("dw001", "approve", None)]),
    ("zb004", "社区党支部用好“网格+党员”服务群众",
     "支部把社区划成 8 个网格,每个网格由 1 至 2 名党员联系,"
     "收集群众的急难愁盼,在心愿树上发布并由党员认领。"
     "网格党员每周碰头一次,把解决不了的问题提交支部委员会研究。",
     False, [("zb004", "submit", None), ("dw002", "reject", "请补充具体事例和成效数据"),
             ("zb004", "submit", None), ("dw002", "approve", None)]),
    ("zb001", "执法队伍党建与业务融合的探索",
     "支部围绕执法规范化建设,设立党员示范岗,开展“亮身份、亮承诺、亮服务”活动,"
     "把学习教育与执法案卷评查结合起来。",
     False, [("zb001", "submit", None)]),
    ("zb001", "党小组会常态化的几点体会",
     "三个党小组每月按时开会,组长提前一周确定议题,会后把记录上传平台。",
     False, [("zb001", "submit", None), ("zzz001", "reject", "请写明党小组会的议题安排和记录方式")]),
    ("zb001", "支部书记讲党课的准备工作", "(草稿)党课选题、备课和试讲的安排。", False, []),
)  # fmt: skip
LIKES = {0: ("dy001", "dy002", "dy025", "zb001"), 1: ("dy003", "dy037")}
COMMENTS = {
    0: (("dy001", "很有启发,我们支部也准备这样安排主题党日。"),
        ("zb001", "活动记录的做法值得学习,谢谢分享。")),
    1: (("dy038", "网格党员的做法很实在,群众的心愿有人管了。"),),
}  # fmt: skip


async def seed_exchange(db: Database, clock: Clock) -> None:
    async with db.read() as session:
        accounts = {a.username: a for a in (await session.execute(select(Account))).scalars()}

    def caller(username: str) -> Caller:
        a = accounts[username]
        return Caller(a.id, a.username, AccountKind(a.kind), a.org_id, "")

    uow = Unit(db)
    hour = timedelta(hours=1)
    start = clock.now() - timedelta(days=6)
    for n, (author, title, text, attached, steps) in enumerate(POSTS):
        at = start + n * 5 * hour
        out = await exchange.create(
            uow, Act(caller(author), at), schemas.ExchangeIn(title=title, body=text)
        )
        post_id = out.post.id
        if attached:
            content = "时间、地点、参加人员、议题、记录人\n".encode()
            await exchange.attach(uow, Act(caller(author), at), post_id, _NOTE,
                                  base64.b64encode(content).decode())  # fmt: skip
        for k, (who, action, reason) in enumerate(steps, 1):
            await exchange.transition(uow, Act(caller(who), at + k * hour), post_id, action, reason)
        later = at + (len(steps) + 1) * hour
        for who in LIKES.get(n, ()):
            await exchange.like(uow, Act(caller(who), later), post_id)
        for who, body in COMMENTS.get(n, ()):
            await exchange.comment(uow, Act(caller(who), later), post_id, body)
