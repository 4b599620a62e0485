"""修改密码 (SPEC §2 accounts): old and new password, the server's strength rule, every other
token of the account revoked, the caller's replaced; for every kind of account."""

from __future__ import annotations

import httpx
import pytest

from server.domain.auth import ADDRESS_THROTTLE
from tests.conftest import DEMO_PASSWORD, login
from tests.server.test_points import advance, set_clock

NEW = "Hongqi2027"


def change(http: httpx.Client, h: dict[str, str], old: str, new: str) -> httpx.Response:
    return http.post(
        "/api/v1/auth/password", headers=h, json={"old_password": old, "new_password": new}
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def status_of_login(http: httpx.Client, username: str, password: str) -> int:
    body = {"username": username, "password": password}
    return http.post("/api/v1/auth/login", json=body).status_code


@pytest.mark.parametrize("username", ["dy056", "zb006", "qz001", "dw002", "zzz001", "sw001"])
def test_every_account_changes_its_password_and_only_this_terminal_stays(
    http: httpx.Client, username: str
) -> None:
    set_clock(http, "2027-09-01T09:00:00+08:00")
    here, elsewhere = login(http, username), login(http, username)
    response = change(http, here, DEMO_PASSWORD, NEW)
    try:
        assert response.status_code == 200, response.text
        body = response.json()
        # At least the other terminal's; logins of this account by earlier tests count too.
        assert body["revoked"] >= 1
        n = body["revoked"]
        assert body["message"] == f"密码已修改,其他终端上的登录({n} 处)已退出"
        for old in (here, elsewhere):
            assert http.get("/api/v1/me", headers=old).json()["code"] == "session_expired"
        me = http.get("/api/v1/me", headers=bearer(body["token"])).json()
        assert me["username"] == username
        assert status_of_login(http, username, DEMO_PASSWORD) == 401
        # Failed logins of earlier tests from this address may make that failure wait
        # (ADDRESS_THROTTLE, at most max_delay): the new password is tried after any such wait.
        advance(http, ADDRESS_THROTTLE.max_delay.total_seconds() + 1)
        assert status_of_login(http, username, NEW) == 200
    finally:
        # And back, so that the demo password keeps working for every other test.
        if response.status_code == 200:
            advance(http, ADDRESS_THROTTLE.max_delay.total_seconds() + 1)
            back = change(http, login(http, username, NEW), NEW, DEMO_PASSWORD)
            assert back.status_code == 200, back.text
    assert status_of_login(http, username, DEMO_PASSWORD) == 200


@pytest.mark.parametrize(
    ("new", "code", "message"),
    [
        ("abc12", "weak_password", "新密码须为 8–64 位,并同时包含英文字母和数字"),
        ("12345678", "weak_password", "新密码须为 8–64 位,并同时包含英文字母和数字"),
        ("abcdefgh", "weak_password", "新密码须为 8–64 位,并同时包含英文字母和数字"),
        ("党建学习终端2027", "weak_password", "新密码须为 8–64 位,并同时包含英文字母和数字"),
        ("a1" * 33, "weak_password", "新密码须为 8–64 位,并同时包含英文字母和数字"),
        ("hong qi 2027", "weak_password", "新密码不能包含空格或不可见字符"),
        ("DY057secret", "weak_password", "新密码不能包含用户名"),
        (DEMO_PASSWORD, "same_password", "新密码不能与原密码相同"),
    ],
)
def test_the_strength_rule_is_the_servers(
    http: httpx.Client, new: str, code: str, message: str
) -> None:
    set_clock(http, "2027-09-01T10:00:00+08:00")
    h = login(http, "dy057")
    response = change(http, h, DEMO_PASSWORD, new)
    assert response.status_code == 422, response.text
    assert response.json() == {"code": code, "message": message}
    assert http.get("/api/v1/me", headers=h).status_code == 200  # nothing revoked
    assert status_of_login(http, "dy057", DEMO_PASSWORD) == 200


def test_a_wrong_old_password_counts_as_a_failed_login(http: httpx.Client) -> None:
    set_clock(http, "2027-09-02T10:00:00+08:00")
    h = login(http, "dy058")
    assert change(http, None or {}, DEMO_PASSWORD, NEW).status_code == 401  # no token
    for _ in range(5):
        wrong = change(http, h, "not-the-password", NEW)
        assert wrong.status_code == 422
        assert wrong.json() == {"code": "wrong_password", "message": "原密码不正确"}
    locked = change(http, h, DEMO_PASSWORD, NEW)
    assert locked.status_code == 429 and locked.json()["code"] == "account_locked"
    assert status_of_login(http, "dy058", DEMO_PASSWORD) == 429
    advance(http, 16 * 60)
    assert status_of_login(http, "dy058", DEMO_PASSWORD) == 200


def test_one_time_passwords_verify_only_themselves() -> None:
    """A one-time password (init, imports, resets) passes the strength rule, verifies against
    its own hash only, and is not argon2 (a province's import hashes in seconds)."""
    from server.domain import auth

    first, second = auth.one_time_password(), auth.one_time_password()
    assert first != second
    auth.check_new_password(first, old="", username="dy001")
    stored = auth.hash_one_time(first)
    assert not stored.startswith("$argon2")
    assert auth.hash_one_time(first) != stored  # salted
    assert auth.verify_password(stored, first)
    assert not auth.verify_password(stored, second)
    assert not auth.verify_password(stored, "")


def test_an_imports_passwords_are_one_time_passwords() -> None:
    """The import's passwords (drawn in bulk from one buffer) follow the same alphabet, length
    and rule as `auth.one_time_password`, are all different, and use the whole alphabet."""
    from server.domain import auth
    from server.services.imports import one_time_passwords

    made = one_time_passwords(3000)
    assert len(made) == len(set(made)) == 3000
    for password in made[:200]:
        auth.check_new_password(password, old="", username="dy001")
    assert all(len(p) == auth.ONE_TIME_LENGTH for p in made)
    assert set("".join(made)) == set(auth.ONE_TIME_ALPHABET)
    assert all(any(c.isalpha() for c in p) and any(c.isdigit() for c in p) for p in made)
