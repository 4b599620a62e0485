"""The demo province: deterministic orgs and accounts for `gsdj-server demo`, docs and tests.

Fixed usernames: 党员 dy001…, 党支部 zb001…, 党总支 zzz001, 党委 dw001/dw002, 省委组织部 sw001,
群众 qz001/qz002; then, after them, the 党委 of every 市州 (server.demo.cities: dwts01, zzzts01,
zbts01, dyts001, …); every password is DEMO_PASSWORD.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Account, Article, Course, ExamPaper, Org
from server.demo.articles import seed_articles
from server.demo.cities import CITY_PLANS, BranchPlan, member_name
from server.demo.study import seed_study
from server.domain.auth import hash_demo_password
from server.domain.clock import Clock
from server.domain.orgs import AccountKind, BranchField, OrgKind

DEMO_PASSWORD = "gsdj2026"

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
_GIVEN = (
    "建国",
    "秀英",
    "志强",
    "丽娟",
    "文博",
    "海燕",
    "国庆",
    "春梅",
    "晓东",
    "玉兰",
    "明亮",
    "红霞",
    "永刚",
    "淑珍",
    "子豪",
    "雪梅",
    "振华",
    "桂芳",
)
_POSITIONS = ("secretary", "deputy_secretary", "organization", "publicity", "discipline")


# 党委 → (党总支 → branches) and branches directly under the 党委; each 党委 with its 市州.
PROVINCE = "中共甘肃省委组织部"
CITIES = {"兰州新区机关工委": "兰州市", "文县城关镇党委": "陇南市"}
COMMITTEES = (
    (
        "兰州新区机关工委",
        (
            (
                "兰州新区综合党总支",
                (
                    BranchPlan("综合执法局第一党支部", 3, 14, BranchField.ORGAN),
                    BranchPlan("综合执法局第二党支部", 2, 10, BranchField.ORGAN),
                ),
            ),
        ),
        (BranchPlan("新区管委会机关党支部", 2, 12, BranchField.ORGAN),),
    ),
    (
        "文县城关镇党委",
        (),
        (
            BranchPlan("城关社区党支部", 2, 10, BranchField.COMMUNITY),
            BranchPlan("东关村党支部", 2, 9, BranchField.RURAL),
            BranchPlan("西街村党支部", 2, 8, BranchField.RURAL),
        ),
    ),
)


def person_name(i: int) -> str:
    return _SURNAMES[i % len(_SURNAMES)] + _GIVEN[(i * 7) % len(_GIVEN)]


async def seed(session: AsyncSession, clock: Clock) -> None:
    """Fill an empty, migrated database with the demo province."""
    now = clock.now()
    counters = {"dw": 0, "zzz": 0, "zb": 0, "dy": 0}

    def org_row(
        name: str,
        kind: OrgKind,
        parent: Org | None,
        sort: int = 0,
        city: str | None = None,
        field: BranchField | None = None,
    ) -> Org:
        # 组织代码: the parent's code and this org's place under it (GS, GS01, GS0101, …).
        code = f"{parent.code}{sort + 1:02d}" if parent and parent.code else "GS"
        row = Org(
            name=name,
            kind=kind.value,
            parent_id=parent.id if parent else None,
            sort=sort,
            code=code,
            city=city if city is not None else (parent.city if parent else None),
            field=field.value if field else None,
        )
        session.add(row)
        return row

    async def org(*args: Any, **kw: Any) -> Org:
        row = org_row(*args, **kw)
        await session.flush()
        return row

    def account(
        prefix: str, kind: AccountKind, name: str, org_: Org | None, width: int = 3, **extra: object
    ) -> Account:
        counters[prefix] = counters.get(prefix, 0) + 1
        row = Account(
            username=f"{prefix}{counters[prefix]:0{width}d}",
            display_name=name,
            kind=kind.value,
            org_id=org_.id if org_ else None,
            password_hash=hash_demo_password(DEMO_PASSWORD),  # its own salt, the demo cost
            created_at=now,
            **extra,
        )
        session.add(row)
        return row

    def members(
        plan: BranchPlan, row: Org, groups: list[Org], prefix: str, names: Iterator[str]
    ) -> None:
        for m in range(plan.members):
            position = _POSITIONS[m] if m < len(_POSITIONS) else None
            account(
                f"dy{prefix}", AccountKind.MEMBER, next(names), row, 3,
                group_id=groups[m % len(groups)].id, position_code=position,
            )  # fmt: skip

    first_names = map(person_name, itertools.count())  # the first province's members
    province = await org(PROVINCE, OrgKind.PROVINCE, None)
    account("sw", AccountKind.PROVINCE_ADMIN, "省委组织部管理员", province)

    async def branch(plan: BranchPlan, parent: Org, sort: int) -> None:
        row = await org(plan.name, OrgKind.BRANCH, parent, sort, field=plan.field)
        account("zb", AccountKind.BRANCH_ADMIN, plan.name, row)
        groups = [
            await org(f"第{'一二三四五'[g]}党小组", OrgKind.GROUP, row, g)
            for g in range(plan.groups)
        ]
        members(plan, row, groups, "", first_names)

    for c, (name, general_branches, branches) in enumerate(COMMITTEES):
        committee = await org(name, OrgKind.COMMITTEE, province, c, city=CITIES[name])
        account("dw", AccountKind.COMMITTEE_ADMIN, name, committee)
        for g, (gb_name, gb_branches) in enumerate(general_branches):
            general = await org(gb_name, OrgKind.GENERAL_BRANCH, committee, g)
            account("zzz", AccountKind.GENERAL_BRANCH_ADMIN, gb_name, general)
            for s, plan in enumerate(gb_branches):
                await branch(plan, general, s)
        for s, plan in enumerate(branches, start=len(general_branches)):
            await branch(plan, committee, s)
    for name in ("赵群众", "钱群众"):
        account("qz", AccountKind.PUBLIC, name, None)
    await _seed_cities(session, province, org_row, account, members)
    await session.flush()
    await seed_articles(session)
    await seed_study(session)
    # The demo's content is the province's, published to everyone (issue 16).
    for model in (Article, Course, ExamPaper):
        await session.execute(update(model).values(owner_org_id=province.id, status="published"))


async def _seed_cities(
    session: AsyncSession, province: Org, org: Any, account: Any, members: Any
) -> None:
    """Every 市州's 党委 (server.demo.cities), after the first province, whose ids, usernames and
    orgs stay as they were: the accounts carry the 市州's prefix and are numbered within it
    (zbts01, dyts001, …). One flush per level of the tree, not one per org."""
    committees = []
    for plan in CITY_PLANS:
        for c in plan.committees:
            sort = len(COMMITTEES) + len(committees)
            committees.append((plan, c, org(c.name, OrgKind.COMMITTEE, province, sort, plan.city)))
    await session.flush()
    generals = {
        (c.name, g): org(name, OrgKind.GENERAL_BRANCH, row, g)
        for _, c, row in committees
        for g, (name, _) in enumerate(c.general_branches)
    }
    await session.flush()
    under: list[tuple[BranchPlan, Org, int]] = []
    for _, c, row in committees:
        for g, (_, branches) in enumerate(c.general_branches):
            under += [(p, generals[(c.name, g)], s) for s, p in enumerate(branches)]
        under += [(p, row, s) for s, p in enumerate(c.branches, start=len(c.general_branches))]
    rows = {p.name: org(p.name, OrgKind.BRANCH, parent, s, field=p.field) for p, parent, s in under}
    await session.flush()
    groups = {
        p.name: [org(f"第{'一二三四五'[g]}党小组", OrgKind.GROUP, rows[p.name], g)
                 for g in range(p.groups)]
        for p, _, _ in under
    }  # fmt: skip
    await session.flush()
    numbers = itertools.count()  # of the 市州 members, province-wide: no two names alike
    for plan, c, row in committees:
        names = map(functools.partial(member_name, plan), numbers)
        p = plan.prefix
        account(f"dw{p}", AccountKind.COMMITTEE_ADMIN, c.name, row, 2)
        nested = [(n, generals[(c.name, g)], bs) for g, (n, bs) in enumerate(c.general_branches)]
        for general, parent, branches in [*nested, (None, row, c.branches)]:
            if general is not None:
                account(f"zzz{p}", AccountKind.GENERAL_BRANCH_ADMIN, general, parent, 2)
            for b in branches:
                account(f"zb{p}", AccountKind.BRANCH_ADMIN, b.name, rows[b.name], 2)
                members(b, rows[b.name], groups[b.name], p, names)
