"""The API description matches the API: schemathesis runs every operation of /openapi.json
against the real server, on SQLite and on PostgreSQL, with its default checks (no 5xx, every
status, content type, header and body as documented, invalid data refused, valid data
accepted, 405 with Allow for undocumented methods, …).

It runs on a server of its own: the generated calls change state no other test expects (the
test clock anywhere between 2000 and 2100, a member's shortcuts, likes and points)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from server.api.errors import RULE_422
from tests.conftest import BACKENDS, DEMO_PASSWORD, demo_server_on, login
from tests.servers import ServerProcess

MEMBER = "dy001"


@pytest.fixture(scope="module", params=BACKENDS)
def api_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    yield from demo_server_on(request.param, tmp_path_factory, "schema")


@pytest.fixture(scope="module")
def member(api_server: ServerProcess) -> dict[str, str]:
    """The member's login, made before the generated logins (wrong passwords among them) lock
    its account or slow its retries from this address."""
    with api_server.client() as http:
        return login(http, MEMBER)


@pytest.fixture(scope="module")
def logout_tokens(api_server: ServerProcess) -> list[dict[str, str]]:
    """Logging out revokes the token it sends: that operation takes tokens of its own, a new
    one after each logout that took (the last one, revoked, stays: a 401 is documented)."""
    with api_server.client() as http:
        return [login(http, MEMBER, DEMO_PASSWORD) for _ in range(3)]


@pytest.fixture(scope="module")
def api(
    api_server: ServerProcess, member: dict[str, str], logout_tokens: list[dict[str, str]]
) -> schemathesis.schemas.BaseSchema:
    config = SchemathesisConfig.from_dict(
        {
            "headers": member,
            "generation": {"max-examples": 2, "no-shrink": True, "database": "none"},
            # The coverage phase (boundary values, missing and wrong-typed fields, methods no
            # path has) is most of the time: one unexpected method is enough for 405 + Allow.
            "phases": {"coverage": {"unexpected-methods": ["patch"]}},
            # A rule of the platform may refuse a well-formed request (422 with the rule's code,
            # e.g. 原密码不正确): `rule_refusals_are_documented` says where and how.
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "3xx", 401, 403, 404, 409, 422, 429, "5xx"]
                }
            },
        }
    )
    schema = schemathesis.openapi.from_url(f"{api_server.url}/openapi.json", config=config)
    schema.config.update(base_url=api_server.url)
    return schema


schema = schemathesis.pytest.from_fixture("api")


@schemathesis.check
def rule_refusals_are_documented(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """A request the schema admits is refused with 422 only by a rule of the platform (never
    as invalid_request: then the schema admitted what the server does not), and only where
    the operation documents such refusals."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    code = response.json()["code"]
    assert code != "invalid_request", f"the schema admits what the server refuses: {response.text}"
    documented = case.operation.definition.raw["responses"]["422"]["description"]
    assert documented == RULE_422, f"{code}: a rule's refusal not documented on this operation"
    return True


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_matches_its_description(
    case: schemathesis.Case, logout_tokens: list[dict[str, str]]
) -> None:
    if case.path != "/api/v1/auth/logout":
        case.call_and_validate()
        return
    response = case.call_and_validate(headers=logout_tokens[0])
    if response.status_code == 204 and len(logout_tokens) > 1:
        logout_tokens.pop(0)


# What schemathesis checks by sampling, said once by hand -------------------------------------


DEMO_NOW = "2026-12-01T10:00:00+08:00"  # after every demo article's publish time


def test_anonymous_operations_say_a_login_is_optional(api_server: ServerProcess) -> None:
    with api_server.client() as http:
        paths = http.get("/openapi.json").json()["paths"]
        assert paths["/api/v1/articles/{article_id}"]["get"]["security"] == [{}, {"HTTPBearer": []}]
        assert paths["/api/v1/wishes"]["get"]["security"] == [{}, {"HTTPBearer": []}]
        # The columns count what this reader sees (issue 16): a login is optional there too.
        assert paths["/api/v1/columns"]["get"]["security"] == [{}, {"HTTPBearer": []}]
        assert "security" not in paths["/healthz"]["get"]  # no login at all
        assert paths["/api/v1/me"]["get"]["security"] == [{"HTTPBearer": []}]
        # ... and a visitor is answered there (on a clock after the demo's articles were
        # published: they show from their publish time, issue 16, and the generated calls
        # leave the clock anywhere)
        assert http.put("/api/v1/test/clock", json={"now": DEMO_NOW}).status_code == 200
        assert http.get("/api/v1/articles/1").status_code == 200
        assert http.get("/api/v1/wishes").status_code == 200


def test_a_405_lists_every_method_of_the_path(api_server: ServerProcess) -> None:
    """Starlette named the methods of the first route it tried: POST for a path that also has
    DELETE."""
    with api_server.client() as http:
        response = http.put("/api/v1/articles/1/like")
        assert response.status_code == 405
        assert response.headers["Allow"] == "DELETE, POST"
        assert response.json()["code"] == "method_not_allowed"
        assert http.patch("/api/v1/courses/1/enrol").headers["Allow"] == "DELETE, POST"
        # a fixed segment wins over a parameter: /snapshots/{id}/{action} does not count
        assert http.delete("/api/v1/snapshots/1/image").headers["Allow"] == "GET"


def test_a_body_that_is_not_json_is_415(api_server: ServerProcess) -> None:
    with api_server.client() as http:
        for content_type in ("application/x-www-form-urlencoded", "text/plain", None):
            headers = {"Content-Type": content_type} if content_type else {}
            response = http.post(
                "/api/v1/auth/login", content=b"username=dy001&password=x", headers=headers
            )
            assert response.status_code == 415, (content_type, response.text)
            assert response.json() == {
                "code": "unsupported_media_type",
                "message": "请求内容须为 JSON(Content-Type: application/json)",
            }
        paths = http.get("/openapi.json").json()["paths"]
        assert "415" in paths["/api/v1/auth/login"]["post"]["responses"]


def test_the_rules_refusals_are_documented_where_they_happen(
    api_server: ServerProcess, member: dict[str, str]
) -> None:
    with api_server.client() as http:
        paths = http.get("/openapi.json").json()["paths"]
        assert http.put("/api/v1/test/clock", json={"now": DEMO_NOW}).status_code == 200
        short = http.post("/api/v1/articles/1/comments", json={"body": "好"}, headers=member)
    assert short.status_code == 422 and short.json()["code"] == "comment_too_short"
    responses = paths["/api/v1/auth/password"]["post"]["responses"]
    assert responses["422"]["description"] == RULE_422
    assert responses["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    assert (
        paths["/api/v1/articles/{article_id}/comments"]["post"]["responses"]["422"]["description"]
        == RULE_422
    )
    # where no rule refuses, the 422 is the schema's only
    assert paths["/api/v1/me"]["get"]["responses"]["422"]["description"] != RULE_422
