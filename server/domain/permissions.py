"""The feature permission table of SPEC §2 (the APP column), as data, and the one check."""

from __future__ import annotations

from dataclasses import dataclass

from server import messages
from server.domain.errors import DomainError, Kind
from server.domain.orgs import AccountKind as K


@dataclass(frozen=True)
class Feature:
    code: str
    name: str
    allowed: frozenset[K]
    # A subsystem refuses a login with NO_SUBSYSTEM_LOGIN; a module inside the app (我的考试,
    # 我的课程) refuses with NO_FEATURE_PERMISSION, as the platform does.
    refusal: str


FEATURES: dict[str, Feature] = {
    f.code: f
    for f in (
        Feature(
            "meetings",
            "在线用标",
            frozenset({K.COMMITTEE_ADMIN, K.GENERAL_BRANCH_ADMIN, K.BRANCH_ADMIN}),
            messages.NO_SUBSYSTEM_LOGIN,
        ),
        Feature(
            "compliance",
            "督办达标",
            frozenset({K.COMMITTEE_ADMIN, K.GENERAL_BRANCH_ADMIN, K.BRANCH_ADMIN}),
            messages.NO_SUBSYSTEM_LOGIN,
        ),
        Feature(
            "analytics",
            "数据分析示图",
            frozenset({K.COMMITTEE_ADMIN, K.GENERAL_BRANCH_ADMIN}),
            messages.NO_SUBSYSTEM_LOGIN,
        ),
        Feature(
            "big_screen", "党建大屏", frozenset({K.PROVINCE_ADMIN}), messages.NO_SUBSYSTEM_LOGIN
        ),
        Feature("map", "党建地图", frozenset({K.PROVINCE_ADMIN}), messages.NO_SUBSYSTEM_LOGIN),
        Feature("exams", "我的考试", frozenset({K.MEMBER}), messages.NO_FEATURE_PERMISSION),
        Feature(
            "courses",
            "我的课程",
            frozenset({K.MEMBER, K.BRANCH_ADMIN}),
            messages.NO_FEATURE_PERMISSION,
        ),
        # issue 16: the year's points by category for the annual appraisal, each for its scope.
        Feature(
            "points_export",
            "积分导出",
            frozenset(
                {K.PROVINCE_ADMIN, K.COMMITTEE_ADMIN, K.GENERAL_BRANCH_ADMIN, K.BRANCH_ADMIN}
            ),
            messages.NO_FEATURE_PERMISSION,
        ),
        Feature(
            "org_import",
            "组织与人员导入",
            frozenset(
                {K.PROVINCE_ADMIN, K.COMMITTEE_ADMIN, K.GENERAL_BRANCH_ADMIN, K.BRANCH_ADMIN}
            ),
            messages.NO_FEATURE_PERMISSION,
        ),
        # issue 16: 内容发布 (server.domain.publishing.PUBLISHERS)
        Feature(
            "publish",
            "内容发布",
            frozenset({K.PROVINCE_ADMIN, K.COMMITTEE_ADMIN, K.GENERAL_BRANCH_ADMIN}),
            messages.NO_FEATURE_PERMISSION,
        ),
    )
}


class FeatureDenied(DomainError):
    """A subsystem or module this account may not use, with the platform's own message."""

    def __init__(self, feature: Feature) -> None:
        code = (
            "subsystem_forbidden"
            if feature.refusal == messages.NO_SUBSYSTEM_LOGIN
            else "feature_forbidden"
        )
        super().__init__(Kind.FORBIDDEN, code, feature.refusal)
        self.feature = feature


def may_use(kind: K, feature_code: str) -> bool:
    return kind in FEATURES[feature_code].allowed


def require(kind: K, feature_code: str) -> Feature:
    """Raise FeatureDenied unless an account of this kind may use the feature."""
    feature = FEATURES[feature_code]
    if kind not in feature.allowed:
        raise FeatureDenied(feature)
    return feature
