"""A client's mistake is a 4xx with a JSON {code, message}, never a 500."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import login
from tests.servers import ServerProcess


def _is_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]


def test_healthz(http: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    body = http.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == (
        "sqlite" if server.database_url.startswith("sqlite") else "postgresql"
    )
    assert body["test_clock"] is True


def test_malformed_json(http: httpx.Client) -> None:
    response = http.post(
        "/api/v1/auth/login",
        content=b'{"username": "dy001", ',
        headers={"Content-Type": "application/json"},
    )
    _is_error(response, 400, "malformed_json")
    assert response.json()["message"] == "请求内容不是有效的 JSON"


@pytest.mark.parametrize(
    "payload",
    [
        {"username": 5, "password": "x"},
        {"username": "dy001"},
        {"username": "", "password": "x"},
        {"username": "dy001", "password": "x", "admin": True},
        {"username": "dy\u0000001", "password": "x"},
        {"username": "dy001\n", "password": "x"},
        [1, 2, 3],
        "just a string",
        None,
    ],
)
def test_wrong_shapes_are_422(http: httpx.Client, payload: object) -> None:
    response = http.post("/api/v1/auth/login", json=payload)
    _is_error(response, 422, "invalid_request")
    assert response.json()["message"].startswith("请求参数有误")


def test_non_json_body_is_4xx(http: httpx.Client) -> None:
    response = http.post(
        "/api/v1/auth/login",
        content=b"username=dy001&password=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert 400 <= response.status_code < 500
    assert "code" in response.json()


def test_oversized_body_is_413(http: httpx.Client) -> None:
    big = b'{"username": "' + b"x" * (2 * 1024 * 1024) + b'", "password": "x"}'
    response = http.post(
        "/api/v1/auth/login", content=big, headers={"Content-Type": "application/json"}
    )
    _is_error(response, 413, "body_too_large")


def test_oversized_chunked_body_is_413(http: httpx.Client) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"x" * 65536

    response = http.post(
        "/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
    )
    _is_error(response, 413, "body_too_large")


def test_unknown_path_and_method(http: httpx.Client) -> None:
    _is_error(http.get("/api/v1/nothing-here"), 404, "not_found")
    wrong_method = http.delete("/api/v1/auth/login")
    _is_error(wrong_method, 405, "method_not_allowed")
    assert wrong_method.headers["Allow"] == "POST"


def test_wrong_types_in_shortcuts(http: httpx.Client) -> None:
    headers = login(http, "dy005")
    _is_error(
        http.put("/api/v1/me/shortcuts", json={"codes": "profile"}, headers=headers),
        422,
        "invalid_request",
    )
    _is_error(
        http.put("/api/v1/me/shortcuts", json={"codes": [1, 2]}, headers=headers),
        422,
        "invalid_request",
    )


def test_openapi_types_every_endpoint(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/healthz",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/me/features",
        "/api/v1/features/{code}",
        "/api/v1/me/shortcuts",
        "/api/v1/orgs/tree",
        "/api/v1/orgs/positions",
        "/api/v1/test/clock",
        "/api/v1/test/clock/advance",
    ):
        assert path in paths, path
    for path, operations in paths.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            ok = responses.get("200") or responses.get("201") or responses.get("204")
            assert ok is not None, (method, path)
            if "200" in responses or "201" in responses:
                assert ok.get("content"), (method, path)
                if "application/json" not in ok["content"]:
                    continue  # a file (a published video): its media type is named instead
                schema = ok["content"]["application/json"]["schema"]
                assert schema and schema != {}, (method, path)
    for method, path in (
        ("post", "/api/v1/auth/login"),
        ("put", "/api/v1/me/shortcuts"),
        ("post", "/api/v1/articles/{article_id}/comments"),
    ):
        body = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]
        assert body.get("$ref"), (method, path)
    assert "ErrorOut" in spec["components"]["schemas"]
    # Validation errors are documented as what they are: {code, message}, not FastAPI's default.
    login_422 = paths["/api/v1/auth/login"]["post"]["responses"]["422"]
    assert login_422["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    assert "HTTPValidationError" not in spec["components"]["schemas"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/articles/{big}"),
        ("POST", "/api/v1/articles/{big}/like"),
        ("POST", "/api/v1/articles/1/reads/{big}/complete"),
        ("GET", "/api/v1/accounts/{big}/points"),
        ("GET", "/api/v1/courses/{big}"),
        ("POST", "/api/v1/courses/{big}/enrol"),
        ("POST", "/api/v1/videos/{big}/watch"),
        ("POST", "/api/v1/watch/{big}/progress"),
        ("POST", "/api/v1/exams/{big}/attempts"),
        ("POST", "/api/v1/exams/attempts/{big}/submit"),
        ("GET", "/api/v1/articles?column={big}"),
    ],
)
def test_ids_beyond_the_database_range_are_the_clients_mistake(
    http: httpx.Client, method: str, path: str
) -> None:
    """PostgreSQL ids are 32-bit: a larger one used to reach the driver and answer 500."""
    h = login(http, "dy001")
    response = http.request(
        method, path.format(big=10**20), headers=h, json={"segments": [], "answers": {}}
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_request"
    assert "过大" in response.json()["message"]


def test_a_lost_race_for_a_unique_key_is_a_conflict_not_a_server_fault(
    http: httpx.Client, server: ServerProcess
) -> None:
    """Two admins adding one username at the same moment: each checked it was free in its own
    snapshot (PostgreSQL, READ COMMITTED), one insert then meets the other's row in the unique
    index. That is 409 concurrent_change, never a 500; the database error itself is told apart
    from contention (it is not retried as busy)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import text

    from server.db.engine import Database
    from server.db.errors import transient, unique_violation

    async def duplicate() -> BaseException:
        db = Database(server.database_url)
        try:
            async with db.write() as session:
                await session.execute(
                    text(
                        "INSERT INTO committee_positions (code, name, sort) VALUES ('secretary', 'x', 99)"
                    )
                )
        except Exception as exc:  # the database's own refusal, whatever its driver's class
            return exc
        finally:
            await db.dispose()
        raise AssertionError("a duplicate key was stored")

    refused = asyncio.run(duplicate())
    assert unique_violation(refused) and not transient(refused)

    h = login(http, "zb003")
    branch = http.get("/api/v1/orgs/tree", headers=h).json()["id"]
    body = {"username": "race-twin", "display_name": "同名", "kind": "member", "org_id": branch}

    def add(_: int) -> int:
        with server.client() as client:
            return client.post("/api/v1/accounts", headers=h, json=body).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(add, range(8)))
    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= {201, 409, 422}, statuses
