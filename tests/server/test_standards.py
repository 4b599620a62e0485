"""学标对标, 对标 and 标准化专栏 (issue 18) over HTTP on both databases: who reads, who loads a
standard (HTTP and the CLI), the file's line-numbered refusals, a new version keeping the
self-checks of the numbers it still has, who writes a self-check, the upper org's overview
against the branches' own answers, and the province's column."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server import messages
from server.demo.standards import standard_text
from server.domain.orgs import BranchField
from tests.conftest import BACKENDS, demo_server_on, login
from tests.servers import ServerProcess


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """A demo server of this file's own: loading standards changes what other files read."""
    yield from demo_server_on(request.param, tmp_path_factory, "standards")


def refusal(r: httpx.Response, status: int, code: str, message: str | None = None) -> None:
    assert r.status_code == status, r.text
    assert r.json()["code"] == code, r.text
    if message is not None:
        assert r.json()["message"] == message


def items_of(detail: dict) -> dict[str, dict]:
    return {i["number"]: i for a in detail["aspects"] for i in a["items"]}


def test_every_account_reads_the_standards_and_a_branch_sees_its_own_field_first(
    http: httpx.Client,
) -> None:
    assert http.get("/api/v1/standards").status_code == 401
    for user in ("zb001", "dy001"):
        r = http.get("/api/v1/standards", headers=login(http, user))
        assert r.status_code == 200, r.text
        fields = r.json()["fields"]
        assert fields[0]["own"] and fields[0]["field"] == "organ", fields[0]
        assert [f["own"] for f in fields].count(True) == 1
        assert {f["field"] for f in fields} == {f.value for f in BranchField}
    for user in ("qz001", "dw001", "sw001"):
        r = http.get("/api/v1/standards", headers=login(http, user))
        assert r.status_code == 200 and not any(f["own"] for f in r.json()["fields"])
        d = http.get("/api/v1/standards/rural", headers=login(http, user)).json()
        assert [a["name"] for a in d["aspects"]] == [
            "政治建设", "组织建设", "组织生活", "党员队伍建设", "基础保障", "考核评价"
        ]  # fmt: skip
        assert d["branch"] is None and not d["may_check"]
    r = http.get("/api/v1/standards/nowhere", headers=login(http, "dy001"))
    refusal(r, 404, "field_unknown")


def test_only_the_branch_admin_checks_its_own_field_and_its_members_see_it(
    http: httpx.Client,
) -> None:
    zb = login(http, "zb001")
    organ = http.get("/api/v1/standards/organ", headers=zb).json()
    assert organ["may_check"] and organ["branch"]["name"] == "综合执法局第一党支部"
    item = items_of(organ)["6.3"]
    r = http.put(f"/api/v1/standards/items/{item['id']}/check", headers=zb,
                 json={"mark": "partly", "note": "  评议表还差两份  "})  # fmt: skip
    assert r.status_code == 200, r.text
    check = r.json()["check"]
    assert (check["mark"], check["mark_name"], check["sign"], check["note"]) == (
        "partly", "部分达标", "◐", "评议表还差两份"
    )  # fmt: skip
    assert check["by"] and check["at"]
    member = http.get("/api/v1/standards/organ", headers=login(http, "dy001")).json()
    assert not member["may_check"]
    assert items_of(member)["6.3"]["check"]["mark"] == "partly"
    # Changing it keeps one row.
    r = http.put(f"/api/v1/standards/items/{item['id']}/check", headers=zb,
                 json={"mark": "met"})  # fmt: skip
    assert r.status_code == 200 and r.json()["check"]["note"] == ""

    path = f"/api/v1/standards/items/{item['id']}/check"
    for user in ("dy001", "dw001", "zzz001", "sw001", "qz001"):
        r = http.put(path, headers=login(http, user), json={"mark": "met"})
        refusal(r, 403, "standard_check_forbidden", messages.STANDARD_CHECK_FORBIDDEN)
    rural = items_of(http.get("/api/v1/standards/rural", headers=zb).json())["1.1"]
    r = http.put(f"/api/v1/standards/items/{rural['id']}/check", headers=zb, json={"mark": "met"})
    refusal(r, 403, "standard_other_field",
            messages.STANDARD_CHECK_OTHER_FIELD.format(item_field="农村", field="机关"))  # fmt: skip
    r = http.put(path, headers=zb, json={"mark": "done"})
    refusal(r, 422, "mark_unknown", messages.STANDARD_MARK_UNKNOWN)
    r = http.put(path, headers=zb, json={"mark": "met", "note": "长" * 501})
    assert r.status_code == 422
    r = http.put("/api/v1/standards/items/999999/check", headers=zb, json={"mark": "met"})
    refusal(r, 404, "standard_item_not_found", messages.STANDARD_ITEM_NOT_FOUND)
    # An upper org reads a branch of its scope; a branch admin not another branch.
    branch_id = organ["branch"]["id"]
    up = http.get(f"/api/v1/standards/organ?branch_id={branch_id}", headers=login(http, "dw001"))
    assert up.status_code == 200 and items_of(up.json())["6.3"]["check"]["mark"] == "met"
    assert not up.json()["may_check"]
    other = http.get(f"/api/v1/standards/organ?branch_id={branch_id}", headers=login(http, "zb002"))
    refusal(other, 403, "standards_forbidden")
    out = http.get(f"/api/v1/standards/organ?branch_id={branch_id}", headers=login(http, "dw002"))
    refusal(out, 403, "out_of_scope")


