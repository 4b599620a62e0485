"""GET /api/v1/orgs/find (a picker among a province's orgs, issue 16): orgs of the caller's scope
whose name holds the query or whose code starts with it, an exact name first, each with the path
above it; `kind`; at most 20 and `more`; nothing outside the scope; Chinese refusals of empty,
too long and unknown-kind queries and of accounts of no org. Over HTTP on both databases."""

from __future__ import annotations

import httpx

from tests.conftest import login
from tests.servers import ServerProcess


def _walk(node: dict, above: tuple[str, ...] = ()) -> list[tuple[dict, tuple[str, ...]]]:
    out = [(node, above)]
    for child in node["children"]:
        out += _walk(child, (*above, node["name"]))
    return out


def _find(http: httpx.Client, h: dict[str, str], **params: str) -> httpx.Response:
    return http.get("/api/v1/orgs/find", params=params, headers=h)


def test_names_codes_kinds_and_paths(server: ServerProcess) -> None:
    with server.client() as http:
        province = login(http, "sw001")
        tree = http.get("/api/v1/orgs/tree", headers=province).json()
        orgs = [(n, above) for n, above in _walk(tree) if n["kind"] != "group"]
        branches = [(n, above) for n, above in orgs if n["kind"] == "branch"]
        # A word every branch's name ends with: more than 20 of them, the first 20 answered.
        answer = _find(http, province, q="支部", kind="branch").json()
        assert len(answer["items"]) == 20 and answer["more"] is True
        assert all(i["kind"] == "branch" and "支部" in i["name"] for i in answer["items"])
        lengths = [len(i["name"]) for i in answer["items"]]
        assert lengths == sorted(lengths)  # the shortest names first
        # A whole name: that org first, its path from under the province down.
        target, above = branches[len(branches) // 2]
        answer = _find(http, province, q=target["name"]).json()
        first = answer["items"][0]
        assert (first["id"], first["kind_name"]) == (target["id"], target["kind_name"])
        assert first["path"] == " › ".join(above[1:])
        # A middle part of a name, inside the name (two characters of a 党委's name).
        committee = next(n for n, _ in orgs if n["kind"] == "committee")
        part = committee["name"][1:3]
        found = _find(http, province, q=part, kind="committee").json()["items"]
        assert committee["id"] in [i["id"] for i in found]
        assert all(part in i["name"] for i in found)
        # A code's start, in any case.
        code = next(i["code"] for i in answer["items"] if i["code"])
        by_code = _find(http, province, q=code[:-1].lower()).json()["items"]
        assert target["id"] in [i["id"] for i in by_code]
        # No 党小组 unless asked for.
        assert all(i["kind"] != "group" for i in _find(http, province, q="小组").json()["items"])


def test_only_the_scope_and_refusals(server: ServerProcess) -> None:
    with server.client() as http:
        province, committee = login(http, "sw001"), login(http, "dw001")
        mine = http.get("/api/v1/orgs/tree", headers=committee).json()
        inside = {n["id"] for n, _ in _walk(mine)}
        everything = _find(http, province, q="支部", kind="branch").json()
        outside = [i for i in everything["items"] if i["id"] not in inside]
        assert outside  # the province's first 20 hold branches of other 党委
        found = _find(http, committee, q="支部", kind="branch").json()["items"]
        assert found and {i["id"] for i in found} <= inside
        for other in outside:
            assert other["id"] not in {
                i["id"] for i in _find(http, committee, q=other["name"]).json()["items"]
            }
        # The caller's own org: found, with an empty path.
        own = _find(http, committee, q=mine["name"]).json()["items"][0]
        assert (own["id"], own["path"]) == (mine["id"], "")
        for params, code, message in (
            ({"q": "  "}, "org_find_empty", "请输入要查找的组织名称或代码"),
            ({"q": "支" * 41}, "org_find_too_long", "组织名称或代码最多 40 个字"),
            ({"q": "支部", "kind": "club"}, "org_kind_unknown", "没有这种组织类别:club"),
        ):
            r = _find(http, province, **params)
            assert r.status_code == 422, r.text
            assert r.json()["code"] == code
            assert r.json()["message"] == message
        r = _find(http, login(http, "qz001"), q="支部")
        assert r.status_code == 403 and r.json()["code"] == "no_org"
        assert http.get("/api/v1/orgs/find", params={"q": "支部"}).status_code == 401
        assert http.get("/api/v1/orgs/find", headers=province).status_code == 422
