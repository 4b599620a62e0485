"""The server's health: its version and whether its database answers."""

from __future__ import annotations

from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

from sqlalchemy import text

from contract import schemas
from server.db import jobstate
from server.db.unit import Unit
from server.domain.clock import Clock


def _version() -> str:
    try:
        return version("gsdj")
    except PackageNotFoundError:
        return "dev"


async def health(uow: Unit, *, test_clock: bool) -> schemas.HealthOut:
    """ok once the database has answered a query (an error otherwise, as any database error)."""
    async with uow.read() as session:
        await session.execute(text("SELECT 1"))
    return schemas.HealthOut(
        status="ok", version=_version(), database=uow.db.backend, test_clock=test_clock
    )


async def set_test_clock(uow: Unit, clock: Clock, instant: datetime) -> None:
    """Move the test clock; the database keeps it for `gsdj-server jobs` run by hand."""
    clock.set(instant)
    await jobstate.save_test_clock(uow.db, clock.offset)


async def advance_test_clock(uow: Unit, clock: Clock, seconds: float) -> None:
    clock.advance(seconds)
    await jobstate.save_test_clock(uow.db, clock.offset)
