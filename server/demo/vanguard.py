"""Demo 心愿树, 微捐赠 and 随手拍, driven through the real services as actions in the past days:
综合执法局第一党支部 (zb001) has something at every state, and its queue has work waiting."""

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
from server.services import vanguard
from server.services.context import Act, Caller

# A 1×1 PNG: enough for a 随手拍 to carry a real image.
PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
    )
).decode()

WISHES = (
    # (poster, title, body, contact, steps: [(actor, action)])
    ("qz001", "帮忙修理院门", "家中院门合页损坏,老人行动不便,希望有人帮忙修理。", "13800000001", []),
    ("dy008", "辅导孩子数学", "孩子读初二,数学跟不上,希望每周有人辅导一次。", "13800000002", []),
    ("dy009", "代购降压药", "行动不便,希望有人每月帮忙到药店代购降压药。", "13800000003", [("dy002", "claim")]),
    ("dy010", "陪同就医", "下周二需到县医院复查,希望有人陪同。", "13800000004",
     [("dy003", "claim"), ("dy003", "fulfil")]),
    ("qz002", "清理屋后杂物", "屋后堆放杂物较多,希望帮忙清理。", "13800000005",
     [("dy004", "claim"), ("dy004", "fulfil"), ("zb001", "confirm")]),
)  # fmt: skip
DONATIONS = (
    ("dy005", "为困难党员捐赠冬衣", "捐赠棉衣 5 件,已清洗整理。", []),
    ("dy006", "捐赠图书", "捐赠党史学习图书 20 册给社区书屋。",
     [("zb001", "approve"), ("dy006", "complete")]),
    ("dy007", "爱心助学", "资助困难学生学习用品一批。",
     [("zb001", "approve"), ("dy007", "complete"), ("zb001", "confirm")]),
)  # fmt: skip
SNAPSHOTS = (
    ("dy011", "社区垃圾分类宣传", "今天在小区门口开展垃圾分类宣传,居民参与积极。", PIXEL, []),
    ("dy012", "道路积水", "东环路雨后积水严重,已联系有关部门。", None, []),
    ("dy001", "志愿者清扫街道", "周末组织志愿者清扫主街道。", PIXEL, [("zb001", "approve")]),
)  # fmt: skip


async def seed_vanguard(db: Database, clock: Clock) -> None:
    async with db.read() as session:
        accounts = {a.username: a for a in (await session.execute(select(Account))).scalars()}
    zb001 = accounts["zb001"].org_id

    def caller(username: str) -> Caller:
        a = accounts[username]
        return Caller(a.id, a.username, AccountKind(a.kind), a.org_id, "")

    day = timedelta(days=1)
    start = clock.now() - 4 * day
    posts = [
        *(("wish", p, schemas.VanguardIn(title=t, body=b, contact=c, branch_id=zb001), steps)
          for p, t, b, c, steps in WISHES),
        *(("donation", p, schemas.VanguardIn(title=t, body=b), steps)
          for p, t, b, steps in DONATIONS),
        *(("snapshot", p, schemas.VanguardIn(title=t, body=b, image_base64=i), steps)
          for p, t, b, i, steps in SNAPSHOTS),
    ]  # fmt: skip
    uow = Unit(db)
    for n, (kind, poster, body, steps) in enumerate(posts):
        at = start + n * timedelta(hours=1)
        out = await vanguard.post(uow, Act(caller(poster), at), kind, body)
        for k, (who, action) in enumerate(steps, 1):
            later = Act(caller(who), at + k * day / 2)
            await vanguard.transition(uow, later, kind, out.item.id, action, None)