def test_the_overview_adds_up_what_the_branches_answer(http: httpx.Client) -> None:
    dw = login(http, "dw001")
    o = http.get("/api/v1/standards/overview", headers=dw)
    assert o.status_code == 200, o.text
    o = o.json()
    assert o["org"]["name"] == "兰州新区机关工委" and o["branches"] == len(o["rows"])
    # The same figures from each branch's own detail.
    totals: dict[str, list[int]] = {}
    not_met: dict[int, int] = {}
    for row in o["rows"]:
        field = {"机关": "organ", "城市社区": "community", "农村": "rural"}[row["field_name"]]
        d = http.get(f"/api/v1/standards/{field}?branch_id={row['id']}", headers=dw).json()
        items = [i for a in d["aspects"] for i in a["items"]]
        assert row["total"] == len(items)
        assert row["met"] == sum(1 for i in items if i["check"] and i["check"]["mark"] == "met")
        assert row["checked"] == sum(1 for i in items if i["check"])
        for a in d["aspects"]:
            t = totals.setdefault(a["code"], [0, 0])
            t[0] += len(a["items"])
            t[1] += a["met"]
        for i in items:
            if i["check"] and i["check"]["mark"] != "met":
                not_met[i["id"]] = not_met.get(i["id"], 0) + 1
    for a in o["aspects"]:
        assert [a["total"], a["met"]] == totals[a["code"]], a
        assert a["share_met"] == pytest.approx(a["met"] / a["total"])
    assert [w["not_met"] for w in o["worst"]] == sorted(not_met.values(), reverse=True)[:10]
    shares = [r["met"] / r["total"] for r in o["rows"]]
    assert shares == sorted(shares)  # least met first

    last = http.get("/api/v1/standards/overview?page=99", headers=dw).json()
    assert (last["page"], last["pages"], last["rows"]) == (1, 1, o["rows"])
    province = http.get("/api/v1/standards/overview", headers=login(http, "sw001")).json()
    assert province["branches"] > o["branches"]
    zzz = http.get("/api/v1/standards/overview", headers=login(http, "zzz001")).json()
    assert 0 < zzz["branches"] < o["branches"]
    for user in ("zb001", "dy001", "qz001"):
        r = http.get("/api/v1/standards/overview", headers=login(http, user))
        refusal(r, 403, "standards_overview_forbidden", messages.STANDARD_OVERVIEW_FORBIDDEN)
    ours = {r["id"] for r in o["rows"]}
    elsewhere = next(r["id"] for r in province["rows"] if r["id"] not in ours)
    r = http.get(f"/api/v1/standards/overview?org_id={elsewhere}", headers=dw)
    refusal(r, 403, "out_of_scope")
    one = http.get(f"/api/v1/standards/overview?org_id={o['rows'][0]['id']}", headers=dw).json()
    assert one["branches"] == 1 and one["rows"][0] == o["rows"][0]
    r = http.get("/api/v1/standards/overview?org_id=1", headers=dw)  # the province
    refusal(r, 403, "out_of_scope")


