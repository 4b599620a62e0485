"""What the daily job clears besides computing the boards: login failure counters that lock
nothing any more and write counts of windows long over (neither table would otherwise stop
growing: every wrong password of every address leaves a row)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import LoginFailure, WriteCount
from server.domain import auth, rates


async def forget_old_counters(session: AsyncSession, now: datetime) -> None:
    failures_before = now - auth.FORGET_FAILURES_AFTER
    await session.execute(
        delete(LoginFailure).where(
            LoginFailure.window_start < failures_before,
            LoginFailure.locked_until.is_(None) | (LoginFailure.locked_until < now),
        )
    )
    await session.execute(
        delete(WriteCount).where(WriteCount.window_start < now - rates.FORGET_COUNTS_AFTER)
    )
