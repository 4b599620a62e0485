"""The leaderboards of SPEC §3 as data: what each ranks, and who sees which."""

from __future__ import annotations

from dataclasses import dataclass

from server.domain.orgs import AccountKind as K
from server.domain.points import Category


@dataclass(frozen=True)
class Board:
    code: str
    name: str
    category: Category
    subject: str  # "member" (ranked within a branch) or "branch" (under a 党委 or province-wide)


BOARDS: dict[str, Board] = {
    b.code: b
    for b in (
        Board("member_study", "个人排行榜", Category.STUDY, "member"),
        Board("branch_study", "支部排行榜", Category.STUDY, "branch"),
        Board("member_love", "爱心榜", Category.VANGUARD, "member"),
        Board("branch_love", "支部爱心榜", Category.VANGUARD, "branch"),
    )
}

# Members' points are shown only inside their branch, so the member boards are for the branch's
# own accounts; the upper orgs see the branch boards of their 党委 (the province: all of them).
VISIBLE: dict[K, tuple[str, ...]] = {
    K.MEMBER: ("member_study", "branch_study", "member_love"),
    K.BRANCH_ADMIN: ("member_study", "branch_study", "member_love", "branch_love"),
    K.GENERAL_BRANCH_ADMIN: ("branch_study", "branch_love"),
    K.COMMITTEE_ADMIN: ("branch_study", "branch_love"),
    K.PROVINCE_ADMIN: ("branch_study", "branch_love"),
    K.PUBLIC: (),
}

PERIODS = ("month", "year")
MAX_PAGE = 1000
