"""NUL and lone surrogates, on both databases: every text of a request refuses them (422, never a
500 or a dropped connection), and a synced action holding one is refused and uses up its number,
so the actions queued after it still apply (on PostgreSQL a NUL gave 500 over HTTP and
`stopped: busy` on every retry of a push)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import httpx
import pytest

from tests.conftest import login

MEMBER = "dy037"  # nobody else's on this server: its points and outbox are this file's
NUL = "\u0000"
SURROGATE = "\ud800"  # json.dumps spells it "\ud800"; no UTF-8 text can hold it


def send(http: httpx.Client, method: str, path: str, body: object, h: dict[str, str]):  # type: ignore[no-untyped-def]
    """The body as JSON text with every non-ASCII character escaped, as a client may send it
    (httpx's own json= cannot encode a lone surrogate)."""
    headers = {**h, "Content-Type": "application/json"}
    return http.request(method, path, content=json.dumps(body).encode(), headers=headers)


def refused(response: httpx.Response) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_request"
    assert "不允许的字符" in response.json()["message"]


@pytest.fixture
def h(http: httpx.Client) -> dict[str, str]:
    return login(http, MEMBER)


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "surrogate"])
def test_a_comment_body_is_refused(http: httpx.Client, h: dict[str, str], bad: str) -> None:
    refused(send(http, "POST", "/api/v1/articles/1/comments", {"body": f"学习心得{bad}体会"}, h))


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "surrogate"])
def test_shortcuts_are_refused_without_dropping_the_connection(
    http: httpx.Client, h: dict[str, str], bad: str
) -> None:
    """A lone surrogate answered 500 and a NUL dropped the connection."""
    raw = '{"codes":["%s"]}' % ("\\ud800" if bad == SURROGATE else "\\u0000")
    response = http.put(
        "/api/v1/me/shortcuts",
        content=raw.encode(),
        headers={**h, "Content-Type": "application/json"},
    )
    refused(response)
    assert http.get("/api/v1/me/shortcuts", headers=h).status_code == 200


def test_keys_the_client_made_up_are_quoted_safely(http: httpx.Client, h: dict[str, str]) -> None:
    for key in (NUL, SURROGATE):
        response = send(http, "PUT", "/api/v1/me/shortcuts", {"codes": [], key: 1}, h)
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid_request"


def test_paths_queries_and_headers_are_refused(http: httpx.Client, h: dict[str, str]) -> None:
    refused(http.get("/api/v1/features/a%00b", headers=h))
    refused(http.get("/api/v1/boards/a%00b", headers=h))
    refused(http.post("/api/v1/third-party/a%00b/visit", headers=h))
    refused(http.get("/api/v1/meetings", params={"type": f"a{NUL}"}, headers=h))


def _now(http: httpx.Client) -> str:
    return http.get("/api/v1/test/clock").json()["now"]


def _mutation(seq: int, kind: str, at: str, id: str | None = None, **args: object) -> dict:
    return {"id": id or str(uuid.uuid4()), "seq": seq, "kind": kind, "at": at, "args": args}


BAD_ACTIONS = {
    "body-nul": lambda at: _mutation(1, "comment", at, article_id=1, body=f"学习心得{NUL}体会"),
    "body-surrogate": lambda at: _mutation(
        1, "comment", at, article_id=1, body=f"学习心得{SURROGATE}体会"
    ),
    "id-nul": lambda at: _mutation(1, "share", at, id=f"{uuid.uuid4().hex[:12]}{NUL}x"),
    "id-surrogate": lambda at: _mutation(1, "share", at, id=f"{uuid.uuid4().hex[:12]}{SURROGATE}"),
    "kind-nul": lambda at: _mutation(1, f"sh{NUL}are", at, article_id=1),
    "kind-surrogate": lambda at: _mutation(1, f"sh{SURROGATE}are", at, article_id=1),
    "arg-key-nul": lambda at: _mutation(1, "share", at, **{"article_id": 1, f"x{NUL}": 1}),
}


@pytest.mark.parametrize("case", list(BAD_ACTIONS))
def test_a_synced_action_holding_one_is_refused_and_the_next_applies(
    http: httpx.Client, h: dict[str, str], case: str
) -> None:
    client_id = str(uuid.uuid4())
    at = _now(http)
    batch = [BAD_ACTIONS[case](at), _mutation(2, "unlike", at, article_id=1)]
    body = {"client_id": client_id, "client_time": at, "mutations": batch}
    response = send(http, "POST", "/api/v1/sync/push", body, h)
    assert response.status_code == 200, response.text
    out = response.json()
    assert out["stopped"] is None, out
    assert out["last_seq"] == 2
    first, second = out["results"]
    assert first["status"] == "rejected" and first["code"] == "invalid_mutation", first
    assert first["id"] == batch[0]["id"]  # the client settles it by the id it sent
    assert second["status"] == "applied", second
    # The retry a terminal makes (it never saw the answer) gets the stored refusal.
    again = send(http, "POST", "/api/v1/sync/push", body, h).json()
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    assert again["results"][0]["code"] == "invalid_mutation"


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "surrogate"])
def test_a_client_id_holding_one_refuses_the_push(
    http: httpx.Client, h: dict[str, str], bad: str
) -> None:
    at = _now(http)
    body = {"client_id": f"{uuid.uuid4()}{bad}", "client_time": at, "mutations": []}
    refused(send(http, "POST", "/api/v1/sync/push", body, h))


def test_a_time_is_an_iso_string(http: httpx.Client, h: dict[str, str]) -> None:
    """`"at": 0` was taken for 1970-01-01 (pydantic reads a number as Unix seconds)."""
    body = {
        "client_id": str(uuid.uuid4()),
        "client_time": datetime.now().astimezone().isoformat(),
        "mutations": [_mutation(1, "unlike", 0, article_id=1)],  # type: ignore[arg-type]
    }
    response = send(http, "POST", "/api/v1/sync/push", body, h)
    assert response.status_code == 422, response.text
    assert "ISO 8601" in response.json()["message"]


def test_a_boolean_is_not_an_integer(http: httpx.Client, h: dict[str, str]) -> None:
    response = send(http, "POST", "/api/v1/me/notices/read", {"up_to": True}, h)
    assert response.status_code == 422, response.text
    response = send(http, "POST", "/api/v1/me/notices/read", {"up_to": "5"}, h)
    assert response.status_code == 422, response.text
    assert send(http, "POST", "/api/v1/me/notices/read", {"up_to": 0.0}, h).status_code == 200
