"""数据分析示图, 党建地图 and 党建大屏 (issue 17): the figures the daily job keeps per org level,
as data.

Every figure is computed per branch and summed up its ancestors (党总支, 党委, 市州, province):
each member belongs to one branch, so counts of distinct members add up too. A day's row holds
that day (and, for `active_week`, the 7 days ending on it); a month's row holds the month up to
the day the job last ran in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Level(StrEnum):
    """Where a row's figures are summed: an org of the tree, or a 市州 (not an org)."""

    BRANCH = "branch"
    GENERAL_BRANCH = "general_branch"
    COMMITTEE = "committee"
    CITY = "city"
    PROVINCE = "province"


LEVEL_NAMES: dict[Level, str] = {
    Level.BRANCH: "党支部",
    Level.GENERAL_BRANCH: "党总支",
    Level.COMMITTEE: "党委",
    Level.CITY: "市州",
    Level.PROVINCE: "全省",
}


class Grain(StrEnum):
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    unit: str
    # A share of two stored counts (numerator / denominator) rather than a stored count.
    ratio_of: tuple[str, str] | None = None
    # Divided by the members of the row (per member), shown with one decimal.
    per_member: bool = False


METRICS: dict[str, Metric] = {
    m.code: m
    for m in (
        Metric("members", "党员人数", "人"),
        Metric("branches", "党支部数", "个"),
        Metric("active", "活跃党员", "人"),
        Metric("active_week", "近7日活跃党员", "人"),
        Metric("study_points", "教育学习积分", "分"),
        Metric("study_per_member", "人均学习积分", "分", per_member=True),
        Metric("green_share", "督办达标率", "%", ratio_of=("compliance_green", "compliance_rows")),
        Metric("wishes", "心愿完成", "个"),
        Metric("donations", "微捐赠完成", "次"),
        Metric("snapshots", "随手拍", "条"),
    )
}

# The 先锋模范 figures count the approvals that pay their rule (server.domain.points): a wish
# confirmed fulfilled, a donation confirmed done, a 随手拍 approved.
VANGUARD_RULES: dict[str, str] = {
    "wishes": "wish_done",
    "donations": "donation_done",
    "snapshots": "snapshot",
}

# How long each grain's rows are kept: days for the last 12 months (a branch's only for the last
# 62 days: a province holds 100,000 of them), months for the last 13.
KEEP_DAYS = 366
KEEP_BRANCH_DAYS = 62
KEEP_MONTHS = 13


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_back(day: date, n: int) -> date:
    """The first day of the month `n` months before `day`'s."""
    index = day.year * 12 + day.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def week_start(day: date) -> date:
    """The first of the 7 days ending on `day` (active_week)."""
    return day - timedelta(days=6)


def value(metric: Metric, figures: dict[str, int]) -> float | None:
    """The metric of one row of stored counts: None where it is undefined (a share of none)."""
    if metric.ratio_of is not None:
        num, den = (figures.get(k, 0) for k in metric.ratio_of)
        return round(100.0 * num / den, 1) if den else None
    if metric.per_member:
        members = figures.get("members", 0)
        return round(figures.get("study_points", 0) / members, 1) if members else None
    return float(figures.get(metric.code, 0))
