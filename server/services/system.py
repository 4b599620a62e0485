"""The server's health: its version and whether its database answers."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from sqlalchemy import text

from contract import schemas
from server.db.unit import Unit


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
