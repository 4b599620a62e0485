"""The org tree and the account kinds (SPEC §2), as data."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    PROVINCE = "province"
    COMMITTEE = "committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    GROUP = "group"


ORG_KIND_NAMES: dict[OrgKind, str] = {
    OrgKind.PROVINCE: "省委组织部",
    OrgKind.COMMITTEE: "党委",
    OrgKind.GENERAL_BRANCH: "党总支",
    OrgKind.BRANCH: "党支部",
    OrgKind.GROUP: "党小组",
}

# Which kind of org may hang under which: a 党委 holds 党总支 or 党支部 directly.
ORG_CHILD_KINDS: dict[OrgKind, frozenset[OrgKind]] = {
    OrgKind.PROVINCE: frozenset({OrgKind.COMMITTEE}),
    OrgKind.COMMITTEE: frozenset({OrgKind.GENERAL_BRANCH, OrgKind.BRANCH}),
    OrgKind.GENERAL_BRANCH: frozenset({OrgKind.BRANCH}),
    OrgKind.BRANCH: frozenset({OrgKind.GROUP}),
    OrgKind.GROUP: frozenset(),
}


class AccountKind(StrEnum):
    PROVINCE_ADMIN = "province_admin"
    COMMITTEE_ADMIN = "committee_admin"
    GENERAL_BRANCH_ADMIN = "general_branch_admin"
    BRANCH_ADMIN = "branch_admin"
    MEMBER = "member"
    PUBLIC = "public"


ACCOUNT_KIND_NAMES: dict[AccountKind, str] = {
    AccountKind.PROVINCE_ADMIN: "省委组织部管理员",
    AccountKind.COMMITTEE_ADMIN: "党委管理员",
    AccountKind.GENERAL_BRANCH_ADMIN: "党总支管理员",
    AccountKind.BRANCH_ADMIN: "党支部管理员",
    AccountKind.MEMBER: "党员",
    AccountKind.PUBLIC: "群众",
}

# The org an account of each kind belongs to (None: the public belong to no org).
ACCOUNT_ORG_KIND: dict[AccountKind, OrgKind | None] = {
    AccountKind.PROVINCE_ADMIN: OrgKind.PROVINCE,
    AccountKind.COMMITTEE_ADMIN: OrgKind.COMMITTEE,
    AccountKind.GENERAL_BRANCH_ADMIN: OrgKind.GENERAL_BRANCH,
    AccountKind.BRANCH_ADMIN: OrgKind.BRANCH,
    AccountKind.MEMBER: OrgKind.BRANCH,
    AccountKind.PUBLIC: None,
}

ADMIN_KINDS = frozenset(
    {
        AccountKind.PROVINCE_ADMIN,
        AccountKind.COMMITTEE_ADMIN,
        AccountKind.GENERAL_BRANCH_ADMIN,
        AccountKind.BRANCH_ADMIN,
    }
)


class BranchField(StrEnum):
    """The six fields (领域) a branch works in: 学标对标's standards and 我的支部's profile."""

    RURAL = "rural"
    ORGAN = "organ"
    STATE_ENTERPRISE = "state_enterprise"
    COMMUNITY = "community"
    INSTITUTION = "institution"
    NON_PUBLIC = "non_public"


BRANCH_FIELD_NAMES: dict[BranchField, str] = {
    BranchField.RURAL: "农村",
    BranchField.ORGAN: "机关",
    BranchField.STATE_ENTERPRISE: "国有企业",
    BranchField.COMMUNITY: "城市社区",
    BranchField.INSTITUTION: "事业单位",
    BranchField.NON_PUBLIC: "非公有制经济和社会组织",
}

# 甘肃's 市州: every org below the province belongs to one (imports name it; the 党建地图 draws by
# it). A list of names, in the province's usual order.
CITIES: tuple[str, ...] = (
    "兰州市",
    "嘉峪关市",
    "金昌市",
    "白银市",
    "天水市",
    "武威市",
    "张掖市",
    "平凉市",
    "酒泉市",
    "庆阳市",
    "定西市",
    "陇南市",
    "临夏回族自治州",
    "甘南藏族自治州",
)

# Each 市州's administrative division code (the map and the import name them by it too).
CITY_CODES: dict[str, str] = {
    "兰州市": "620100",
    "嘉峪关市": "620200",
    "金昌市": "620300",
    "白银市": "620400",
    "天水市": "620500",
    "武威市": "620600",
    "张掖市": "620700",
    "平凉市": "620800",
    "酒泉市": "620900",
    "庆阳市": "621000",
    "定西市": "621100",
    "陇南市": "621200",
    "临夏回族自治州": "622900",
    "甘南藏族自治州": "623000",
}
assert tuple(CITY_CODES) == CITIES
