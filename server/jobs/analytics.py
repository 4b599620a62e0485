"""数据分析示图's figures (server.domain.analytics), computed by the daily job after 督办达标:
per branch from the job's `branch_totals` (its one pass over the ledger, per account then per
branch: server.jobs.daily), the day's 先锋模范 approvals and the day's 督办达标 rows, then summed
up every branch's ancestors (党总支, 党委, 市州, province) through a table of (branch, level, key)
made once per run. Statements, not Python loops: a province is
100,000 branches.

A day's rows and its month's rows are replaced on a re-run of the day (one transaction with
the boards); rows older than the domain's retention are dropped.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import bindparam, delete, text
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import OrgStat, OrgStatMeeting, UTCDateTime
from server.domain import analytics as an
from server.jobs.compliance import midnight

# Every branch with the keys of the rows its figures go to. A branch's 市州 is its own, else its
# 党委's; a branch is under a 党委 directly or through one 党总支 (server.domain.orgs).
_SCOPE_SQL = """
CREATE TEMPORARY TABLE stat_scope AS
WITH up AS (
    SELECT b.id AS branch_id, b.city AS branch_city,
        CASE WHEN p.kind = 'general_branch' THEN p.id END AS general_id,
        CASE WHEN p.kind = 'committee' THEN p.id ELSE p.parent_id END AS committee_id
    FROM orgs b JOIN orgs p ON p.id = b.parent_id
    WHERE b.kind = 'branch'
)
SELECT branch_id, 'branch' AS level, CAST(branch_id AS VARCHAR(40)) AS key FROM up
UNION ALL
SELECT branch_id, 'general_branch', CAST(general_id AS VARCHAR(40)) FROM up
WHERE general_id IS NOT NULL
UNION ALL
SELECT branch_id, 'committee', CAST(committee_id AS VARCHAR(40)) FROM up
UNION ALL
SELECT up.branch_id, 'city', COALESCE(up.branch_city, c.city)
FROM up JOIN orgs c ON c.id = up.committee_id
WHERE COALESCE(up.branch_city, c.city) IS NOT NULL
UNION ALL
SELECT up.branch_id, 'province', CAST(c.parent_id AS VARCHAR(40))
FROM up JOIN orgs c ON c.id = up.committee_id
"""

# Per branch: its members, the day's / 7 days' / month's active members and study points, the
# day's and month's 先锋模范 approvals, the day's 督办达标 rows.
_BRANCH_SQL = """
CREATE TEMPORARY TABLE stat_branch AS
SELECT br.id AS branch_id,
    COALESCE(m.members, 0) AS members,
    COALESCE(s.active_day, 0) AS active_day,
    COALESCE(s.active_week, 0) AS active_week,
    COALESCE(s.active_month, 0) AS active_month,
    COALESCE(s.study_day, 0) AS study_day,
    COALESCE(s.study_month, 0) AS study_month,
    COALESCE(v.wishes_day, 0) AS wishes_day, COALESCE(v.wishes_month, 0) AS wishes_month,
    COALESCE(v.donations_day, 0) AS donations_day,
    COALESCE(v.donations_month, 0) AS donations_month,
    COALESCE(v.snapshots_day, 0) AS snapshots_day,
    COALESCE(v.snapshots_month, 0) AS snapshots_month,
    COALESCE(r.green, 0) AS green, COALESCE(r.total, 0) AS rows_total
FROM orgs br
LEFT JOIN (
    SELECT org_id, COUNT(*) AS members FROM accounts
    WHERE kind = 'member' AND active = :yes GROUP BY org_id
) m ON m.org_id = br.id
LEFT JOIN branch_totals s ON s.branch_id = br.id
LEFT JOIN (
    SELECT branch_id,
        SUM(CASE WHEN rule = :wish AND at >= :day_from THEN 1 ELSE 0 END) AS wishes_day,
        SUM(CASE WHEN rule = :wish AND at >= :month_from THEN 1 ELSE 0 END) AS wishes_month,
        SUM(CASE WHEN rule = :donation AND at >= :day_from THEN 1 ELSE 0 END) AS donations_day,
        SUM(CASE WHEN rule = :donation AND at >= :month_from THEN 1 ELSE 0 END) AS donations_month,
        SUM(CASE WHEN rule = :snapshot AND at >= :day_from THEN 1 ELSE 0 END) AS snapshots_day,
        SUM(CASE WHEN rule = :snapshot AND at >= :month_from THEN 1 ELSE 0 END) AS snapshots_month
    FROM vanguard_events
    WHERE rule IN (:wish, :donation, :snapshot) AND at >= :since_from AND at < :until
    GROUP BY branch_id
) v ON v.branch_id = br.id
LEFT JOIN (
    SELECT branch_id, SUM(CASE WHEN green THEN 1 ELSE 0 END) AS green, COUNT(*) AS total
    FROM compliance_rows WHERE as_of = :day GROUP BY branch_id
) r ON r.branch_id = br.id
WHERE br.kind = 'branch'
"""

_STATS_SQL = """
INSERT INTO org_stats (grain, period, level, key, as_of, members, branches, active, active_week,
    study_points, compliance_green, compliance_rows, wishes, donations, snapshots)
