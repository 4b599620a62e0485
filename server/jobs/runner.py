"""Runs the daily job inside `gsdj-server serve`: soon after each Asia/Shanghai midnight, for the
day that just ended, and at start-up for yesterday if that run is missing."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from server.db.engine import Database
from server.domain.clock import Clock
from server.jobs.daily import latest_run, run_daily

log = logging.getLogger("gsdj.jobs")


async def run_forever(db: Database, clock: Clock, every_seconds: float = 30.0) -> None:
    """Check the server clock every `every_seconds` (so a test clock that jumps is noticed)."""
    while True:
        yesterday = clock.today() - timedelta(days=1)
        try:
            done = await latest_run(db, yesterday)
            if done != yesterday:
                log.info("daily job for %s", yesterday)
                await run_daily(db, yesterday, clock)
        except Exception:  # keep the scheduler alive; the next tick retries
            log.exception("daily job for %s failed", yesterday)
        await asyncio.sleep(every_seconds)