RURAL_V2 = """---
领域: 农村
标题: 农村党支部建设标准(第二版)
版本: 2027
---
# 政治建设
1.1 理论学习
支部每月集中学习一次,党员轮流领学。
1.2 政治把关
重要事项先经支部委员会讨论。
# 考核评价
9.9 新增条目
每年向村民报告一次支部工作。
"""


def test_a_new_version_keeps_the_checks_of_the_numbers_it_still_has(
    server: ServerProcess, http: httpx.Client, tmp_path: Path
) -> None:
    sw = login(http, "sw001")
    # A rural branch admin checks two items first.
    rural_admin = next(
        u for u in (f"zb{n:03d}" for n in range(1, 12))
        if http.get("/api/v1/standards", headers=login(http, u)).json()["fields"][0]["field"]
        == "rural"
    )  # fmt: skip
    h = login(http, rural_admin)
    before = items_of(http.get("/api/v1/standards/rural", headers=h).json())
    for number in ("1.1", "2.1"):
        r = http.put(f"/api/v1/standards/items/{before[number]['id']}/check", headers=h,
                     json={"mark": "not_yet", "note": "待补"})  # fmt: skip
        assert r.status_code == 200, r.text

    refusal(http.post("/api/v1/standards", headers=login(http, "dw001"), json={"text": RURAL_V2}),
            403, "standard_load_forbidden", messages.STANDARD_LOAD_FORBIDDEN)  # fmt: skip
    r = http.post("/api/v1/standards", headers=sw, json={"text": RURAL_V2})
    assert r.status_code == 200, r.text
    assert (r.json()["added"], r.json()["changed"], r.json()["removed"]) == (1, 2, len(before) - 2)
    after = items_of(http.get("/api/v1/standards/rural", headers=h).json())
    assert set(after) == {"1.1", "1.2", "9.9"}
    assert after["1.1"]["id"] == before["1.1"]["id"]
    assert after["1.1"]["check"]["note"] == "待补"  # kept across the new version
    assert after["1.1"]["text"] == "支部每月集中学习一次,党员轮流领学。"
    r = http.put(f"/api/v1/standards/items/{before['2.1']['id']}/check", headers=h,
                 json={"mark": "met"})  # fmt: skip
    refusal(r, 404, "standard_item_not_found")
    fields = {f["field"]: f for f in http.get("/api/v1/standards", headers=h).json()["fields"]}
    assert fields["rural"]["items"] == 3 and fields["rural"]["version"] == "2027"

    # The demo's whole standard again, from the CLI: 2.1 comes back with its check.
    path = tmp_path / "rural.md"
    path.write_text(standard_text(BranchField.RURAL), "utf-8")
    done = cli(server, "publish", "standard", str(path), "--as", "sw001")
    assert done.returncode == 0 and "新增 0 条" in done.stdout, done.stdout + done.stderr
    again = items_of(http.get("/api/v1/standards/rural", headers=h).json())
    assert again["2.1"]["check"]["mark"] == "not_yet" and "9.9" not in again
    refused = cli(server, "publish", "standard", str(path), "--as", "dw001")
    assert refused.returncode != 0 and messages.STANDARD_LOAD_FORBIDDEN in refused.stderr


