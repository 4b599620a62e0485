"""The daily job (SPEC §3 freshness): branch totals and the branch boards as of the end of a day,
and 督办达标 (server.jobs.compliance).

One pass over the year's ledger gives every account's study and vanguard points of the month and
of the year (and the figures of server.jobs.analytics), summed per branch; ranks come from window functions in the database. Re-running a day replaces its
rows in the same transaction, so it never doubles them. The member boards rank the tens of
members of one branch from the ledger when read, up to the same as-of day (server.services.boards).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select, text

from server import messages
from server.db.engine import Database
from server.db.models import BranchBoard, JobRun
from server.db.queries import DAILY_JOB, insert_if_absent, latest_daily_run
from server.domain import analytics as analytics_rules
from server.domain import points
from server.domain.clock import Clock
from server.domain.errors import refused
from server.jobs.analytics import run_analytics
from server.jobs.compliance import run_compliance
from server.jobs.housekeeping import forget_old_counters

JOB = DAILY_JOB
# Keep a few days of boards: enough to re-read yesterday's while today's is being written.
KEEP_DAYS = 7

# 1. The one pass over the ledger: every account's month and year totals and the figures of
#    数据分析示图 (server.jobs.analytics: its day's points, active that day / in the 7 days / in
#    the month). A temporary table made by CREATE TABLE AS, which PostgreSQL runs in parallel
#    (INSERT … SELECT it does not); grouped by account alone, so the join to the accounts is done
#    on one row per account rather than on every ledger row. `since` also reaches back to the
#    7 days of the first days of a year. Sums as INTEGER: a sum of BIGINT is NUMERIC on
#    PostgreSQL, whose sums and sorts (the boards' ranks) are several times slower.
_ACCOUNTS_SQL = """
CREATE TEMPORARY TABLE account_totals AS
SELECT l.account_id,
    CAST(SUM(CASE WHEN l.category = :study AND l.day >= :month_start THEN l.points ELSE 0 END) AS INTEGER) AS sm,
    CAST(SUM(CASE WHEN l.category = :study AND l.day >= :year_start THEN l.points ELSE 0 END) AS INTEGER) AS sy,
    CAST(SUM(CASE WHEN l.category = :love AND l.day >= :month_start THEN l.points ELSE 0 END) AS INTEGER) AS lm,
    CAST(SUM(CASE WHEN l.category = :love AND l.day >= :year_start THEN l.points ELSE 0 END) AS INTEGER) AS ly,
    CAST(SUM(CASE WHEN l.category = :study AND l.day = :as_of THEN l.points ELSE 0 END) AS INTEGER) AS study_day,
    MAX(CASE WHEN l.category = :study AND l.day = :as_of THEN 1 ELSE 0 END) AS active_day,
    MAX(CASE WHEN l.category = :study AND l.day >= :week_start THEN 1 ELSE 0 END) AS active_week,
    MAX(CASE WHEN l.category = :study AND l.day >= :month_start THEN 1 ELSE 0 END) AS active_month
FROM points_ledger l
WHERE l.day >= :since AND l.day <= :as_of AND l.category IN (:study, :love)
GROUP BY l.account_id
"""

# 2. Per branch, the one join to the accounts: the boards' sums (its members and the branch
#    account) and the figures' (its members only).
_BRANCH_TOTALS_SQL = """
CREATE TEMPORARY TABLE branch_totals AS
SELECT a.org_id AS branch_id,
    SUM(t.sm) AS sm, SUM(t.sy) AS sy, SUM(t.lm) AS lm, SUM(t.ly) AS ly,
    SUM(CASE WHEN a.kind = :member THEN t.active_day ELSE 0 END) AS active_day,
    SUM(CASE WHEN a.kind = :member THEN t.active_week ELSE 0 END) AS active_week,
    SUM(CASE WHEN a.kind = :member THEN t.active_month ELSE 0 END) AS active_month,
    SUM(CASE WHEN a.kind = :member THEN t.study_day ELSE 0 END) AS study_day,
    SUM(CASE WHEN a.kind = :member THEN t.sm ELSE 0 END) AS study_month
