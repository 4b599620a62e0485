"""SPEC §2: every account kind × every feature, enforced by the server with the exact messages."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import login

NO_PERMISSION = "用户无该权限"
NO_LOGIN = "该用户没有权限登录此系统,请联系管理员"

ACCOUNTS = {
    "province_admin": "sw001",
    "committee_admin": "dw001",
    "general_branch_admin": "zzz001",
    "branch_admin": "zb001",
    "member": "dy001",
    "public": "qz001",
}

# The SPEC §2 table (APP column), written out here independently of the server's own table.
ALLOWED = {
    "meetings": {"committee_admin", "general_branch_admin", "branch_admin"},
    "compliance": {"committee_admin", "general_branch_admin", "branch_admin"},
    "analytics": {"committee_admin", "general_branch_admin"},
    "big_screen": {"province_admin"},
    "map": {"province_admin"},
    "exams": {"member"},
    "courses": {"member", "branch_admin"},
    "points_export": {"province_admin", "committee_admin", "general_branch_admin", "branch_admin"},
    # issue 16: 组织与人员导入, for the four admin kinds
    "org_import": {"province_admin", "committee_admin", "general_branch_admin", "branch_admin"},
    # issue 16: 内容发布 (our decision: the province, 党委 and 党总支 publish)
    "publish": {"province_admin", "committee_admin", "general_branch_admin"},
}
REFUSAL = {
    "meetings": ("subsystem_forbidden", NO_LOGIN),
    "compliance": ("subsystem_forbidden", NO_LOGIN),
    "analytics": ("subsystem_forbidden", NO_LOGIN),
    "big_screen": ("subsystem_forbidden", NO_LOGIN),
    "map": ("subsystem_forbidden", NO_LOGIN),
    "exams": ("feature_forbidden", NO_PERMISSION),
    "courses": ("feature_forbidden", NO_PERMISSION),
    "points_export": ("feature_forbidden", NO_PERMISSION),
    "org_import": ("feature_forbidden", NO_PERMISSION),
    "publish": ("feature_forbidden", NO_PERMISSION),
}


@pytest.mark.parametrize("kind", ACCOUNTS)
def test_every_kind_against_every_feature(http: httpx.Client, kind: str) -> None:
    headers = login(http, ACCOUNTS[kind])
    me = http.get("/api/v1/me", headers=headers).json()
    assert me["kind"] == kind

    listed = {f["code"]: f for f in http.get("/api/v1/me/features", headers=headers).json()}
    assert set(listed) == set(ALLOWED)

    for feature, kinds in ALLOWED.items():
        response = http.get(f"/api/v1/features/{feature}", headers=headers)
        if kind in kinds:
            assert response.status_code == 200, (kind, feature, response.text)
            assert response.json()["allowed"] is True
            assert listed[feature]["allowed"] is True
        else:
            code, message = REFUSAL[feature]
            assert response.status_code == 403, (kind, feature)
            assert response.json() == {"code": code, "message": message}
            assert listed[feature] == {**listed[feature], "allowed": False, "message": message}


@pytest.mark.parametrize("feature", ALLOWED)
def test_features_need_a_login(http: httpx.Client, feature: str) -> None:
    response = http.get(f"/api/v1/features/{feature}")
    assert response.status_code == 401
    assert response.json()["code"] == "not_logged_in"


def test_unknown_feature_is_404(http: httpx.Client) -> None:
    response = http.get("/api/v1/features/nope", headers=login(http, "dy001"))
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_feature"
