"""Issue 16: gsdj-server init and import, and POST /api/v1/orgs/import, on both databases —
real files (openpyxl), the real CLI and a real server on a database built from nothing."""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import BACKENDS, _database_url
from tests.servers import ServerProcess, start_server

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "组织与人员示例.xlsx"
NEW_PASSWORD = "Lanzhou2026xin"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GSDJ_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "server", *args], capture_output=True, text=True, env=env
    )


def scalar(url: str, sql: str) -> object:
    """One value straight from the database (the state the answer does not show)."""
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.split("///", 1)[1]) as conn:
            return conn.execute(sql).fetchone()[0]
    import asyncpg

    async def run() -> object:
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
        try:
            return await conn.fetchval(sql)
        finally:
            await conn.close()

    return asyncio.run(run())


def read_passwords(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {row["用户名"]: row["一次性密码"] for row in csv.DictReader(f)}


def workbook_bytes(orgs: list[tuple[str, ...]], people: list[tuple[str, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "组织"
    sheet.append(("组织代码", "组织名称", "组织类别", "上级组织代码", "市州", "领域"))
    for row in orgs:
        sheet.append(row)
    people_sheet = book.create_sheet("人员")
    people_sheet.append(("用户名", "姓名", "账号类别", "所在组织代码", "党小组", "委员职位"))
    for row in people:
        people_sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@dataclass
class Stood:
    url: str
    init_out: str
    import_out: str
    passwords: dict[str, str]
    passwords_file: Path
    server: ServerProcess
    tmp: Path


@pytest.fixture(scope="module", params=BACKENDS)
def stood(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stood]:
    """A database from nothing: init, import of the sample workbook, then the server on it."""
    url, drop = _database_url(request.param, tmp_path_factory)
    tmp = tmp_path_factory.mktemp(f"import-{request.param}")
    init = cli("init", "--db", url)
    assert init.returncode == 0, init.stderr
    pw_file = tmp / "pw.csv"
    imported = cli("import", str(SAMPLE), "--db", url, "--passwords", str(pw_file))
    assert imported.returncode == 0, imported.stderr
    proc = start_server(tmp / "server", url, command="serve")
    if drop is not None:
        proc.cleanups.append(drop)
    yield Stood(url, init.stdout, imported.stdout, read_passwords(pw_file), pw_file, proc, tmp)
    proc.stop()


def first_login(http: httpx.Client, username: str, password: str) -> dict[str, str]:
    """Log in with a one-time password and choose a new one (the first-login change)."""
    r = http.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    r = http.post(
        "/api/v1/auth/password",
        json={"old_password": password, "new_password": NEW_PASSWORD},
        headers={"Authorization": f"Bearer {r.json()['token']}"},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def admin_password(stood: Stood) -> str:
    line = next(x for x in stood.init_out.splitlines() if x.startswith("一次性密码"))
    return line.split(":", 1)[1].strip()


@pytest.fixture(scope="module")
def province(stood: Stood) -> dict[str, str]:
    with stood.server.client() as http:
        return first_login(http, "admin", admin_password(stood))


def test_init_then_import_then_a_member_logs_in(stood: Stood) -> None:
    assert "用户名:admin" in stood.init_out and "只显示这一次" in stood.init_out
    assert "组织 新建 15" in stood.import_out and "账号 新建 37" in stood.import_out
    assert stat.S_IMODE(stood.passwords_file.stat().st_mode) == 0o600
    assert len(stood.passwords) == 37
    assert scalar(
        stood.url, "SELECT must_change_password FROM accounts WHERE username='jyg0101_01'"
    )
    with stood.server.client() as http:
        r = http.post(
            "/api/v1/auth/login",
            json={"username": "jyg0101_01", "password": stood.passwords["jyg0101_01"]},
        )
        assert r.status_code == 200, r.text
        me = http.get("/api/v1/me", headers={"Authorization": f"Bearer {r.json()['token']}"})
        assert me.status_code == 200
        assert me.json()["position"] == "书记"
        assert me.json()["group"]["name"] == "第一党小组"
    events = scalar(stood.url, "SELECT count(*) FROM org_events")
    assert events == 2 + 15 + 37  # init's two, then one per created org and account


def test_init_refuses_a_database_that_holds_orgs(stood: Stood) -> None:
    again = cli("init", "--db", stood.url)
    assert again.returncode != 0
    assert "数据库中已有组织或账号,不能再初始化" in again.stderr
    assert "Traceback" not in again.stderr


def test_reimport_changes_nothing(stood: Stood) -> None:
    events = scalar(stood.url, "SELECT count(*) FROM org_events")
    hash_before = scalar(stood.url, "SELECT password_hash FROM accounts WHERE username='tsst01_03'")
    pw = stood.tmp / "again.csv"
    again = cli("import", str(SAMPLE), "--db", stood.url, "--passwords", str(pw))
    assert again.returncode == 0, again.stderr
    assert "组织 新建 0、更新 0、不变 15" in again.stdout
    assert "账号 新建 0、更新 0、不变 37" in again.stdout
    assert not pw.exists()
    assert scalar(stood.url, "SELECT count(*) FROM org_events") == events
    assert (
        scalar(stood.url, "SELECT password_hash FROM accounts WHERE username='tsst01_03'")
        == hash_before
    )
    # The password file is never overwritten.
    refused = cli(
        "import", str(SAMPLE), "--db", stood.url, "--passwords", str(stood.passwords_file)
    )
    assert refused.returncode != 0 and "已存在,不会覆盖" in refused.stderr


def test_a_changed_row_updates_that_record_over_http(
    stood: Stood, province: dict[str, str]
) -> None:
    book = load_workbook(SAMPLE)
    people = book["人员"]
    for row in people.iter_rows(min_row=2):
        if row[0].value == "tsst01_06":
            row[1].value = "牛改名"
            row[4].value = "TSST01G1"  # another 党小组
            row[5].value = "青年委员"  # 宣传委员 is tsst01_04's: one holder per branch
    out = io.BytesIO()
    book.save(out)
    body = {"files": [{"name": "changed.xlsx", "content_base64": b64(out.getvalue())}]}
    with stood.server.client() as http:
        dry = http.post("/api/v1/orgs/import", json={**body, "dry_run": True}, headers=province)
        assert dry.status_code == 200, dry.text
        assert dry.json()["accounts"] == {"created": 0, "updated": 1, "unchanged": 36}
        assert dry.json()["applied"] is False
        assert (
            scalar(stood.url, "SELECT display_name FROM accounts WHERE username='tsst01_06'")
            != "牛改名"
        )
        r = http.post("/api/v1/orgs/import", json=body, headers=province)
        assert r.status_code == 200, r.text
        assert r.json()["applied"] is True and r.json()["passwords"] == []
    assert (
        scalar(stood.url, "SELECT display_name FROM accounts WHERE username='tsst01_06'")
        == "牛改名"
    )
    assert (
        scalar(stood.url, "SELECT position_code FROM accounts WHERE username='tsst01_06'")
        == "youth"
    )
    detail = scalar(
        stood.url,
        "SELECT detail FROM org_events WHERE action='account_updated' ORDER BY id DESC LIMIT 1",
    )
    assert "委员职位:无 → 青年委员" in str(detail) and "党小组:TSST01G2 → TSST01G1" in str(detail)


BAD_ORGS = [
    ("X01", "无上级党支部", "党支部", "NOPE", "兰州市", "农村"),
    ("X02", "错级党小组", "党小组", "JYG", "兰州市", ""),
    ("X03", "未知市州党委", "党委", "", "北京市", ""),
    ("X04", "", "党支部", "TSST", "天水市", "农村"),
    ("JYG0101G1", "重复代码", "党小组", "JYG0101", "", ""),
    ("JYG0101G1", "再次重复", "党小组", "JYG0101", "", ""),
]
BAD_PEOPLE = [
    ("bad_01", "职位不明", "党员", "JYG02", "", "文体委员"),
    ("bad_02", "重名甲", "党员", "JYG02", "", ""),
    ("bad_02", "重名乙", "党员", "JYG02", "", ""),
    ("bad_03", "错组织", "党支部管理员", "JYG", "", ""),
    ("bad_04", "别的小组", "党员", "JYG02", "TSST01G1", ""),
]


def test_bad_rows_are_each_reported_and_nothing_is_imported(stood: Stood) -> None:
    path = stood.tmp / "bad.xlsx"
    path.write_bytes(workbook_bytes(BAD_ORGS, BAD_PEOPLE))
    orgs_before = scalar(stood.url, "SELECT count(*) FROM orgs")
    r = cli("import", str(path), "--db", stood.url)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    err = r.stderr
    assert "组织 第2行 D列(上级组织代码):上级组织 NOPE 既不在本文件中,也不在系统中" in err
    assert "组织 第3行 C列(组织类别):党委下不能设党小组" in err
    assert "组织 第4行 E列(市州):未知的市州「北京市」" in err
    assert "组织 第5行 B列(组织名称):必填项为空" in err
    assert "组织 第7行 A列(组织代码):组织代码 JYG0101G1 与 组织 第6行重复" in err
    assert "人员 第2行 F列(委员职位):未知的委员职位「文体委员」" in err
    assert "请向省委组织部提出申请" in err
    assert "人员 第4行 A列(用户名):用户名 bad_02 与 人员 第3行重复" in err
    assert "人员 第5行 D列(所在组织代码):党支部管理员应属于党支部,而组织 JYG 是党委" in err
    assert "人员 第6行 E列(党小组):党小组 TSST01G1 不属于党支部 JYG02" in err
    assert "未导入任何数据" in err
    assert scalar(stood.url, "SELECT count(*) FROM orgs") == orgs_before


def test_csv_in_gb18030_and_with_bom(stood: Stood) -> None:
    header = "用户名,姓名,账号类别,所在组织代码,党小组,委员职位\r\n"
    rows = "csv_01,陈一,党员,JYG02,JYG02G1,\r\n"
    for i, data in enumerate(
        ((header + rows).encode("gb18030"), ("\ufeff" + header + rows).encode())
    ):
        path = stood.tmp / f"people{i}.csv"
        path.write_bytes(data)
        r = cli("import", str(path), "--db", stood.url, "--dry-run")
        assert r.returncode == 0, r.stderr
        assert "账号 新建 1" in r.stdout and "试导入" in r.stdout


def test_a_file_that_is_not_a_workbook(stood: Stood, province: dict[str, str]) -> None:
    junk = stood.tmp / "notes.xlsx"
    junk.write_bytes(b"PK\x03\x04 this is not a workbook at all")
    r = cli("import", str(junk), "--db", stood.url)
    assert r.returncode != 0 and "不是 .xlsx 工作簿或 .csv 表格" in r.stderr
    assert "Traceback" not in r.stderr
    with stood.server.client() as http:
        for name, data in (
            ("notes.xlsx", junk.read_bytes()),
            ("photo.png", bytes(range(256)) * 4),
            ("list.csv", "姓名,电话\n张三,123\n".encode()),
        ):
            r = http.post(
                "/api/v1/orgs/import",
                json={"files": [{"name": name, "content_base64": b64(data)}]},
                headers=province,
            )
            assert r.status_code == 422, r.text
            assert (
                "不是 .xlsx 工作簿或 .csv 表格" in r.json()["message"]
                or "没有可识别的表格" in r.json()["message"]
            )
        big = http.post(
            "/api/v1/orgs/import",
            content=b'{"files": [{"name": "a.xlsx", "content_base64": "'
            + b"A" * (9 << 20)
            + b'"}]}',
            headers={**province, "Content-Type": "application/json"},
        )
        assert big.status_code == 413 and "8 MiB" in big.json()["message"]


def test_wrong_level_over_http(stood: Stood) -> None:
    with stood.server.client() as http:
        member = first_login(http, "tsst01_02", stood.passwords["tsst01_02"])
        data = workbook_bytes([], [("x", "某人", "党员", "TSST01", "", "")])
        body = {"files": [{"name": "a.xlsx", "content_base64": b64(data)}], "dry_run": True}
        r = http.post("/api/v1/orgs/import", json=body, headers=member)
        assert r.status_code == 403 and r.json()["message"] == "用户无该权限"
        branch = first_login(http, "zb_jyg0101", stood.passwords["zb_jyg0101"])
        data = workbook_bytes(
            [("JYG0101G3", "第三党小组", "党小组", "JYG0101", "", "")],
            [
                ("jyg0101_new", "新党员", "党员", "JYG0101", "JYG0101G3", ""),
                ("jyg02_new", "别支部", "党员", "JYG02", "", ""),
                ("zb_jyg0101", "改名管理员", "党支部管理员", "JYG0101", "", ""),
            ],
        )
        body = {"files": [{"name": "a.xlsx", "content_base64": b64(data)}]}
        r = http.post("/api/v1/orgs/import", json=body, headers=branch)
        assert r.status_code == 200, r.text
        texts = [p["text"] for p in r.json()["problems"]]
        assert "人员 第3行:组织 JYG02 不在您的管理范围内" in texts
        assert "人员 第4行:本级管理员账号 zb_jyg0101 只能由上级组织创建或修改" in texts
        assert r.json()["applied"] is False
        # Its own members and 党小组 it may import.
        data = workbook_bytes(
            [("JYG0101G3", "第三党小组", "党小组", "JYG0101", "", "")],
            [("jyg0101_new", "新党员", "党员", "JYG0101", "JYG0101G3", "")],
        )
        body = {"files": [{"name": "a.xlsx", "content_base64": b64(data)}]}
        r = http.post("/api/v1/orgs/import", json=body, headers=branch)
        assert r.status_code == 200, r.text
        assert r.json()["applied"] is True
        assert r.json()["orgs"]["created"] == 1
        (pw,) = r.json()["passwords"]
        assert pw["username"] == "jyg0101_new"
        login = http.post(
            "/api/v1/auth/login", json={"username": "jyg0101_new", "password": pw["password"]}
        )
        assert login.status_code == 200
    assert (
        scalar(
            stood.url,
            "SELECT count(*) FROM org_events e JOIN accounts a ON a.id = e.actor_id "
            "WHERE a.username = 'zb_jyg0101'",
        )
        == 2
    )


def test_a_stray_far_cell_does_not_freeze_the_import(
    stood: Stood, province: dict[str, str]
) -> None:
    """One cell at XFD1048576 (a 5 KB file): read-only mode would pad every row to 16,384
    cells; the import reads only the header's columns, in a worker thread."""
    import time

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "人员"
    sheet.append(("用户名", "姓名", "账号类别", "所在组织代码", "党小组", "委员职位"))
    sheet.append(("far_01", "远方", "党员", "JYG02", "", ""))
    sheet.cell(row=1048576, column=16384, value="x")
    out = io.BytesIO()
    book.save(out)
    assert len(out.getvalue()) < 10_000
    body = {"files": [{"name": "far.xlsx", "content_base64": b64(out.getvalue())}]}
    with stood.server.client() as http:
        start = time.monotonic()
        r = http.post("/api/v1/orgs/import", json={**body, "dry_run": True}, headers=province)
        assert r.status_code == 200, r.text
        assert time.monotonic() - start < 10
        assert r.json()["accounts"]["created"] == 1 and r.json()["problems"] == []
        # A header wider than 30 columns is refused as a whole.
        sheet.cell(row=1, column=31, value="备注")
        out = io.BytesIO()
        book.save(out)
        body = {"files": [{"name": "wide.xlsx", "content_base64": b64(out.getvalue())}]}
        r = http.post("/api/v1/orgs/import", json={**body, "dry_run": True}, headers=province)
        assert r.status_code == 422, r.text
        assert r.json()["message"] == "人员 的表头超过 30 列,请删去多余的列后再导入"


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from server.domain import imports as rules
    from server.domain.errors import DomainError
    from server.services.imports import read_tables

    monkeypatch.setattr(rules, "MAX_ROWS", 3)
    text = "用户名,姓名,账号类别,所在组织代码\n" + "".join(
        f"u{i},某人,党员,JYG02\n" for i in range(5)
    )
    for name, data in (
        ("many.csv", text.encode()),
        (
            "many.xlsx",
            workbook_bytes([], [(f"u{i}", "某", "党员", "JYG02", "", "") for i in range(5)]),
        ),
    ):
        with pytest.raises(DomainError) as caught:
            read_tables(name, data)
        assert caught.value.code == "import_too_many_rows"
        assert "超过 3 行,请拆分后分批导入" in caught.value.message


def test_a_password_file_that_cannot_be_made_stops_the_import(stood: Stood) -> None:
    path = stood.tmp / "lost.xlsx"
    path.write_bytes(workbook_bytes([], [("lost_01", "失密", "党员", "JYG02", "", "")]))
    r = cli("import", str(path), "--db", stood.url, "--passwords", "/missing-dir/x.csv")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "无法创建一次性密码文件 /missing-dir/x.csv" in r.stderr
    assert "未导入任何数据" in r.stderr
    assert scalar(stood.url, "SELECT count(*) FROM accounts WHERE username='lost_01'") == 0


def test_only_the_province_imports_the_public_over_http(
    stood: Stood, province: dict[str, str]
) -> None:
    data = workbook_bytes([], [("qz_import_01", "某群众", "群众", "", "", "")])
    body = {"files": [{"name": "qz.xlsx", "content_base64": b64(data)}]}
    with stood.server.client() as http:
        committee = first_login(http, "dw_tsst", stood.passwords["dw_tsst"])
        r = http.post("/api/v1/orgs/import", json=body, headers=committee)
        assert r.status_code == 200, r.text
        assert [p["text"] for p in r.json()["problems"]] == [
            "人员 第2行:群众账号 qz_import_01 只能由省委组织部创建或修改"
        ]
        assert r.json()["applied"] is False
        r = http.post("/api/v1/orgs/import", json={**body, "dry_run": True}, headers=province)
        assert r.status_code == 200 and r.json()["problems"] == []
        assert r.json()["accounts"]["created"] == 1
    assert scalar(stood.url, "SELECT count(*) FROM accounts WHERE username='qz_import_01'") == 0
    # The command line may.
    path = stood.tmp / "qz.xlsx"
    path.write_bytes(data)
    r = cli("import", str(path), "--db", stood.url, "--dry-run")
    assert r.returncode == 0 and "账号 新建 1" in r.stdout, r.stderr


def test_a_group_with_members_keeps_its_branch_and_a_move_is_audited_on_both_orgs(
    stood: Stood, province: dict[str, str]
) -> None:
    data = workbook_bytes([("JYG0101G1", "第一党小组", "党小组", "JYG02", "", "")], [])
    body = {"files": [{"name": "g.xlsx", "content_base64": b64(data)}]}
    with stood.server.client() as http:
        r = http.post("/api/v1/orgs/import", json=body, headers=province)
        assert r.status_code == 200, r.text
        assert [p["text"] for p in r.json()["problems"]] == [
            "组织 第2行 D列(上级组织代码):党小组 JYG0101G1 已有成员,不能改到其他党支部;"
            "请先将成员移出该党小组"
        ]
        data = workbook_bytes([], [("jyg02_07", "魏春霞", "党员", "JYG0102", "JYG0102G1", "")])
        body = {"files": [{"name": "m.xlsx", "content_base64": b64(data)}]}
        r = http.post("/api/v1/orgs/import", json=body, headers=province)
        assert r.status_code == 200 and r.json()["applied"] is True, r.text
    orgs = scalar(
        stood.url,
        "SELECT string_agg(o.code, ',' ORDER BY o.code) FROM org_events e "
        "JOIN orgs o ON o.id = e.org_id JOIN accounts a ON a.id = e.account_id "
        "WHERE a.username = 'jyg02_07' AND e.action = 'account_updated'"
        if stood.url.startswith("postgresql")
        else "SELECT group_concat(code, ',') FROM (SELECT o.code AS code FROM org_events e "
        "JOIN orgs o ON o.id = e.org_id JOIN accounts a ON a.id = e.account_id "
        "WHERE a.username = 'jyg02_07' AND e.action = 'account_updated' ORDER BY o.code)",
    )
    assert orgs == "JYG0102,JYG02"


def test_a_branch_has_one_holder_of_each_position_in_an_import(
    stood: Stood, province: dict[str, str]
) -> None:
    """JYG02's 书记 is jyg02_01's: a file may not give it to another account, beside the holder
    or twice in the file; a file that moves positions between accounts (a swap, a new holder
    for one it frees) is imported, whatever the order of its rows."""

    def post(people: list[tuple[str, ...]], dry_run: bool = False) -> dict[str, object]:
        data = workbook_bytes([], people)
        body = {"files": [{"name": "p.xlsx", "content_base64": b64(data)}], "dry_run": dry_run}
        with stood.server.client() as http:
            r = http.post("/api/v1/orgs/import", json=body, headers=province)
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]

    out = post([("jyg02_04", "牛永福", "党员", "JYG02", "JYG02G2", "书记")], dry_run=True)
    assert [p["text"] for p in out["problems"]] == [  # type: ignore[union-attr]
        "人员 第2行 F列(委员职位):党支部 JYG02 的书记已由 马振东(jyg02_01)担任,每个党支部只设"
        "一名书记;请先取消其职位,或在本文件中列出该账号并改其委员职位"
    ]
    out = post(
        [
            ("jyg02_04", "牛永福", "党员", "JYG02", "JYG02G2", "纪检委员"),
            ("jyg02_05", "包丽华", "党员", "JYG02", "JYG02G1", "纪检委员"),
            ("jyg02_new1", "新同志", "党员", "JYG02", "", "纪检委员"),
        ]
    )
    assert [p["text"] for p in out["problems"]] == [  # type: ignore[union-attr]
        f"人员 第{n}行 F列(委员职位):纪检委员与 人员 第2行的 牛永福(jyg02_04)重复:"
        "每个党支部只设一名纪检委员"
        for n in (3, 4)
    ]
    assert out["applied"] is False
    # A swap of 书记 and 副书记, and 组织委员 from jyg02_03 to a new account listed first.
    out = post(
        [
            ("jyg02_new2", "新组织委员", "党员", "JYG02", "", "组织委员"),
            ("jyg02_02", "杨文斌", "党员", "JYG02", "JYG02G2", "书记"),
            ("jyg02_01", "马振东", "党员", "JYG02", "JYG02G1", "副书记"),
            ("jyg02_03", "王天明", "党员", "JYG02", "JYG02G1", ""),
        ]
    )
    assert out["problems"] == [] and out["applied"] is True, out
    held = scalar(
        stood.url,
        "SELECT "
        + ("string_agg" if stood.url.startswith("postgresql") else "group_concat")
        + "(username || ':' || position_code, ',') FROM (SELECT username, position_code FROM "
        "accounts a JOIN orgs o ON o.id = a.org_id WHERE o.code = 'JYG02' AND "
        "position_code IS NOT NULL ORDER BY username) x",
    )
    assert held == "jyg02_01:deputy_secretary,jyg02_02:secretary,jyg02_new2:organization"


_LOGGED_IN: dict[tuple[str, str], dict[str, str]] = {}


def logged_in(stood: Stood, username: str) -> dict[str, str]:
    """An imported account's headers, its one-time password changed once per database."""
    key = (stood.url, username)
    if key not in _LOGGED_IN:
        with stood.server.client() as http:
            _LOGGED_IN[key] = first_login(http, username, stood.passwords[username])
    return _LOGGED_IN[key]


def sample_rows(org_codes: set[str]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The sample workbook's rows of these orgs: the orgs and the accounts in them."""
    book = load_workbook(SAMPLE, read_only=True)
    orgs = [
        tuple("" if v is None else str(v) for v in row)
        for row in book["组织"].iter_rows(min_row=2, values_only=True)
        if row[0] in org_codes
    ]
    people = [
        tuple("" if v is None else str(v) for v in row)
        for row in book["人员"].iter_rows(min_row=2, values_only=True)
        if row[3] in org_codes
    ]
    book.close()
    return orgs, people


def test_an_admin_imports_unchanged_rows_of_its_own_and_upper_orgs(stood: Stood) -> None:
    """A 党委's own subtree as the province's file has it: its own 党委 row names the province
    as parent, its own admin's row is its own org's. Unchanged, these are no-ops, for the 党委 and
    for a 党总支 under it (for which the 党委 and its admin lie above). A row that would change
    an upper org is still refused, and so is a row of another 党委, even unchanged."""
    subtree = {"JYG", "JYG01", "JYG0101", "JYG0101G1", "JYG0101G2"}
    orgs, people = sample_rows(subtree)
    assert ("JYG", "中共嘉峪关市直属机关工作委员会", "党委", "GS", "嘉峪关市", "") in orgs
    assert any(p[0] == "dw_jyg" for p in people) and len(people) == 11
    body = {"files": [{"name": "jyg.xlsx", "content_base64": b64(workbook_bytes(orgs, people))}]}
    with stood.server.client() as http:
        for admin in ("dw_jyg", "zzz_jyg01"):
            r = http.post(
                "/api/v1/orgs/import",
                json={**body, "dry_run": True},
                headers=logged_in(stood, admin),
            )
            assert r.status_code == 200, r.text
            assert r.json()["problems"] == [], (admin, r.json()["problems"])
            assert r.json()["orgs"] == {"created": 0, "updated": 0, "unchanged": 5}
            assert r.json()["accounts"] == {"created": 0, "updated": 0, "unchanged": 11}
        # Applied: nothing written, nothing audited.
        events = scalar(stood.url, "SELECT count(*) FROM org_events")
        r = http.post("/api/v1/orgs/import", json=body, headers=logged_in(stood, "zzz_jyg01"))
        assert r.status_code == 200 and r.json()["applied"] is True, r.text
        assert scalar(stood.url, "SELECT count(*) FROM org_events") == events
        # Changing the upper 党委 (its name) is not a 党总支's to do, nor the 党委's own.
        renamed = [("JYG", "改名工委", "党委", "GS", "嘉峪关市", ""), *orgs[1:]]
        changed = {
            "files": [{"name": "j.xlsx", "content_base64": b64(workbook_bytes(renamed, people))}],
            "dry_run": True,
        }
        r = http.post("/api/v1/orgs/import", json=changed, headers=logged_in(stood, "zzz_jyg01"))
        assert [p["text"] for p in r.json()["problems"]] == [
            "组织 第2行:组织 JYG 不在您的管理范围内",
            "组织 第2行:组织 GS 不在您的管理范围内",
        ]
        r = http.post("/api/v1/orgs/import", json=changed, headers=logged_in(stood, "dw_jyg"))
        assert "组织 第2行:本级组织的信息只能由上级组织修改" in [
            p["text"] for p in r.json()["problems"]
        ]
        # Another 党委's rows, unchanged or not, are refused (the province's file of both).
        both = sample_rows(subtree | {"TSST", "TSST01", "TSST01G1", "TSST01G2"})
        whole = {
            "files": [{"name": "s.xlsx", "content_base64": b64(workbook_bytes(*both))}],
            "dry_run": True,
        }
        r = http.post("/api/v1/orgs/import", json=whole, headers=logged_in(stood, "dw_jyg"))
        texts = [p["text"] for p in r.json()["problems"]]
        assert texts and all("TSST" in t and "不在您的管理范围内" in t for t in texts), texts
        assert not any("GS" in t for t in texts)


def test_a_reimport_keeps_the_branchs_edits_and_the_preview_lists_every_field(
    stood: Stood, province: dict[str, str]
) -> None:
    """JYG0102's admin edits 我的支部 (领域, a 党小组's name) and 账号管理 (a member's 党小组, a
    委员职位); the province then imports its old spreadsheet again. The file still holds the
    values from before the edits: the edits are kept, and the preview says so field by field.
    A value the file changes since (领域, a name) replaces the record's, and the preview says
    which of them replaces a platform edit."""
    admin = logged_in(stood, "zb_jyg0102")
    with stood.server.client() as http:
        profile = http.get("/api/v1/branch", headers=admin).json()
        assert profile["code"] == "JYG0102" and profile["field_name"] == "机关"
        branch = profile["id"]
        fields = {f["name"]: f["code"] for f in profile["fields"]}
        group = {g["name"]: g["id"] for g in profile["groups"]}
        r = http.put(
            f"/api/v1/branch/{branch}/field", headers=admin, json={"field": fields["城市社区"]}
        )
        assert r.status_code == 200, r.text
        r = http.put(
            f"/api/v1/branch/{branch}/groups/{group['第二党小组']}",
            headers=admin,
            json={"name": "青年党小组"},
        )
        assert r.status_code == 200, r.text
        members = {
            a["username"]: a["id"]
            for a in http.get("/api/v1/accounts", headers=admin).json()["items"]
        }
        r = http.put(
            f"/api/v1/accounts/{members['jyg0102_04']}/group",
            headers=admin,
            json={"group_id": group["第一党小组"]},
        )
        assert r.status_code == 200, r.text
        r = http.put(
            f"/api/v1/accounts/{members['jyg0102_05']}/position",
            headers=admin,
            json={"position_code": "publicity"},
        )
        assert r.status_code == 200, r.text

        orgs, people = sample_rows({"JYG0102", "JYG0102G1", "JYG0102G2"})

        def send(
            orgs: list[tuple[str, ...]], people: list[tuple[str, ...]], dry_run: bool
        ) -> dict[str, Any]:
            data = b64(workbook_bytes(orgs, people))
            body = {"files": [{"name": "old.xlsx", "content_base64": data}], "dry_run": dry_run}
            r = http.post("/api/v1/orgs/import", json=body, headers=province)
            assert r.status_code == 200 and r.json()["problems"] == [], r.text
            return r.json()  # type: ignore[no-any-return]

        dry = send(orgs, people, True)
        assert dry["orgs"] == {"created": 0, "updated": 0, "unchanged": 3}
        assert dry["accounts"] == {"created": 0, "updated": 0, "unchanged": 8}
        assert [c["text"] for c in dry["changes"]] == [
            "组织 第2行 JYG0102 领域:保留平台上的修改「城市社区」(文件为「机关」)",
            "组织 第4行 JYG0102G2 名称:保留平台上的修改「青年党小组」(文件为「第二党小组」)",
            "人员 第6行 jyg0102_04 党小组:保留平台上的修改「JYG0102G1」(文件为「JYG0102G2」)",
            "人员 第7行 jyg0102_05 委员职位:保留平台上的修改「宣传委员」(文件为「无」)",
        ]
        assert dry["changes_total"] == dry["kept_total"] == 4
        assert all(c["kept"] for c in dry["changes"])
        assert {c["column"] for c in dry["changes"]} == {"F", "B", "E"}
        events = scalar(stood.url, "SELECT count(*) FROM org_events")
        assert send(orgs, people, False)["applied"] is True
        assert scalar(stood.url, "SELECT count(*) FROM org_events") == events
        again = http.get("/api/v1/branch", headers=admin).json()
        assert again["field_name"] == "城市社区"
        assert {g["name"] for g in again["groups"]} == {"第一党小组", "青年党小组"}
        assert any(c["position"] == "宣传委员" for c in again["committee"])

        # The province changes 领域 (to 农村) and a member's name in its file: both replace the
        # record's, 领域 over the branch's edit; the rest stays kept.
        orgs = [(*o[:5], "农村") if o[0] == "JYG0102" else o for o in orgs]
        people = [("jyg0102_06", "郭晓艳", *p[2:]) if p[0] == "jyg0102_06" else p for p in people]
        dry = send(orgs, people, True)
        assert dry["orgs"]["updated"] == 1 and dry["accounts"]["updated"] == 1
        texts = [c["text"] for c in dry["changes"]]
        assert "组织 第2行 JYG0102 领域:城市社区 → 农村(替换平台上的修改)" in texts
        assert "人员 第8行 jyg0102_06 姓名:郭晓燕 → 郭晓艳" in texts
        assert len(texts) == 5
        assert send(orgs, people, False)["applied"] is True
        done = http.get("/api/v1/branch", headers=admin).json()
        assert done["field_name"] == "农村" and "青年党小组" in {g["name"] for g in done["groups"]}
    # 领域 is forgotten (the file decided); the 党小组's name is still remembered.
    remembered = scalar(stood.url, "SELECT local_edits FROM orgs WHERE code = 'JYG0102'")
    assert remembered is None
    remembered = scalar(stood.url, "SELECT local_edits FROM orgs WHERE code = 'JYG0102G2'")
    assert json.loads(str(remembered)) == {"name": "第二党小组"}


def test_a_member_moved_on_the_platform_stays_with_its_new_branch(stood: Stood) -> None:
    """The 党委 moves jyg0101_08 to JYG02 (账号管理); the province's old file still lists it in
    JYG0101's 第二党小组. Its branch is kept, and with it the 党小组 and 委员职位 it has there
    (they are that branch's); the command line's preview lists both."""
    committee = logged_in(stood, "dw_jyg")
    with stood.server.client() as http:
        tree = http.get("/api/v1/orgs/tree", headers=committee).json()

        def find(node: dict[str, Any], name: str) -> dict[str, Any] | None:
            if node["name"] == name:
                return node
            return next((f for c in node["children"] if (f := find(c, name))), None)

        jyg0101, jyg02 = find(tree, "市发改委机关第一党支部"), find(tree, "嘉峪关市图书馆党支部")
        assert jyg0101 and jyg02
        accounts = http.get(f"/api/v1/accounts?org_id={jyg0101['id']}", headers=committee).json()
        member = next(a["id"] for a in accounts["items"] if a["username"] == "jyg0101_08")
        r = http.put(
            f"/api/v1/accounts/{member}/branch", headers=committee, json={"org_id": jyg02["id"]}
        )
        assert r.status_code == 200, r.text
    _, people = sample_rows({"JYG0101"})
    path = stood.tmp / "old-jyg0101.xlsx"
    path.write_bytes(workbook_bytes([], [p for p in people if p[0] == "jyg0101_08"]))
    dry = cli("import", str(path), "--db", stood.url, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "账号 新建 0、更新 0、不变 1" in dry.stdout
    assert "现有记录的字段(共 2 处,其中保留平台上的修改 2 处):" in dry.stdout
    assert (
        "人员 第2行 jyg0101_08 所在组织:保留平台上的修改「JYG02」(文件为「JYG0101」)" in dry.stdout
    )
    assert "人员 第2行 jyg0101_08 党小组:保留平台上的修改「无」(文件为「JYG0101G2」)" in dry.stdout
    done = cli("import", str(path), "--db", stood.url, "--passwords", str(stood.tmp / "m.csv"))
    assert done.returncode == 0, done.stderr
    assert (
        scalar(
            stood.url,
            "SELECT o.code FROM accounts a JOIN orgs o ON o.id = a.org_id "
            "WHERE a.username = 'jyg0101_08'",
        )
        == "JYG02"
    )
