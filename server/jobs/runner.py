"""Runs the daily job inside `gsdj-server serve`: soon after each Asia/Shanghai midnight, for the
day that just ended, at start-up for yesterday if that run is missing, and again for the days
late offline actions credited after their run (server.db.jobstate.mark_stale).

Every process runs this loop; only the holder of the database lease looks for work, so with
several workers or hosts a day is computed once (and `run_daily` itself skips a day another
process finished while this one waited for it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from datetime import timedelta

from server.db import jobstate
from server.db.engine import Database
from server.domain.clock import Clock
from server.jobs.daily import latest_run, run_daily

log = logging.getLogger("gsdj.jobs")

LEASE = "daily"


class Wake:
    """Lets a request ask the scheduler of its process to look now (late credits arrived)."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def __call__(self) -> None:
        self.event.set()


async def tick(db: Database, clock: Clock, holder: str, lease_for: timedelta) -> None:
    if not await jobstate.take_lease(db, LEASE, holder, lease_for):
        return
    yesterday = clock.today() - timedelta(days=1)
    if await latest_run(db, yesterday) != yesterday:
        log.info("daily job for %s", yesterday)
        await run_daily(db, yesterday, clock, again=False)
    for day in await jobstate.stale_days(db):
        if day < clock.today():
            log.info("daily job for %s again (late offline points)", day)
            await run_daily(db, day, clock, again=False)


async def run_forever(
    db: Database, clock: Clock, wake: Wake | None = None, every_seconds: float = 30.0
) -> None:
    """Check the server clock every `every_seconds` (so a test clock that jumps is noticed),
    or at once when woken."""
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    # Well past a tick: the holder renews it every tick; a process that died lets go in time.
    lease_for = timedelta(seconds=every_seconds * 3)
    try:
        while True:
            try:
                await tick(db, clock, holder, lease_for)
            except Exception:  # keep the scheduler alive; the next tick retries
                log.exception("daily job failed")
            if wake is None:
                await asyncio.sleep(every_seconds)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.event.wait(), every_seconds)
            wake.event.clear()
    finally:
        with contextlib.suppress(Exception):
            await asyncio.shield(jobstate.release_lease(db, LEASE, holder))
