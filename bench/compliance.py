"""督办达标 in the daily job on a synthetic province, against writing the same number of rows with
one bare INSERT … SELECT in the same run (the floor: what storing the board costs at all).

    python bench/compliance.py [--branches 20000] [--backend sqlite|postgresql|both] [--runs 3]

Each branch has three 党小组 and two years of meetings (about 24, a quarter of them overdue or
unfinished). PostgreSQL: a fresh database next to GSDJ_TEST_POSTGRES, dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.db.engine import Database, sqlite_url  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402
from server.db.models import Account, Meeting, Org  # noqa: E402
from server.domain import meetings as wf  # noqa: E402
from server.jobs.compliance import run_compliance  # noqa: E402

AS_OF = date(2026, 11, 27)
PG_ADMIN = os.environ.get("GSDJ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


async def fill(db: Database, branches: int) -> int:
    rng = random.Random(7)
    now = datetime(2026, 11, 28, tzinfo=UTC)
    async with db.write() as s:
        await s.execute(
            insert(Org), [{"id": 1, "parent_id": None, "kind": "province", "name": "省"}]
        )
        committees = max(1, branches // 50)
        await s.execute(insert(Org), [
            {"id": 2 + c, "parent_id": 1, "kind": "committee", "name": f"党委{c}"}
            for c in range(committees)
        ])  # fmt: skip
        first = 2 + committees
        rows, groups = [], []
        for b in range(branches):
            bid = first + b * 4
            rows.append({"id": bid, "parent_id": 2 + b % committees, "kind": "branch",
                         "name": f"支部{b}"})  # fmt: skip
            groups += [{"id": bid + g, "parent_id": bid, "kind": "group", "name": f"小组{g}"}
                       for g in (1, 2, 3)]  # fmt: skip
        for i in range(0, len(rows), 5000):
            await s.execute(insert(Org), rows[i : i + 5000])
        for i in range(0, len(groups), 5000):
            await s.execute(insert(Org), groups[i : i + 5000])
        await s.execute(insert(Account), [{
            "id": 1, "username": "admin", "display_name": "x", "kind": "branch_admin",
            "org_id": first, "password_hash": "x", "active": True, "created_at": now,
        }])  # fmt: skip
        meetings = []
        types = list(wf.MEETING_TYPES.values())
        for b in range(branches):
            bid = first + b * 4
            for _ in range(24):
                t = rng.choice(types)
                starts = now - timedelta(days=rng.randint(0, 700))
                finished = rng.random() < 0.75
                meetings.append({
                    "branch_id": bid, "group_id": bid + rng.randint(1, 3) if t.per_group else None,
                    "type": t.code, "title": "会", "place": "室", "starts_at": starts,
                    "quorum_pct": None, "stage": "done" if finished else "feedback", "round": 1,
                    "completed_at": starts + timedelta(days=2) if finished else None,
                    "created_by": 1, "created_at": starts,
                })  # fmt: skip
        for i in range(0, len(meetings), 5000):
            await s.execute(insert(Meeting), meetings[i : i + 5000])
    return len(meetings)


BARE = """
INSERT INTO compliance_rows (as_of, branch_id, group_id, type, period_start, held,
    previous_held, overdue, green, reason)
SELECT {as_of}, o.id, NULL, t.code, {as_of}, 0, 0, 0, {true}, '本月尚未完成'
FROM orgs o CROSS JOIN ({types}) t WHERE o.kind = 'branch'
"""


async def measure(db: Database, runs: int) -> tuple[float, float, int]:
    ours, bare = [], []
    rows = 0
    types = " UNION ALL ".join(
        f"SELECT '{c}' AS code" for c in ["a", "b", "c", "d", "e", "f", "g", "h"]
    )
    as_of = "'2026-11-20'" if db.is_sqlite else "DATE '2026-11-20'"
    sql = BARE.format(as_of=as_of, types=types, true="1" if db.is_sqlite else "TRUE")
    for _ in range(runs):
        start = time.perf_counter()
        async with db.write() as s:
            rows = await run_compliance(s, AS_OF)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        async with db.write() as s:
            await s.execute(text("DELETE FROM compliance_rows WHERE as_of = '2026-11-20'"))
            await s.execute(text(sql))
        bare.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(bare), rows


async def bench(backend: str, branches: int, runs: int) -> tuple:
    drop = None
    if backend == "sqlite":
        tmp = Path(tempfile.mkdtemp())
        db = Database(sqlite_url(tmp / "bench.sqlite3"))
    else:
        import asyncpg

        name = f"gsdj_bench_{uuid.uuid4().hex[:10]}"
        conn = await asyncpg.connect(PG_ADMIN)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()
        db = Database(PG_ADMIN.rsplit("/", 1)[0] + "/" + name)

        async def drop() -> None:
            conn = await asyncpg.connect(PG_ADMIN)
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()

    try:
        await upgrade(db)
        meetings = await fill(db, branches)
        ours, bare, rows = await measure(db, runs)
    finally:
        await db.dispose()
        if drop is not None:
            await drop()
    return backend, branches, meetings, rows, ours, bare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=20000)
    parser.add_argument("--backend", default="both", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(f"{'backend':<11}{'branches':>9}{'meetings':>10}{'rows':>9}"
          f"{'督办达标 s':>12}{'bare insert s':>15}{'ratio':>8}")  # fmt: skip
    for backend in backends:
        b, n, m, rows, ours, bare = asyncio.run(bench(backend, args.branches, args.runs))
        print(f"{b:<11}{n:>9}{m:>10}{rows:>9}{ours:>12.2f}{bare:>15.2f}{ours / bare:>8.1f}")


if __name__ == "__main__":
    main()