def cli(server: ServerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server", *args, "--db", server.database_url],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# 政治建设\n1.1 学习\n", [messages.STANDARD_NO_HEADER]),
        (
            "---\n领域: 农业\n标题: 某标准\n作者: 某人\n---\n# 政治建设\n1.1 学习\n",
            [
                messages.STANDARD_AT.format(n=4) + messages.STANDARD_BAD_HEADER,
                messages.STANDARD_BAD_FIELD.format(
                    name="农业",
                    names="农村、机关、国有企业、城市社区、事业单位、非公有制经济和社会组织",
                ),
            ],
        ),
        (
            "---\n领域: 机关\n标题: 某标准\n---\n说明文字\n# 政治建设\n1.1 学习\n1.1 又一条\n"
            "# 文化建设\n# 政治建设\n2.1\n",
            [
                messages.STANDARD_AT.format(n=5) + messages.STANDARD_STRAY_LINE,
                messages.STANDARD_AT.format(n=8)
                + messages.STANDARD_NUMBER_TWICE.format(number="1.1", line=7),
                messages.STANDARD_AT.format(n=9)
                + messages.STANDARD_BAD_ASPECT.format(
                    name="文化建设",
                    names="政治建设、组织建设、组织生活、党员队伍建设、基础保障、考核评价",
                ),
                messages.STANDARD_AT.format(n=10)
                + messages.STANDARD_ASPECT_TWICE.format(name="政治建设"),
                messages.STANDARD_AT.format(n=11)
                + messages.STANDARD_ITEM_NO_TITLE.format(number="2.1"),
            ],
        ),
        ("---\n领域: 机关\n标题: 空\n---\n# 政治建设\n", [messages.STANDARD_EMPTY]),
    ],
)
def test_a_bad_file_is_refused_with_every_reason_and_its_line(
    http: httpx.Client, text: str, expected: list[str]
) -> None:
    before = http.get("/api/v1/standards/organ", headers=login(http, "zb001")).json()
    r = http.post("/api/v1/standards", headers=login(http, "sw001"), json={"text": text})
    refusal(r, 422, "standard_refused",
            messages.STANDARD_REFUSED.format(problems=";".join(expected)))  # fmt: skip
    assert http.get("/api/v1/standards/organ", headers=login(http, "zb001")).json() == before


def test_the_province_curates_the_column_everyone_reads(http: httpx.Client) -> None:
    sw = login(http, "sw001")
    col = http.get("/api/v1/standards/column", headers=login(http, "dy040"))
    assert col.status_code == 200 and not col.json()["may_curate"]
    entries = col.json()["entries"]
    assert entries and {e["kind"] for e in entries} == {"article", "item"}
    assert http.get("/api/v1/standards/column").status_code == 401

    item = items_of(http.get("/api/v1/standards/institution", headers=sw).json())["1.1"]
    for user in ("dw001", "zb001", "dy001"):
        r = http.post("/api/v1/standards/column", headers=login(http, user),
                      json={"item_id": item["id"]})  # fmt: skip
        refusal(r, 403, "column_forbidden", messages.COLUMN_FORBIDDEN)
    r = http.post("/api/v1/standards/column", headers=sw, json={"item_id": item["id"]})
    assert r.status_code == 200 and r.json()["entries"][-1]["item_id"] == item["id"]
    assert r.json()["entries"][-1]["detail"] == "事业单位 1.1"
    refusal(http.post("/api/v1/standards/column", headers=sw, json={"item_id": item["id"]}),
            409, "column_entry_twice", messages.COLUMN_ENTRY_TWICE)  # fmt: skip
    refusal(http.post("/api/v1/standards/column", headers=sw,
                      json={"item_id": item["id"], "article_id": 1}),
            422, "column_bad_entry")  # fmt: skip
    refusal(http.post("/api/v1/standards/column", headers=sw, json={}), 422, "column_bad_entry")
    refusal(http.post("/api/v1/standards/column", headers=sw, json={"article_id": 999999}),
            404, "column_article_not_found")  # fmt: skip
    assert items_of(http.get("/api/v1/standards/institution", headers=sw).json())["1.1"][
        "in_column"
    ]

    # A province article in, moved first, withdrawn: it leaves the column's readers.
    mine = http.get("/api/v1/publish/mine", headers=sw).json()
    taken = {e["article_id"] for e in r.json()["entries"]}
    art = next(p for p in mine if p["kind"] == "article" and p["state"] == "published"
               and p["id"] not in taken)  # fmt: skip
    r = http.post("/api/v1/standards/column", headers=sw, json={"article_id": art["id"]})
    assert r.status_code == 200, r.text
    entry = r.json()["entries"][-1]["id"]
    r = http.put(f"/api/v1/standards/column/{entry}/position", headers=sw, json={"position": 1})
    assert r.status_code == 200 and r.json()["entries"][0]["id"] == entry
    refusal(http.put(f"/api/v1/standards/column/{entry}/position", headers=login(http, "dw001"),
                     json={"position": 2}), 403, "column_forbidden")  # fmt: skip
    assert http.post(f"/api/v1/publish/article/{art['id']}/withdraw", headers=sw).status_code == 200
    ids = [e["id"] for e in http.get("/api/v1/standards/column", headers=sw).json()["entries"]]
    assert entry not in ids
    assert http.post(f"/api/v1/publish/article/{art['id']}/publish", headers=sw).status_code == 200
    r = http.delete(f"/api/v1/standards/column/{entry}", headers=sw)
    assert r.status_code == 200 and entry not in [e["id"] for e in r.json()["entries"]]
    refusal(http.delete(f"/api/v1/standards/column/{entry}", headers=sw),
            404, "column_entry_not_found", messages.COLUMN_ENTRY_NOT_FOUND)  # fmt: skip

    # A 党委's own article cannot go into the province's column.
    text = "---\n标题: 工委标准化建设\n栏目: 党建动态\n作者: 工委\n---\n工委推进支部标准化建设。\n"
    own = http.post("/api/v1/publish/articles", headers=login(http, "dw001"), json={"text": text})
    assert own.status_code == 200, own.text
    r = http.post("/api/v1/standards/column", headers=sw, json={"article_id": own.json()["id"]})
    refusal(r, 404, "column_article_not_found", messages.COLUMN_ARTICLE_NOT_FOUND)


