"""Login, tokens, logout, lockouts."""

from __future__ import annotations

import concurrent.futures

import httpx

from tests.conftest import DEMO_PASSWORD, login
from tests.servers import start_server


def test_login_answers_token_kind_org_and_name(http: httpx.Client) -> None:
    response = http.post(
        "/api/v1/auth/login", json={"username": "dy001", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert len(body["token"]) >= 40
    account = body["account"]
    assert account["username"] == "dy001"
    assert account["kind"] == "member" and account["kind_name"] == "党员"
    assert account["display_name"]
    assert account["org"]["kind"] == "branch"
    assert [o["kind"] for o in account["org_path"]] == [
        "province",
        "committee",
        "general_branch",
        "branch",
    ]
    assert account["group"]["kind"] == "group"


def test_every_account_kind_logs_in(http: httpx.Client) -> None:
    kinds = {}
    for username in ("sw001", "dw001", "dw002", "zzz001", "zb001", "dy001", "dy060", "qz001"):
        headers = login(http, username)
        kinds[username] = http.get("/api/v1/me", headers=headers).json()["kind"]
    assert kinds == {
        "sw001": "province_admin",
        "dw001": "committee_admin",
        "dw002": "committee_admin",
        "zzz001": "general_branch_admin",
        "zb001": "branch_admin",
        "dy001": "member",
        "dy060": "member",
        "qz001": "public",
    }


def test_wrong_password_and_unknown_user_answer_the_same_401(http: httpx.Client) -> None:
    wrong = http.post("/api/v1/auth/login", json={"username": "dy002", "password": "nope"})
    unknown = http.post("/api/v1/auth/login", json={"username": "nobody", "password": "nope"})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.json() == {"code": "bad_credentials", "message": "用户名或密码错误"}


def test_token_is_opaque_and_checked(http: httpx.Client) -> None:
    assert http.get("/api/v1/me").json()["code"] == "not_logged_in"
    bogus = http.get("/api/v1/me", headers={"Authorization": "Bearer made-up"})
    assert bogus.status_code == 401
    assert bogus.json()["code"] == "session_expired"


def test_logout_revokes_only_that_token(http: httpx.Client) -> None:
    first = login(http, "dy003")
    second = login(http, "dy003")
    assert http.post("/api/v1/auth/logout", headers=first).status_code == 204
    assert http.get("/api/v1/me", headers=first).status_code == 401
    assert http.get("/api/v1/me", headers=second).status_code == 200
    assert http.post("/api/v1/auth/logout", headers=first).status_code == 401


def test_token_expires_after_seven_days(http: httpx.Client) -> None:
    headers = login(http, "dy004")
    http.post("/api/v1/test/clock/advance", json={"seconds": 7 * 86400 - 60})
    assert http.get("/api/v1/me", headers=headers).status_code == 200
    http.post("/api/v1/test/clock/advance", json={"seconds": 120})
    response = http.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["message"] == "登录已过期,请重新登录"


def test_account_locks_after_five_failures_then_unlocks(http: httpx.Client) -> None:
    for _ in range(5):
        assert (
            http.post(
                "/api/v1/auth/login", json={"username": "dy010", "password": "bad"}
            ).status_code
            == 401
        )
    locked = http.post("/api/v1/auth/login", json={"username": "dy010", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "account_locked"
    assert "锁定" in locked.json()["message"]
    assert int(locked.headers["Retry-After"]) > 0
    # Another account from the same address is not affected.
    login(http, "dy011")
    http.post("/api/v1/test/clock/advance", json={"seconds": 16 * 60})
    login(http, "dy010")


def test_failures_from_one_address_slow_the_guesser_not_a_correct_password(
    http: httpx.Client,
) -> None:
    """A kiosk room or an office behind one address: 30+ failures of other usernames do not
    stop anyone who types their password right; whoever failed from there waits before trying
    again (429, Retry-After). X-Forwarded-For from a peer that is no trusted proxy (none is
    configured here) is ignored: rotating it does not make a new address."""
    for i in range(32):
        forged = {"X-Forwarded-For": f"198.51.100.{i}"}
        body = {"username": f"guess{i}", "password": "bad"}
        response = http.post("/api/v1/auth/login", json=body, headers=forged)
        assert response.status_code == 401, (i, response.text)
    again = http.post("/api/v1/auth/login", json={"username": "guess31", "password": "bad"},
                      headers={"X-Forwarded-For": "203.0.113.99"})  # fmt: skip
    assert again.status_code == 429 and again.json()["code"] == "login_throttled"
    assert 0 < int(again.headers["Retry-After"]) <= 300
    assert again.json()["message"].startswith("该账号在本机登录失败次数过多,请 ")
    # Another user of the same room types the password right: logged in at once.
    login(http, "dy012")
    # A member who mistypes while the address is busy waits too, before the account locks.
    wrong = http.post("/api/v1/auth/login", json={"username": "dy013", "password": "nope"})
    assert wrong.status_code == 401
    retry = http.post("/api/v1/auth/login", json={"username": "dy013", "password": DEMO_PASSWORD})
    assert retry.status_code == 429 and retry.json()["code"] == "login_throttled"
    http.post("/api/v1/test/clock/advance", json={"seconds": 16 * 60})
    login(http, "dy013")


def test_forwarded_addresses_count_only_from_a_trusted_proxy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Behind `--trusted-proxy 127.0.0.1` the client is the address the proxy appended."""
    url = f"sqlite:///{tmp_path / 'db' / 'gsdj.sqlite3'}"
    proxied = start_server(tmp_path / "run", url, command="serve", test_clock=False,
                           extra=("--trusted-proxy", "127.0.0.1", "--no-jobs"))  # fmt: skip
    try:
        with proxied.client() as http:

            def attempt(username: str, forwarded: str) -> int:
                body = {"username": username, "password": "bad"}
                headers = {"X-Forwarded-For": forwarded}
                return http.post("/api/v1/auth/login", json=body, headers=headers).status_code

            # Each failure from its own forwarded address: none of them is busy.
            assert [attempt(f"x{i}", f"198.51.100.{i}") for i in range(12)] == [401] * 12
            assert attempt("x11", "198.51.100.200") == 401
            # One office behind the proxy: its address fills up; a client-written hop to the
            # left of what the proxy appended changes nothing.
            assert [attempt(f"y{i}", "203.0.113.7") for i in range(12)] == [401] * 12
            assert attempt("y11", "10.9.9.9, 203.0.113.7") == 429
            assert attempt("y11", "203.0.113.8") == 401  # another client behind the proxy
    finally:
        proxied.stop()


def test_concurrent_failures_never_500(http: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    def attempt(_: int) -> int:
        with server.client() as c:
            return c.post(
                "/api/v1/auth/login", json={"username": "racer", "password": "bad"}
            ).status_code

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(attempt, range(8)))
    assert set(statuses) <= {401, 429}
    http.post("/api/v1/test/clock/advance", json={"seconds": 16 * 60})


def test_trusted_proxies_come_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from server.config import ServerSettings

    assert ServerSettings().trusted_proxies == []  # default: X-Forwarded-For is ignored
    monkeypatch.setenv("GSDJ_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16")
    assert ServerSettings().trusted_proxies == ["10.0.0.5", "10.1.0.0/16"]
