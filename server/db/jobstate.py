"""What the processes of one deployment share about its jobs, in the database: the lease of the
daily job's scheduler, the days to compute again, and the test clock.

With `serve --workers N` on several hosts, every process runs the scheduler loop, but only the
holder of the lease (a row with holder + expiry, taken with a conditional UPDATE/INSERT) looks for
work; the others check again on their next tick and take over once it expires.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.engine import Database
from server.db.models import BranchBoard, JobRun, Lease, TestClockRow
from server.db.queries import DAILY_JOB, insert_if_absent


def _wall_now() -> datetime:
    # Leases run on the wall clock of the hosts, never the test clock (a jump would hand the
    # lease around, or keep it forever).
    return datetime.now(UTC)


async def take_lease(db: Database, name: str, holder: str, ttl: timedelta) -> bool:
    """True when `holder` holds the lease `name` for `ttl` from now (taken or renewed)."""
    now = _wall_now()
    async with db.write() as session:
        if await insert_if_absent(session, Lease, name=name, holder=holder, expires_at=now + ttl):
            return True
        result = await session.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
            .values(holder=holder, expires_at=now + ttl)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def release_lease(db: Database, name: str, holder: str) -> None:
    """Let another process take over at once (a clean shutdown)."""
    async with db.write() as session:
        await session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))


async def mark_stale(session: AsyncSession, days: Iterable[date]) -> bool:
    """Points arrived for these past days after their daily run: every finished run from the
    earliest of them on whose boards are still kept counts them (month and year totals), so it is
    computed again. True when some run was marked."""
    earliest = min(days, default=None)
    if earliest is None:
        return False
    # An index probe per run (branch_boards leads with as_of), not a scan of the boards.
    kept = select(BranchBoard.as_of).where(BranchBoard.as_of == JobRun.day).exists()
    result = await session.execute(
        update(JobRun)
        .where(
            JobRun.job == DAILY_JOB,
            JobRun.day >= earliest,
            JobRun.finished_at.is_not(None),
            JobRun.stale.is_(False),
            kept,
        )
        .values(stale=True)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def stale_days(db: Database) -> list[date]:
    async with db.read() as session:
        rows = await session.scalars(
            select(JobRun.day)
            .where(JobRun.job == DAILY_JOB, JobRun.stale.is_(True))
            .order_by(JobRun.day)
        )
        return list(rows)


async def save_test_clock(db: Database, offset_seconds: float | None) -> None:
    """The test clock's offset (None: no test clock, the row goes)."""
    async with db.write() as session:
        await session.execute(delete(TestClockRow))
        if offset_seconds is not None:
            session.add(TestClockRow(id=1, offset_seconds=offset_seconds))


async def load_test_clock(db: Database) -> float | None:
    async with db.read() as session:
        return await session.scalar(select(TestClockRow.offset_seconds))
