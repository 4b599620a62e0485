"""The daily job on a synthetic province (boards, 督办达标 and 数据分析示图's figures), against the
bare GROUP BY … SUM … ORDER BY query on the same data in the same run; then the boards' and the
dashboards' read endpoints over HTTP on that database (target: each dashboard read < 50 ms).

    python bench/daily_job.py [--members 2000000] [--branches 100000] [--ledger 20000000]
                              [--backend sqlite|postgresql|both] [--runs 3]

PostgreSQL: a fresh database is created next to GSDJ_TEST_POSTGRES
(default postgresql://postgres@127.0.0.1:5432/test) and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.db.engine import Database, sqlite_url  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402
from server.domain.auth import hash_password  # noqa: E402
from server.domain.clock import Clock  # noqa: E402
from server.domain.orgs import CITIES, CITY_CODES  # noqa: E402
from server.jobs.daily import run_daily  # noqa: E402

AS_OF = date(2026, 11, 27)
YEAR_START = date(2026, 1, 1)
COMMITTEES = 100
PASSWORD = "bench2026"

# codes by category; the ledger cycles through them
STUDY = ("login", "read", "like", "collect", "comment", "share", "video", "exam", "third_party")
LOVE = ("snapshot", "wish_done", "donation_post")

BARE_SQL = """
SELECT account_id, SUM(points) AS total FROM points_ledger
WHERE category = 'study' AND day >= :start AND day <= :as_of
GROUP BY account_id ORDER BY total DESC
"""


def _series(db: Database, n: int, alias: str) -> str:
    if db.is_sqlite:
        return f"(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < {n}) SELECT i FROM s) AS {alias}"
    return f"generate_series(0::bigint, {n} - 1) AS {alias}(i)"


def _case(column: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"CASE {column} {whens} END"


async def populate(db: Database, members: int, branches: int, ledger: int) -> None:
    """Fill a migrated, empty database in bulk, inside the database engine.

    Ledger rows come in account order (ten per member on average, spread over the year and
    the codes), so the indexes grow at their ends and 20M rows load in minutes."""
    days = (AS_OF - YEAR_START).days + 1
    pw = hash_password(PASSWORD)
    now = "2026-11-27 12:00:00"
    first_branch = 2 + COMMITTEES
    first_member = branches + 1  # accounts 1..branches are the branch accounts
    codes = STUDY + LOVE
    day_expr = (
        f"date('{YEAR_START}', '+' || (s.i % {days}) || ' days')"
        if db.is_sqlite
        else f"DATE '{YEAR_START}' + CAST(s.i % {days} AS INTEGER)"
    )
    statements = [
        "INSERT INTO orgs (id, parent_id, kind, name, sort) VALUES (1, NULL, 'province', '省委组织部', 0)",
        f"INSERT INTO orgs (id, parent_id, kind, name, sort, city) SELECT 2 + s.i, 1, 'committee', '党委' || s.i, s.i, "
        f"{_case(f'(s.i % {len(CITIES)})', CITIES)} FROM {_series(db, COMMITTEES, 's')}",
        f"INSERT INTO orgs (id, parent_id, kind, name, sort) SELECT {first_branch} + s.i, 2 + (s.i % {COMMITTEES}), 'branch', '支部' || s.i, s.i FROM {_series(db, branches, 's')}",
        f"INSERT INTO accounts (id, username, display_name, kind, org_id, password_hash, active, created_at) "
        f"SELECT 1 + s.i, 'zb' || s.i, '支部' || s.i, 'branch_admin', {first_branch} + s.i, '{pw}', TRUE, '{now}' FROM {_series(db, branches, 's')}",
        f"INSERT INTO accounts (id, username, display_name, kind, org_id, password_hash, active, created_at) "
        f"SELECT {first_member} + s.i, 'dy' || s.i, '党员' || s.i, 'member', {first_branch} + (s.i % {branches}), '{pw}', TRUE, '{now}' FROM {_series(db, members, 's')}",
        f"INSERT INTO accounts (id, username, display_name, kind, org_id, password_hash, active, created_at) "
        f"VALUES ({first_member + members}, 'sw', '省委组织部管理员', 'province_admin', 1, '{pw}', TRUE, '{now}')",
        f"INSERT INTO accounts (id, username, display_name, kind, org_id, password_hash, active, created_at) "
        f"VALUES ({first_member + members + 1}, 'dw', '党委管理员', 'committee_admin', 2, '{pw}', TRUE, '{now}')",
        f"INSERT INTO points_ledger (account_id, code, category, points, day, source_type, source_id, idempotency_key, created_at) "
        f"SELECT {first_member} + (s.i * {members}) / {ledger}, {_case(f'(s.i % {len(codes)})', codes)}, "
        f"CASE WHEN s.i % {len(codes)} >= {len(STUDY)} THEN 'vanguard' ELSE 'study' END, 1 + (s.i % 2), {day_expr}, "
        f"'bench', '', CAST(s.i AS TEXT), '{now}' FROM {_series(db, ledger, 's')}",
    ]
    async with db.write() as session:
        for sql in statements:
            await session.execute(text(sql))
    async with db.write_engine.connect() as conn:
        if db.is_sqlite:
            await conn.execute(text("ANALYZE"))
        else:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE"))


async def time_bare(db: Database) -> float:
    start = time.perf_counter()
    async with db.read() as session:
        rows = (await session.execute(text(BARE_SQL), {"start": YEAR_START, "as_of": AS_OF})).all()
    assert rows
    return time.perf_counter() - start


async def time_job(db: Database) -> float:
    start = time.perf_counter()
    await run_daily(db, AS_OF, Clock())
    return time.perf_counter() - start


def time_endpoints(database_url: str, members: int, runs: int = 50) -> dict[str, float]:
    """Median latency of the board endpoints over HTTP, on the populated database."""
    work = Path(tempfile.mkdtemp())
    ready = work / "ready.json"
    env = dict(os.environ, GSDJ_JOBS="0")
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", "0", "--db", database_url, "--test-clock",
         "--no-jobs", "--ready-file", str(ready)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        while not ready.exists():
            time.sleep(0.1)
        url = json.loads(ready.read_text())["url"]
        results = {}
        with httpx.Client(base_url=url, timeout=60) as http:
            http.put(
                "/api/v1/test/clock", json={"now": f"{AS_OF + timedelta(days=1)}T09:00:00+08:00"}
            )

            def token(username: str) -> dict[str, str]:
                r = http.post(
                    "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
                )
                r.raise_for_status()
                return {"Authorization": f"Bearer {r.json()['token']}"}

            cases = {
                "member_study (a branch)": (
                    token(f"dy{members // 2}"),
                    "/api/v1/boards/member_study?size=100",
                ),
                "branch_study (a 党委, 100 rows)": (
                    token("zb7"),
                    "/api/v1/boards/branch_study?size=100",
                ),
                # The province admin: every branch, the biggest page the API allows.
                "branch_study (province, 1000 rows)": (
                    token("sw"),
                    "/api/v1/boards/branch_study?size=1000",
                ),
                "branch_study (province, page 50)": (
                    token("sw"),
                    "/api/v1/boards/branch_study?size=1000&page=50",
                ),
                # 数据分析示图 of a 党委 (its branches as children), 党建地图, one 市州, 党建大屏.
                "analytics (a 党委)": (token("dw"), "/api/v1/analytics"),
                "map (14 市州)": (token("sw"), "/api/v1/map"),
                "map/{code} (a 市州's 党委)": (
                    token("sw"),
                    f"/api/v1/map/{CITY_CODES[CITIES[0]]}",
                ),
                "big-screen": (token("sw"), "/api/v1/big-screen"),
            }
            for name, (headers, path) in cases.items():
                http.get(path, headers=headers).raise_for_status()  # warm
                samples = []
                for _ in range(runs):
                    t = time.perf_counter()
                    http.get(path, headers=headers).raise_for_status()
                    samples.append(time.perf_counter() - t)
                results[name] = statistics.median(samples)
        return results
    finally:
        proc.terminate()
        proc.wait()


async def bench_backend(backend: str, args: argparse.Namespace) -> list[tuple[str, str, float]]:
    drop = None
    if backend == "sqlite":
        workdir = Path(tempfile.mkdtemp())
        url = sqlite_url(workdir / "bench.sqlite3")

        async def drop() -> None:
            shutil.rmtree(workdir, ignore_errors=True)
    else:
        import asyncpg

        admin = os.environ.get("GSDJ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
        name = f"gsdj_bench_{uuid.uuid4().hex[:8]}"
        conn = await asyncpg.connect(admin)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()
        url = admin.rsplit("/", 1)[0] + "/" + name

        async def drop() -> None:  # type: ignore[no-redef]
            conn = await asyncpg.connect(admin)
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()

    db = Database(url)
    rows: list[tuple[str, str, float]] = []
    try:
        await upgrade(db)
        t = time.perf_counter()
        await populate(db, args.members, args.branches, args.ledger)
        rows.append((backend, "populate (not compared)", time.perf_counter() - t))
        bare, job = [], []
        for _ in range(args.runs):  # alternate, so noise hits both
            bare.append(await time_bare(db))
            job.append(await time_job(db))
        rows.append((backend, "bare GROUP BY … SUM … ORDER BY", statistics.median(bare)))
        rows.append((backend, "daily job (boards, 督办达标, figures)", statistics.median(job)))
        await db.dispose()
        for name, seconds in time_endpoints(url, args.members).items():
            rows.append((backend, f"GET {name}", seconds))
    finally:
        await db.dispose()
        if drop is not None:
            await drop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2_000_000)
    parser.add_argument("--branches", type=int, default=100_000)
    parser.add_argument("--ledger", type=int, default=20_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"{args.members:,} members, {args.branches:,} branches, {args.ledger:,} ledger rows, as of {AS_OF}"
    )
    all_rows = []
    for backend in backends:
        all_rows += asyncio.run(bench_backend(backend, args))
    print(f"{'backend':<11}{'measure':<52}{'median':>12}")
    for backend, name, seconds in all_rows:
        shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
        print(f"{backend:<11}{name:<52}{shown:>12}")
    for backend in backends:
        by = {name: s for b, name, s in all_rows if b == backend}
        ratio = by["daily job (boards, 督办达标, figures)"] / by["bare GROUP BY … SUM … ORDER BY"]
        target = 2.0 if backend == "sqlite" else 1.5
        mark = "✓" if ratio <= target else "✗"
        print(f"{backend}: job / bare query = {ratio:.2f} (target <= {target}) {mark}")


if __name__ == "__main__":
    main()
