"""Issue 16 — the import at a province's scale, against its floors, on SQLite and PostgreSQL.

    python bench/import_scale.py [--scale 0.05] [--backends sqlite,postgresql]

Scale 1 is the issue's province: 100,000 党支部 (1,000 党委 of 100 each, 2 党小组 per branch) and
2,000,000 党员 (20 per branch). For each backend, in the same run:

- .csv: `gsdj-server import`'s path in process (read, check every row, write in bulk, audit)
  into a fresh initialised database, against a bare bulk insert of as many rows (one executemany
  of plain INSERTs into a table of as many columns, one transaction, same `Database`): rows/s,
  target ≥ 0.3× the bare rate;
- .xlsx: the same rows from a workbook into another fresh database, against merely reading the
  workbook with openpyxl in read-only mode (every cell of every row): target ≤ 1.5× that time;
- one branch (1 党支部, 2 党小组, 30 党员) end to end: `python -m server import` as a process on
  the province database (start, migrate check, read, check, write, password file).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook, load_workbook  # noqa: E402
from sqlalchemy import text  # noqa: E402

from server.db.engine import Database, normalise_url, sqlite_url  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402
from server.db.unit import Unit  # noqa: E402
from server.domain.clock import Clock  # noqa: E402
from server.services.imports import init, read_tables, run_import  # noqa: E402

ORG_HEADER = ["组织代码", "组织名称", "组织类别", "上级组织代码", "市州", "领域"]
ACCOUNT_HEADER = ["用户名", "姓名", "账号类别", "所在组织代码", "党小组", "委员职位"]
POSITIONS = ["书记", "副书记", "组织委员", "宣传委员", "纪检委员"]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def province_rows(scale: float) -> tuple[list[list[str]], list[list[str]]]:
    committees = max(1, round(1000 * scale))
    orgs: list[list[str]] = []
    people: list[list[str]] = []
    for c in range(committees):
        cc = f"B{c:04d}"
        orgs.append([cc, f"第{c}党委", "党委", "GS", "兰州市", ""])
        people.append([f"dw_{cc}", f"党委管理员{c}", "党委管理员", cc, "", ""])
        for b in range(100):
            bc = f"{cc}{b:02d}"
            orgs.append([bc, f"第{c}党委第{b}党支部", "党支部", cc, "兰州市", "机关"])
            people.append([f"zb_{bc}", f"支部管理员{bc}", "党支部管理员", bc, "", ""])
            for g in (1, 2):
                orgs.append([f"{bc}G{g}", f"第{g}党小组", "党小组", bc, "", ""])
            for m in range(20):
                people.append(
                    [f"m{bc}{m:02d}", f"党员{bc}{m:02d}", "党员", bc, f"{bc}G{m % 2 + 1}",
                     POSITIONS[m] if m < 5 else ""]
                )  # fmt: skip
    return orgs, people


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def write_xlsx(path: Path, orgs: list[list[str]], people: list[list[str]]) -> None:
    book = Workbook(write_only=True)
    for title, header, rows in (("组织", ORG_HEADER, orgs), ("人员", ACCOUNT_HEADER, people)):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)


def read_workbook_only(path: Path) -> int:
    book = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    book.close()
    return cells


async def fresh(backend: str, tmp: Path, name: str) -> str:
    if backend == "sqlite":
        return sqlite_url(tmp / f"{name}.sqlite3")
    import asyncpg

    db = f"gsdj_bench_{name}_{int(time.time())}"
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        await conn.execute(f'CREATE DATABASE "{db}"')
    finally:
        await conn.close()
    return normalise_url(f"postgresql://postgres@127.0.0.1:5432/{db}")


async def drop(url: str) -> None:
    if "postgresql" not in url:
        return
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await conn.close()


async def initialised(url: str) -> Database:
    db = Database(url)
    await upgrade(db)
    await init(Unit(db), now=Clock().now())
    return db


async def our_import(url: str, files: list[Path]) -> tuple[float, int]:
    db = await initialised(url)
    try:
        start = time.perf_counter()
        tables = [t for f in files for t in read_tables(f.name, f)]
        result = await run_import(Unit(db), tables, now=Clock().now(), caller=None, dry_run=False)
        elapsed = time.perf_counter() - start
    finally:
        await db.dispose()
    assert not result.problems, result.problems[:3]
    return elapsed, result.orgs.created + result.accounts.created


async def bare_insert(url: str, rows: int) -> float:
    db = Database(url)
    try:
        async with db.write_engine.begin() as conn:
            await conn.execute(text("DROP TABLE IF EXISTS bare_rows"))
            await conn.execute(
                text(
                    "CREATE TABLE bare_rows (id INTEGER PRIMARY KEY, a VARCHAR(64), "
                    "b VARCHAR(100), c VARCHAR(30), d VARCHAR(40), e VARCHAR(40), f VARCHAR(200))"
                )
            )
        params = [
            {"id": i + 1, "a": f"u{i}", "b": f"名{i}", "c": "member", "d": "x", "e": "y",
             "f": "otp-sha256$0123456789abcdef$" + "0" * 64}
            for i in range(rows)
        ]  # fmt: skip
        start = time.perf_counter()
        async with db.write_engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO bare_rows VALUES (:id, :a, :b, :c, :d, :e, :f)"), params
            )
        return time.perf_counter() - start
    finally:
        await db.dispose()


def one_branch(url: str, tmp: Path) -> float:
    orgs = [["ONE01", "单支部", "党支部", "B0000", "兰州市", "农村"]] + [
        [f"ONE01G{g}", f"第{g}党小组", "党小组", "ONE01", "", ""] for g in (1, 2)
    ]
    people = [
        [f"one{m:02d}", f"党员{m}", "党员", "ONE01", f"ONE01G{m % 2 + 1}", ""] for m in range(30)
    ]
    path = tmp / "one.xlsx"
    write_xlsx(path, orgs, people)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "server", "import", str(path), "--db", url,
         "--passwords", str(tmp / f"one-{time.time_ns()}.csv")],
        check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - start


async def run(scale: float, backends: list[str]) -> None:
    orgs, people = province_rows(scale)
    rows = len(orgs) + len(people)
    branches = sum(1 for o in orgs if o[2] == "党支部")
    members = sum(1 for p in people if p[2] == "党员")
    print(f"scale {scale}: {branches:,} 党支部, {len(orgs):,} org rows, {members:,} 党员, "
          f"{len(people):,} account rows ({rows:,} rows)")  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        write_csv(tmp / "orgs.csv", ORG_HEADER, orgs)
        write_csv(tmp / "people.csv", ACCOUNT_HEADER, people)
        t = time.perf_counter()
        write_xlsx(tmp / "province.xlsx", orgs, people)
        print(f"(workbook written in {time.perf_counter() - t:.1f} s)")
        print()
        print(f"{'backend':<11} {'measure':<34} {'ours':>10} {'floor':>10} {'ratio':>7} target")
        for backend in backends:
            bare_url = await fresh(backend, tmp, "bare")
            csv_url = await fresh(backend, tmp, "csv")
            xlsx_url = await fresh(backend, tmp, "xlsx")
            try:
                bare_s = await bare_insert(bare_url, rows)
                ours_s, created = await our_import(csv_url, [tmp / "orgs.csv", tmp / "people.csv"])
                assert created == rows
                ours_rate, bare_rate = rows / ours_s, rows / bare_s
                print(f"{backend:<11} {'.csv import, rows/s':<34} {ours_rate:>10,.0f} "
                      f"{bare_rate:>10,.0f} {ours_rate / bare_rate:>6.2f}× ≥ 0.3×")  # fmt: skip
                t = time.perf_counter()  # the floor just before ours: the machine is shared
                read_workbook_only(tmp / "province.xlsx")
                floor_xlsx = time.perf_counter() - t
                xlsx_s, _ = await our_import(xlsx_url, [tmp / "province.xlsx"])
                print(f"{backend:<11} {'.xlsx import vs read-only parse, s':<34} {xlsx_s:>10.1f} "
                      f"{floor_xlsx:>10.1f} {xlsx_s / floor_xlsx:>6.2f}× ≤ 1.5×")  # fmt: skip
                one_s = one_branch(csv_url, tmp)
                print(f"{backend:<11} {'one branch (30) end to end, s':<34} {one_s:>10.2f}")
            finally:
                for url in (bare_url, csv_url, xlsx_url):
                    await drop(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.05, help="1 = the issue's province")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    asyncio.run(run(args.scale, args.backends.split(",")))


if __name__ == "__main__":
    main()
