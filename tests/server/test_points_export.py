"""积分导出 on both databases: a year's points by category for the caller's scope equal the
ledger's sums; a branch gets its branch, a 党委 its subtree (not the other's), the province
everyone; members and the public are refused, and so is a year not yet begun."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import httpx
import pytest

from tests.conftest import login
from tests.servers import ServerProcess

YEAR = 2027
NOW = f"{YEAR}-03-10T10:00:00+08:00"


def _query(server: ServerProcess, sql: str) -> list[tuple[Any, ...]]:
    url = server.database_url
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.split(":///", 1)[1])
        try:
            return [tuple(r) for r in conn.execute(sql).fetchall()]
        finally:
            conn.close()
    import asyncpg

    async def run() -> list[tuple[Any, ...]]:
        conn = await asyncpg.connect(url.replace("+asyncpg", ""))
        try:
            return [tuple(r) for r in await conn.fetch(sql)]
        finally:
            await conn.close()

    return asyncio.run(run())


def _ledger(server: ServerProcess, last_day: str) -> dict[str, tuple[int, int, int]]:
    """username → (组织生活, 教育学习, 先锋模范) of YEAR up to `last_day` (the export's: this
    year's runs to the server's today, and other files' tests earn on later days of it),
    summed straight from the ledger."""
    sums: dict[str, list[int]] = {}
    order = {"org_life": 0, "study": 1, "vanguard": 2}
    for username, category, n in _query(
        server,
        "SELECT a.username, l.category, SUM(l.points) FROM points_ledger l "
        "JOIN accounts a ON a.id = l.account_id "
        f"WHERE l.day >= '{YEAR}-01-01' AND l.day <= '{last_day}' "
        "GROUP BY a.username, l.category",
    ):
        sums.setdefault(username, [0, 0, 0])[order[category]] += int(n)
    return {u: (s[0], s[1], s[2]) for u, s in sums.items()}


def _scope(server: ServerProcess, admin: str) -> set[str]:
    """The members and branch accounts of every branch under the admin's org, from the tables."""
    orgs = dict(_query(server, "SELECT id, parent_id FROM orgs"))
    (root,) = _query(server, f"SELECT org_id FROM accounts WHERE username = '{admin}'")[0]

    def under(org: int | None) -> bool:
        while org is not None:
            if org == root:
                return True
            org = orgs.get(org)
        return False

    return {
        u
        for u, org in _query(
            server,
            "SELECT username, org_id FROM accounts "
            "WHERE kind IN ('member', 'branch_admin') AND org_id IS NOT NULL",
        )
        if under(org)
    }


def export_all(http: httpx.Client, headers: dict[str, str], year: int, size: int = 2000) -> dict:
    """Every page of the export, the first page's header with all the rows."""
    params: dict[str, int] = {"year": year, "size": size}
    first: dict | None = None
    rows: list[dict] = []
    while True:
        response = http.get("/api/v1/points/export", params=params, headers=headers)
        assert response.status_code == 200, response.text
        answer = response.json()
        first = first or answer
        rows += answer["rows"]
        if answer["next_after_org"] is None:
            break
        params.update(
            after_org=answer["next_after_org"], after_account=answer["next_after_account"]
        )
    return {**first, "rows": rows}


@pytest.fixture(scope="module")
def earned(server: ServerProcess) -> ServerProcess:
    """Points of YEAR: members of two 党委 log in and share on the test clock."""
    with server.client() as http:
        assert http.put("/api/v1/test/clock", json={"now": NOW}).status_code == 200
        for who in ("dy001", "dy002", "dy040"):
            h = login(http, who)
            assert http.post("/api/v1/articles/1/share", headers=h).status_code == 200
    return server


def _check(server: ServerProcess, answer: dict, admin: str) -> None:
    ledger = _ledger(server, answer["last_day"])
    rows = {r["username"]: r for r in answer["rows"]}
    assert set(rows) == _scope(server, admin)
    assert len(rows) == len(answer["rows"])  # nobody twice across pages
    for username, r in rows.items():
        want = ledger.get(username, (0, 0, 0))
        assert (r["org_life"], r["study"], r["vanguard"]) == want, username
        assert r["total"] == sum(want)


def test_branch_exports_its_branch_with_the_ledgers_sums(earned: ServerProcess) -> None:
    with earned.client() as http:
        answer = export_all(http, login(http, "zb001"), YEAR)
    _check(earned, answer, "zb001")
    assert answer["year"] == YEAR
    assert (answer["first_day"], answer["last_day"]) == (f"{YEAR}-01-01", f"{YEAR}-03-10")
    assert answer["exported_on"] == f"{YEAR}-03-10"
    assert [c["name"] for c in answer["categories"]] == ["组织生活", "教育学习", "先锋模范"]
    rows = {r["username"]: r for r in answer["rows"]}
    assert rows["dy001"]["study"] >= 2  # today's login and share at least
    assert rows["zb001"]["kind_name"] == "党支部管理员"  # the branch account's own row
    assert {r["branch_name"] for r in answer["rows"]} == {answer["scope"]["name"]}
    assert rows["dy001"]["branch_path"].endswith(answer["scope"]["name"])
    assert rows["dy001"]["branch_code"]


def test_committee_exports_its_subtree_only(earned: ServerProcess) -> None:
    with earned.client() as http:
        one = export_all(http, login(http, "dw001"), YEAR, size=7)  # several pages
        two = export_all(http, login(http, "dw002"), YEAR)
    _check(earned, one, "dw001")
    _check(earned, two, "dw002")
    assert not {r["username"] for r in one["rows"]} & {r["username"] for r in two["rows"]}
    assert len({r["branch_id"] for r in one["rows"]}) > 1


def test_province_exports_everyone(earned: ServerProcess) -> None:
    with earned.client() as http:
        answer = export_all(http, login(http, "sw001"), YEAR, size=50)
    _check(earned, answer, "sw001")


@pytest.mark.parametrize("who", ["dy001", "qz001"])
def test_members_and_public_are_refused(earned: ServerProcess, who: str) -> None:
    with earned.client() as http:
        response = http.get(
            "/api/v1/points/export", params={"year": YEAR}, headers=login(http, who)
        )
        features = http.get("/api/v1/me/features", headers=login(http, who)).json()
    assert response.status_code == 403
    assert response.json()["message"] == "用户无该权限"
    assert next(f for f in features if f["code"] == "points_export")["allowed"] is False


@pytest.mark.parametrize("year", [YEAR + 1, 1999, 0])
def test_a_year_not_begun_or_absurd_is_refused(earned: ServerProcess, year: int) -> None:
    with earned.client() as http:
        response = http.get(
            "/api/v1/points/export", params={"year": year}, headers=login(http, "zb001")
        )
    assert response.status_code == 422
    message = response.json()["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    if year == YEAR + 1:
        assert f"不能导出 {year} 年" in message


def _plan(server: ServerProcess, sql: str) -> str:
    """The database's plan of `sql`; PostgreSQL's with sequential scans off (the demo is small
    enough that it would rather read the whole table, whatever the indexes) and with statistics
    (a database just seeded has none yet, and without them the planner guesses: with the demo's
    500 accounts, a scan of one branch's rows and a sort)."""
    url = server.database_url
    if url.startswith("sqlite"):
        return "\n".join(str(r[-1]) for r in _query(server, f"EXPLAIN QUERY PLAN {sql}"))
    import asyncpg

    async def run() -> str:
        conn = await asyncpg.connect(url.replace("+asyncpg", ""))
        try:
            await conn.execute("ANALYZE accounts")
            async with conn.transaction():
                await conn.execute("SET LOCAL enable_seqscan = off")
                return "\n".join(r[0] for r in await conn.fetch(f"EXPLAIN {sql}"))
        finally:
            await conn.close()

    return asyncio.run(run())


def test_a_page_seeks_to_its_place_through_the_branch_account_index(
    earned: ServerProcess,
) -> None:
    """Each page starts where the last one ended: the keyset (org_id, id) > (:o, :a) is an
    index condition on accounts (org_id, id), not a scan from the first branch (quadratic for
    the province's ~1.7 M rows)."""
    from datetime import date

    from sqlalchemy.dialects import postgresql, sqlite

    from server.services.points_export import _PAGES

    dialect = sqlite.dialect() if earned.database_url.startswith("sqlite") else postgresql.dialect()
    for wide in (True, False):
        statement = _PAGES[wide].params(
            root=1, after_org=5, after_account=7, limit=50,
            first=date(YEAR, 1, 1), last=date(YEAR, 3, 10),
        )  # fmt: skip
        sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        plan = _plan(earned, sql)
        if dialect.name == "sqlite":  # SQLite seeks on the row value's leading column
            # (a subtree's page it reads branch by branch through org_id = each branch)
            assert not wide or "USING INDEX ix_accounts_org_id_id (org_id>?)" in plan, plan
        else:
            assert "ix_accounts_org_id_id" in plan, plan
            assert "ROW(org_id, id) > ROW(5, 7)" in plan.replace("accounts.", ""), plan
