"""The daily job (SPEC §3 freshness): leaderboards and branch totals as of the end of a day.

One pass over the year's ledger gives every account's study and vanguard points of the month and
of the year; ranks come from window functions in the database. Re-running a day replaces its
rows in the same transaction, so it never doubles them.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.db.engine import Database
from server.db.models import BranchBoard, JobRun, MemberBoard
from server.domain import points
from server.domain.clock import Clock

JOB = "daily"
# Keep a few days of boards: enough to re-read yesterday's while today's is being written.
KEEP_DAYS = 7

# 1. One pass over the year's ledger: every account's month and year totals. A temporary table
#    made by CREATE TABLE AS, which PostgreSQL runs in parallel (INSERT … SELECT it does not).
_TOTALS_SQL = """
CREATE TEMPORARY TABLE board_totals AS
SELECT account_id,
    SUM(CASE WHEN category = :study AND day >= :month_start THEN points ELSE 0 END) AS sm,
    SUM(CASE WHEN category = :study THEN points ELSE 0 END) AS sy,
    SUM(CASE WHEN category = :love AND day >= :month_start THEN points ELSE 0 END) AS lm,
    SUM(CASE WHEN category = :love THEN points ELSE 0 END) AS ly
FROM points_ledger
WHERE day >= :year_start AND day <= :as_of AND category IN (:study, :love)
GROUP BY account_id
"""

# 2. Every member and branch account, with zeros for those without points.
_MEMBER_SQL = """
SELECT {as_of}, a.id, a.org_id, a.kind = :member,
    COALESCE(t.sm, 0), COALESCE(t.sy, 0), COALESCE(t.lm, 0), COALESCE(t.ly, 0)
FROM accounts a LEFT JOIN board_totals t ON t.account_id = a.id
WHERE a.kind IN (:member, :branch_admin) AND a.org_id IS NOT NULL
"""

# 3. Branch totals, ranked under their 党委 and across the province.
_BRANCH_SQL = """
WITH branches AS (
    SELECT b.id AS branch_id,
        CASE WHEN p.kind = :committee THEN p.id ELSE p.parent_id END AS committee_id
    FROM orgs b JOIN orgs p ON p.id = b.parent_id
    WHERE b.kind = :branch
),
totals AS (
    SELECT br.branch_id, br.committee_id,
        COALESCE(SUM(t.sm), 0) AS sm, COALESCE(SUM(t.sy), 0) AS sy,
        COALESCE(SUM(t.lm), 0) AS lm, COALESCE(SUM(t.ly), 0) AS ly
    FROM branches br
    LEFT JOIN accounts a ON a.org_id = br.branch_id AND a.kind IN (:member, :branch_admin)
    LEFT JOIN board_totals t ON t.account_id = a.id
    GROUP BY br.branch_id, br.committee_id
)
SELECT {as_of}, branch_id, committee_id,
    sm, RANK() OVER (PARTITION BY committee_id ORDER BY sm DESC), RANK() OVER (ORDER BY sm DESC),
    sy, RANK() OVER (PARTITION BY committee_id ORDER BY sy DESC), RANK() OVER (ORDER BY sy DESC),
    lm, RANK() OVER (PARTITION BY committee_id ORDER BY lm DESC), RANK() OVER (ORDER BY lm DESC),
    ly, RANK() OVER (PARTITION BY committee_id ORDER BY ly DESC), RANK() OVER (ORDER BY ly DESC)
FROM totals
"""

_MEMBER_COLUMNS = [
    "as_of", "account_id", "branch_id", "is_member", "study_month", "study_year", "love_month", "love_year",
]  # fmt: skip
_BRANCH_COLUMNS = [
    "as_of", "branch_id", "committee_id",
    "study_month", "study_month_rank_committee", "study_month_rank_province",
    "study_year", "study_year_rank_committee", "study_year_rank_province",
    "love_month", "love_month_rank_committee", "love_month_rank_province",
    "love_year", "love_year_rank_committee", "love_year_rank_province",
]  # fmt: skip


async def run_daily(db: Database, as_of: date, clock: Clock) -> None:
    """Compute the boards as of the end of `as_of` (Asia/Shanghai), replacing any earlier run."""
    month_start, _ = points.period_bounds(as_of, points.Period.MONTH)
    year_start, _ = points.period_bounds(as_of, points.Period.YEAR)
    params = {
        "as_of": as_of,
        "month_start": month_start,
        "year_start": year_start,
        "study": points.Category.STUDY.value,
        "love": points.Category.VANGUARD.value,
        "member": "member",
        "branch_admin": "branch_admin",
        "committee": "committee",
        "branch": "branch",
    }
    async with db.write() as session:
        # One runner at a time per day: the job_runs row is the lock (two servers, or the
        # scheduler and a by-hand run, serialise here).
        insert_row = sqlite_insert if db.is_sqlite else pg_insert
        await session.execute(
            insert_row(JobRun).values(job=JOB, day=as_of, finished_at=None).on_conflict_do_nothing()
        )
        await session.execute(
            select(JobRun).where(JobRun.job == JOB, JobRun.day == as_of).with_for_update()
        )
        for model in (BranchBoard, MemberBoard):
            await session.execute(
                delete(model).where(
                    (model.as_of == as_of) | (model.as_of < as_of - timedelta(days=KEEP_DAYS))
                )
            )
        if not db.is_sqlite:
            # Sorts and hashes of a province's worth of rows stay in memory for this job only.
            await session.execute(text("SET LOCAL work_mem = '256MB'"))
        await session.execute(text("DROP TABLE IF EXISTS board_totals"))
        await session.execute(text(_TOTALS_SQL), params)
        for table, columns, query in (
            ("member_boards", _MEMBER_COLUMNS, _MEMBER_SQL),
            ("branch_boards", _BRANCH_COLUMNS, _BRANCH_SQL),
        ):
            # PostgreSQL cannot infer a bare parameter's type in a select list; SQLite's CAST
            # to DATE would turn it into a number.
            as_of_sql = ":as_of" if db.is_sqlite else "CAST(:as_of AS DATE)"
            sql = f"INSERT INTO {table} ({', '.join(columns)}) {query.format(as_of=as_of_sql)}"
            await session.execute(text(sql), params)
        await session.execute(text("DROP TABLE board_totals"))
        run = await session.get(JobRun, (JOB, as_of))
        assert run is not None
        run.finished_at = clock.now()


async def latest_run(db: Database, before: date) -> date | None:
    """The newest day with finished boards, up to `before` (the boards show yesterday)."""
    async with db.read() as session:
        return await session.scalar(
            select(JobRun.day)
            .where(JobRun.job == JOB, JobRun.day <= before, JobRun.finished_at.is_not(None))
            .order_by(JobRun.day.desc())
            .limit(1)
        )
