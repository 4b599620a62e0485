"""首页功能区: the shortcut buttons a user may put on the home screen, as data.

A shortcut opens a screen of the terminal client. A row joins this catalog when its screen
ships; `feature` names the permission (server.domain.permissions) it needs, if any.
"""

from __future__ import annotations

from dataclasses import dataclass

from server import messages
from server.domain.orgs import AccountKind
from server.domain.permissions import may_use

MAX_SHORTCUTS = 12


@dataclass(frozen=True)
class Shortcut:
    code: str
    name: str
    feature: str | None = None
    members_of_org_only: bool = False
    kinds: frozenset[AccountKind] | None = None  # only these account kinds, when given
    default: bool = True  # on a new account's 首页功能区 (else the user adds it)


CATALOG: tuple[Shortcut, ...] = (
    Shortcut("news", "党建资讯"),
    Shortcut("study", "学习中心"),
    Shortcut("exams", "我的考试", feature="exams"),
    Shortcut("points", "我的积分", members_of_org_only=True),
    Shortcut("boards", "排行榜", members_of_org_only=True),
    Shortcut("meetings", "在线用标", feature="meetings"),
    Shortcut("my_meetings", "会议通知", kinds=frozenset({AccountKind.MEMBER})),
    Shortcut("compliance", "督办达标", feature="compliance"),
    Shortcut("analytics", "数据分析示图", feature="analytics"),
    Shortcut("map", "党建地图", feature="map"),
    Shortcut("vanguard", "先锋模范"),
    Shortcut("exchange", "经验交流", default=False),
    Shortcut("party_services", "党群服务", default=False),
    Shortcut(
        "audit",
        "审核记录",
        kinds=frozenset(
            {
                AccountKind.PROVINCE_ADMIN,
                AccountKind.COMMITTEE_ADMIN,
                AccountKind.GENERAL_BRANCH_ADMIN,
            }
        ),
    ),
    Shortcut("publish", "内容发布", feature="publish", default=False),
    Shortcut("profile", "我的信息"),
    Shortcut("password", "修改密码", default=False),
    Shortcut("orgs", "组织架构", members_of_org_only=True),
    Shortcut("org_import", "组织与人员导入", feature="org_import", default=False),
    Shortcut("features", "功能权限"),
    Shortcut("guide", "操作指南"),
    Shortcut("branch", "我的支部", default=False,
             kinds=frozenset({AccountKind.MEMBER, AccountKind.BRANCH_ADMIN})),
    Shortcut("accounts", "账号管理", default=False,
             kinds=frozenset({AccountKind.BRANCH_ADMIN, AccountKind.GENERAL_BRANCH_ADMIN,
                              AccountKind.COMMITTEE_ADMIN, AccountKind.PROVINCE_ADMIN})),
    Shortcut("big_screen", "党建大屏", feature="big_screen"),
    # issue 18: not defaults (a new account's 首页功能区 stays as it was); users add them.
    Shortcut("standards", "学标对标", default=False),
    Shortcut("standards_overview", "对标总览", default=False,
             kinds=frozenset({AccountKind.PROVINCE_ADMIN, AccountKind.COMMITTEE_ADMIN,
                              AccountKind.GENERAL_BRANCH_ADMIN})),
    Shortcut("standards_column", "标准化专栏", default=False),
)  # fmt: skip
BY_CODE = {s.code: s for s in CATALOG}


class ShortcutError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def available(kind: AccountKind) -> list[Shortcut]:
    return [
        s
        for s in CATALOG
        if (s.feature is None or may_use(kind, s.feature))
        and not (s.members_of_org_only and kind is AccountKind.PUBLIC)
        and (s.kinds is None or kind in s.kinds)
    ]


def default_for(kind: AccountKind) -> list[str]:
    """A new account's 首页功能区: the catalog's defaults it may use, in order, no more than
    it may keep (a 党委 admin may use 13; the last, 操作指南, is F1 anyway)."""
    return [s.code for s in available(kind) if s.default][:MAX_SHORTCUTS]


def validate(kind: AccountKind, codes: list[str]) -> list[str]:
    """Check a user's chosen shortcuts, in order; raise ShortcutError with a Chinese message."""
    allowed = {s.code for s in available(kind)}
    if len(codes) > MAX_SHORTCUTS:
        raise ShortcutError(
            "too_many_shortcuts", messages.SHORTCUT_TOO_MANY.format(limit=MAX_SHORTCUTS)
        )
    seen: set[str] = set()
    for code in codes:
        shortcut = BY_CODE.get(code)
        if shortcut is None:
            raise ShortcutError("unknown_shortcut", messages.UNKNOWN_SHORTCUT.format(code=code))
        if code not in allowed:
            raise ShortcutError(
                "shortcut_forbidden", messages.SHORTCUT_NOT_ALLOWED.format(name=shortcut.name)
            )
        if code in seen:
            raise ShortcutError(
                "duplicate_shortcut", messages.SHORTCUT_DUPLICATE.format(name=shortcut.name)
            )
        seen.add(code)
    return codes
