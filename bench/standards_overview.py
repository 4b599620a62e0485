"""对标总览 on a synthetic province: BRANCHES branches under 党委 of 50, the demo's six standards
(18 items each), about 60 % of every branch's items self-checked; the overview's statements
timed for the province and for one 党委.

    python bench/standards_overview.py [--branches 100000] [--runs 3]

PostgreSQL: a fresh database next to GSDJ_TEST_POSTGRES, dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.db.engine import Database  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402
from server.db.unit import Unit  # noqa: E402
from server.demo.standards import standard_text  # noqa: E402
from server.domain.orgs import AccountKind, BranchField  # noqa: E402
from server.services import standards  # noqa: E402
from server.services.context import Caller  # noqa: E402

PG_ADMIN = os.environ.get("GSDJ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
FIELDS = [f.value for f in BranchField]


async def fill(db: Database, branches: int) -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    uow = Unit(db)
    for f in BranchField:
        await standards.load(uow, standards.Loader(None), standard_text(f), now)
    committees = max(1, branches // 50)
    async with db.write() as s:
        await s.execute(text("INSERT INTO orgs (id, parent_id, kind, name, sort) "
                             "VALUES (1, NULL, 'province', '省', 0)"))  # fmt: skip
        await s.execute(
            text(
                "INSERT INTO orgs (id, parent_id, kind, name, sort) "
                "SELECT 1 + g, 1, 'committee', '党委' || g, g FROM generate_series(1, :n) g"
            ),
            {"n": committees},
        )
        await s.execute(
            text(
                "INSERT INTO orgs (id, parent_id, kind, name, sort, field) "
                "SELECT 1 + :c + g, 2 + (g % :c), 'branch', '支部' || g, g, "
                "(ARRAY['rural','organ','state_enterprise','community','institution',"
                "'non_public'])[1 + g % 6] FROM generate_series(1, :n) g"
            ),
            {"n": branches, "c": committees},
        )
        await s.execute(
            text(
                "INSERT INTO accounts (id, username, display_name, kind, org_id, password_hash,"
                " active, created_at, must_change_password) VALUES (1, 'a', 'a',"
                " 'branch_admin', NULL, 'x', true, now(), false)"
            )
        )
        await s.execute(
            text(
                "INSERT INTO standard_checks (branch_id, item_id, mark, note, account_id,"
                " checked_at) SELECT o.id, i.id, (ARRAY['met','met','partly','not_yet'])"
                "[1 + (o.id + i.id) % 4], '', 1, now() FROM orgs o JOIN standard_items i"
                " ON i.field = o.field WHERE o.kind = 'branch' AND (o.id * 7 + i.id) % 10 < 6"
            )
        )
    async with db.write() as s:
        await s.execute(text("ANALYZE"))


async def main(branches: int, runs: int) -> None:
    import asyncpg

    name = f"gsdj_bench_{uuid.uuid4().hex[:10]}"
    admin = PG_ADMIN.replace("postgresql://", "postgres://", 1)
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + "/" + name
    db = Database(url)
    try:
        await upgrade(db)
        started = time.perf_counter()
        await fill(db, branches)
        print(f"filled {branches} branches in {time.perf_counter() - started:.1f} s")
        uow = Unit(db)
        for label, org_id, kind in (
            ("省委组织部", 1, AccountKind.PROVINCE_ADMIN),
            ("one 党委", 2, AccountKind.COMMITTEE_ADMIN),
        ):
            caller = Caller(1, "a", kind, org_id, "")
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                out = await standards.overview(uow, caller, None, 1)
                times.append(time.perf_counter() - t)
            print(f"{label:8} branches {out.branches:7}  median {statistics.median(times):.3f} s"
                  f"  (runs: {', '.join(f'{x:.3f}' for x in times)})")  # fmt: skip
    finally:
        await db.dispose()
        conn = await asyncpg.connect(admin)
        await conn.execute(f'DROP DATABASE "{name}"')
        await conn.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.branches, args.runs))
