"""The points rules of SPEC §3, as data, and the arithmetic of caps and periods.

Every grant goes through `server.services.points.grant`, which reads this table; nothing else
knows a number of points or a cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from server import messages
from server.domain.errors import refused
from server.domain.orgs import AccountKind


class Category(StrEnum):
    ORG_LIFE = "org_life"
    STUDY = "study"
    VANGUARD = "vanguard"


CATEGORY_NAMES = {
    Category.ORG_LIFE: "组织生活",
    Category.STUDY: "教育学习",
    Category.VANGUARD: "先锋模范",
}


class Period(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


PERIOD_NAMES = {Period.DAY: "日", Period.MONTH: "月", Period.QUARTER: "季度", Period.YEAR: "年"}


@dataclass(frozen=True)
class Rule:
    code: str
    category: Category
    name: str
    points: int  # per action (video: per 180 credited seconds)
    cap: int  # points per period
    period: Period


_S, _O, _V = Category.STUDY, Category.ORG_LIFE, Category.VANGUARD
_D, _M, _Q, _Y = Period.DAY, Period.MONTH, Period.QUARTER, Period.YEAR

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("login", _S, "每日首次登录", 1, 1, _D),
        Rule("collect", _S, "收藏文章", 1, 2, _D),
        Rule("comment", _S, "发表评论", 2, 4, _D),
        Rule("like", _S, "点赞文章", 1, 1, _D),
        Rule("share", _S, "分享文章", 1, 2, _D),
        Rule("read", _S, "有效阅读文章", 1, 5, _D),
        Rule("video", _S, "学习中心视频", 1, 10, _D),
        Rule("exam", _S, "完成考试", 2, 4, _D),
        Rule("third_party", _S, "访问第三方学习平台", 1, 5, _D),
        Rule("meeting_general", _O, "支部党员大会", 30, 30, _Q),
        Rule("meeting_committee", _O, "支部委员会会议", 10, 10, _M),
        Rule("meeting_group", _O, "党小组会", 10, 10, _M),
        Rule("party_lesson", _O, "支部党课", 30, 30, _Q),
        Rule("theme_day", _O, "主题党日活动", 10, 10, _M),
        Rule("life_meeting", _O, "组织生活会和民主评议党员", 30, 30, _Y),
        Rule("donation_post", _V, "微捐赠发布通过审核", 2, 2, _D),
        Rule("donation_done", _V, "微捐赠完成", 10, 10, _D),
        Rule("wish_done", _V, "心愿完成", 10, 10, _D),
        Rule("snapshot", _V, "随手拍通过审核", 2, 6, _D),
    )
}

# Who earns: members, and branch accounts by the same rules. 党委, 党总支, the province admin and
# the public act freely but earn nothing.
EARNERS = frozenset({AccountKind.MEMBER, AccountKind.BRANCH_ADMIN})

# An effective read needs this long on screen (checked by the server's clock).
READ_SECONDS = 30
COMMENT_MIN_CHARS = 5
# An action made offline earns when it reaches the server within this many days (SPEC §7).
LATE_DAYS = 7


def period_bounds(day: date, period: Period) -> tuple[date, date]:
    """First day of the period containing `day`, and the first day after it."""
    if period is Period.DAY:
        return day, day + timedelta(days=1)
    if period is Period.YEAR:
        return date(day.year, 1, 1), date(day.year + 1, 1, 1)
    months = 3 if period is Period.QUARTER else 1
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + months
    end = date(day.year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
    return start, end


def grantable(rule: Rule, earned_in_period: int, wanted: int | None = None) -> int:
    """How many of the points wanted (default: the rule's points) still fit under the cap."""
    want = rule.points if wanted is None else wanted
    return max(0, min(want, rule.cap - earned_in_period))


def check_comment(body: str, previous: list[str]) -> None:
    """Refuse a comment that may not be published (党建资讯's and 经验交流's), in Chinese."""
    problem = comment_problem(body, previous)
    if problem == "comment_too_short":
        raise refused(problem, messages.COMMENT_TOO_SHORT.format(n=COMMENT_MIN_CHARS))
    if problem == "comment_repeated":
        raise refused(problem, messages.COMMENT_REPEATED)


def comment_problem(body: str, previous: list[str]) -> str | None:
    """None when the comment may be published, else the reason (a message key)."""
    meaningful = "".join(body.split())
    if len(meaningful) < COMMENT_MIN_CHARS:
        return "comment_too_short"
    if meaningful in {"".join(p.split()) for p in previous}:
        return "comment_repeated"
    return None


@dataclass(frozen=True)
class ThirdParty:
    code: str
    name: str
    url: str


# The platforms a jump to which earns `third_party` points (SPEC §3).
THIRD_PARTY: dict[str, ThirdParty] = {
    t.code: t
    for t in (
        ThirdParty("xuexi", "学习强国", "https://www.xuexi.cn/"),
        ThirdParty("study", "学习平台", "https://www.gsdj.gov.cn/"),
        ThirdParty("voice", "党建之声", "https://www.gsdj.gov.cn/"),
        ThirdParty("live", "直播频道", "https://www.gsdj.gov.cn/"),
        ThirdParty("theory", "理论文献库", "https://www.gsdj.gov.cn/"),
        ThirdParty("speeches", "习近平系列重要讲话数据库", "https://www.gsdj.gov.cn/"),
    )
}


# -- issue 16: the export of a year's points for the annual appraisal ------------------------
# The earliest year an export may ask for: the platform holds no points before it.
EXPORT_FIRST_YEAR = 2000


def export_period(year: int, today: date) -> tuple[date, date] | None:
    """The first and last day an export of `year` covers (the year so far for this year), or
    None for a year that cannot be exported (in the future, or before EXPORT_FIRST_YEAR)."""
    if year < EXPORT_FIRST_YEAR or year > today.year:
        return None
    return date(year, 1, 1), min(date(year, 12, 31), today)
