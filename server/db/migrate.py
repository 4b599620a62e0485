"""Run the Alembic migrations (the server does this on every start)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config

from server.db.engine import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def _run(db: Database, step: Callable[[Config], None]) -> None:
    config = alembic_config()

    def run(connection) -> None:  # type: ignore[no-untyped-def]
        config.attributes["connection"] = connection
        step(config)

    async with db.write_engine.begin() as connection:
        await connection.run_sync(run)


async def upgrade(db: Database) -> None:
    await _run(db, lambda config: command.upgrade(config, "head"))


async def downgrade_to_base(db: Database) -> None:
    """Drop every table the migrations made (used to reset a demo database)."""
    await _run(db, lambda config: command.downgrade(config, "base"))