FROM account_totals t JOIN accounts a ON a.id = t.account_id
WHERE a.kind IN (:member, :branch_admin)
GROUP BY a.org_id
"""

# 3. Every branch (zeros for those without points), ranked under its 党委 and province-wide.
_BRANCH_SQL = """
WITH branches AS (
    SELECT b.id AS branch_id,
        CASE WHEN p.kind = :committee THEN p.id ELSE p.parent_id END AS committee_id
    FROM orgs b JOIN orgs p ON p.id = b.parent_id
    WHERE b.kind = :branch
),
totals AS (
    SELECT br.branch_id, br.committee_id,
        COALESCE(t.sm, 0) AS sm, COALESCE(t.sy, 0) AS sy, COALESCE(t.lm, 0) AS lm, COALESCE(t.ly, 0) AS ly
    FROM branches br LEFT JOIN branch_totals t ON t.branch_id = br.branch_id
)
SELECT {as_of}, branch_id, committee_id,
    sm, RANK() OVER (PARTITION BY committee_id ORDER BY sm DESC), RANK() OVER (ORDER BY sm DESC),
    sy, RANK() OVER (PARTITION BY committee_id ORDER BY sy DESC), RANK() OVER (ORDER BY sy DESC),
    lm, RANK() OVER (PARTITION BY committee_id ORDER BY lm DESC), RANK() OVER (ORDER BY lm DESC),
    ly, RANK() OVER (PARTITION BY committee_id ORDER BY ly DESC), RANK() OVER (ORDER BY ly DESC)
FROM totals
"""

_BRANCH_COLUMNS = [
    "as_of", "branch_id", "committee_id",
    "study_month", "study_month_rank_committee", "study_month_rank_province",
    "study_year", "study_year_rank_committee", "study_year_rank_province",
    "love_month", "love_month_rank_committee", "love_month_rank_province",
    "love_year", "love_year_rank_committee", "love_year_rank_province",
]  # fmt: skip


async def run_daily(db: Database, as_of: date, clock: Clock, *, again: bool = True) -> bool:
    """Compute the boards as of the end of `as_of` (Asia/Shanghai), replacing any earlier run;
    with `again` False (the scheduler) only when the day has no finished run yet or it is
    stale. A day that has not ended on `clock` is refused: its boards and 督办达标 would be frozen
    before its points were in. True when the day was computed."""
    if as_of >= clock.today():
        raise refused(
            "day_not_ended", messages.DAILY_DAY_NOT_ENDED.format(day=as_of, today=clock.today())
        )
    month_start, _ = points.period_bounds(as_of, points.Period.MONTH)
    year_start, _ = points.period_bounds(as_of, points.Period.YEAR)
    week_start = analytics_rules.week_start(as_of)
    params = {
        "as_of": as_of,
        "month_start": month_start,
        "year_start": year_start,
        "week_start": week_start,
        "since": min(year_start, week_start),
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
        await insert_if_absent(session, JobRun, job=JOB, day=as_of, finished_at=None)
        run = await session.scalar(
            select(JobRun).where(JobRun.job == JOB, JobRun.day == as_of).with_for_update()
        )
        assert run is not None
        # Another process may have finished it while this one waited for the row.
        if not again and run.finished_at is not None and not run.stale:
            return False
        await session.execute(
            delete(BranchBoard).where(
                (BranchBoard.as_of == as_of)
                | (BranchBoard.as_of < as_of - timedelta(days=KEEP_DAYS))
            )
        )
        if not db.is_sqlite:
            # Sorts and hashes of a province's worth of rows stay in memory for this job only.
            await session.execute(text("SET LOCAL work_mem = '256MB'"))
        for table in ("account_totals", "branch_totals"):
            await session.execute(text(f"DROP TABLE IF EXISTS {table}"))
        await session.execute(text(_ACCOUNTS_SQL), params)
        await session.execute(text(_BRANCH_TOTALS_SQL), params)
        await session.execute(text("DROP TABLE account_totals"))
        # PostgreSQL cannot infer a bare parameter's type in a select list; SQLite's CAST to
        # DATE would turn it into a number.
        as_of_sql = ":as_of" if db.is_sqlite else "CAST(:as_of AS DATE)"
        columns = ", ".join(_BRANCH_COLUMNS)
        sql = f"INSERT INTO branch_boards ({columns}) {_BRANCH_SQL.format(as_of=as_of_sql)}"
        await session.execute(text(sql), params)
        await run_compliance(session, as_of)
        await run_analytics(session, as_of, db.is_sqlite)
        await session.execute(text("DROP TABLE branch_totals"))
        await forget_old_counters(session, clock.now())
        run.finished_at = clock.now()
        run.runs += 1
        run.stale = False
    return True


async def latest_run(db: Database, before: date) -> date | None:
    """The newest day with finished boards, up to `before` (the boards show yesterday)."""
    async with db.read() as session:
        return await latest_daily_run(session, before)