def test_the_search_hook_yields_every_current_item(
    server: ServerProcess, http: httpx.Client
) -> None:
    """`standards.documents`: (item id, title, text) of every item the screens list."""
    import asyncio

    from server.db.engine import Database
    from server.db.unit import Unit
    from server.services import standards

    async def read() -> list[tuple[int, str, str]]:
        db = Database(server.database_url)
        try:
            return [d async for d in standards.documents(Unit(db))]
        finally:
            await db.dispose()

    docs = {i: (title, text) for i, title, text in asyncio.run(read())}
    h = login(http, "qz001")
    listed = {}
    for f in http.get("/api/v1/standards", headers=h).json()["fields"]:
        d = http.get(f"/api/v1/standards/{f['field']}", headers=h).json()
        for i in items_of(d).values():
            listed[i["id"]] = (f"{f['name']} {i['number']} {i['title']}", i["text"])
    assert docs == listed and len(docs) >= 6 * 6


def test_a_branch_without_a_field_is_told_to_set_it_first(
    server: ServerProcess, http: httpx.Client
) -> None:
    """A branch whose 领域 is not set (made before fields were kept) checks nothing: 409 with
    the way out (我的支部), not a 403 of another field's."""
    import asyncio

    from sqlalchemy import update

    from server.db.engine import Database
    from server.db.models import Org

    zb = login(http, "zb001")
    organ = http.get("/api/v1/standards/organ", headers=zb).json()
    branch_id, item = organ["branch"]["id"], items_of(organ)["1.1"]

    async def set_field(value: str | None) -> None:
        db = Database(server.database_url)
        try:
            async with db.write() as session:
                await session.execute(update(Org).where(Org.id == branch_id).values(field=value))
        finally:
            await db.dispose()

    asyncio.run(set_field(None))
    try:
        r = http.put(f"/api/v1/standards/items/{item['id']}/check", headers=zb,
                     json={"mark": "met"})  # fmt: skip
        refusal(r, 409, "branch_no_field", "本支部尚未设置领域,请先在我的支部中设置")
    finally:
        asyncio.run(set_field(BranchField.ORGAN.value))