SELECT '{grain}', {period}, sc.level, sc.key, {day}, SUM(sb.members), COUNT(*),
    SUM(sb.active_{span}), SUM(sb.active_week), SUM(sb.study_{span}), SUM(sb.green),
    SUM(sb.rows_total), SUM(sb.wishes_{span}), SUM(sb.donations_{span}), SUM(sb.snapshots_{span})
FROM stat_scope sc JOIN stat_branch sb ON sb.branch_id = sc.branch_id
GROUP BY sc.level, sc.key
"""

_MEETINGS_SQL = """
INSERT INTO org_stat_meetings (grain, period, level, key, type, held, green, rows)
SELECT '{grain}', {period}, sc.level, sc.key, r.type, SUM(r.held),
    SUM(CASE WHEN r.green THEN 1 ELSE 0 END), COUNT(*)
FROM compliance_rows r JOIN stat_scope sc ON sc.branch_id = r.branch_id
WHERE r.as_of = :day AND sc.level <> 'branch'
GROUP BY sc.level, sc.key, r.type
"""


def _timed(sql: str) -> object:
    """The statement with its instants typed as the models store them (naive UTC on SQLite)."""
    return text(sql).bindparams(
        *(
            bindparam(n, type_=UTCDateTime())
            for n in ("day_from", "month_from", "since_from", "until")
        )
    )


async def run_analytics(session: AsyncSession, day: date, is_sqlite: bool) -> None:
    """Replace `day`'s rows and its month's (the month so far) with the figures as of its end,
    from the `branch_totals` of the daily job's run of `day` (server.jobs.daily)."""
    month = an.month_start(day)
    week = an.week_start(day)
    since = min(week, month)
    await _drop_old(session, day, month)
    for table in ("stat_scope", "stat_branch"):
        await session.execute(text(f"DROP TABLE IF EXISTS {table}"))
    await session.execute(text(_SCOPE_SQL))
    if not is_sqlite:
        # Temporary tables get no statistics unless asked (autovacuum never sees them): without
        # them the joins below are planned for a handful of rows.
        await session.execute(text("ANALYZE stat_scope"))
    await session.execute(
        _timed(_BRANCH_SQL),  # type: ignore[arg-type]
        {
            "yes": True,
            "day": day,
            "wish": an.VANGUARD_RULES["wishes"],
            "donation": an.VANGUARD_RULES["donations"],
            "snapshot": an.VANGUARD_RULES["snapshots"],
            "day_from": midnight(day),
            "month_from": midnight(month),
            "since_from": midnight(since),
            "until": midnight(day + timedelta(days=1)),
        },
    )

    if not is_sqlite:
        await session.execute(text("ANALYZE stat_branch"))

    # PostgreSQL cannot type a bare parameter in a select list; SQLite's CAST to DATE would
    # turn it into a number.
    def as_date(name: str) -> str:
        return f":{name}" if is_sqlite else f"CAST(:{name} AS DATE)"

    for grain, period, span in ((an.Grain.DAY, "day", "day"), (an.Grain.MONTH, "month", "month")):
        values = {"day": day, "month": month}
        await session.execute(
            text(
                _STATS_SQL.format(
                    grain=grain.value, period=as_date(period), day=as_date("day"), span=span
                )
            ),
            values,
        )
    # The meeting types by day only (a month's are its last day's: 督办达标 counts its own
    # periods), above the branches (a branch's are its own 督办达标 rows, read as they are).
    await session.execute(
        text(_MEETINGS_SQL.format(grain=an.Grain.DAY.value, period=as_date("day"))), {"day": day}
    )
    for table in ("stat_scope", "stat_branch"):
        await session.execute(text(f"DROP TABLE {table}"))


async def _drop_old(session: AsyncSession, day: date, month: date) -> None:
    """The rows this run replaces, and those past the retention of server.domain.analytics."""
    days_before = day - timedelta(days=an.KEEP_DAYS)
    branch_days_before = day - timedelta(days=an.KEEP_BRANCH_DAYS)
    months_before = an.months_back(day, an.KEEP_MONTHS)
    for model in (OrgStat, OrgStatMeeting):
        await session.execute(
            delete(model).where(
                ((model.grain == an.Grain.DAY.value) & (model.period == day))
                | ((model.grain == an.Grain.MONTH.value) & (model.period == month))
                | ((model.grain == an.Grain.DAY.value) & (model.period < days_before))
                | (
                    (model.grain == an.Grain.DAY.value)
                    & (model.level == an.Level.BRANCH.value)
                    & (model.period < branch_days_before)
                )
                | ((model.grain == an.Grain.MONTH.value) & (model.period < months_before))
            )
        )
