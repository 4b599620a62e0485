"""Run the Alembic migrations (the server does this on every start).

Several processes may start together (workers, hosts, a `migrate` beside a `serve`): one migrates
at a time. On PostgreSQL a transaction-scoped advisory lock taken before Alembic looks at the
schema (it is released with the migration's commit); on SQLite an exclusive file lock beside the
database file. The next one in then finds the schema up to date and does nothing (without the
lock, three processes on an empty PostgreSQL database raced to create `alembic_version` and two
crashed on a unique violation in `pg_type`).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from server.db.engine import Database, sqlite_path

MIGRATIONS = Path(__file__).parent / "migrations"
# pg_advisory_xact_lock's key for "migrating gsdj" (any constant shared by every process).
ADVISORY_KEY = 0x67736A6D  # "gsjm"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".migrate.lock")


@contextlib.asynccontextmanager
async def _file_lock(db: Database) -> AsyncIterator[None]:
    """SQLite: an exclusive flock on a file beside the database (none for in-memory SQLite)."""
    path = sqlite_path(db.url) if db.is_sqlite else None
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(path), "a") as lock:
        await asyncio.to_thread(fcntl.flock, lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


async def _run(db: Database, step: Callable[[Config], None]) -> None:
    config = alembic_config()

    def run(connection) -> None:  # type: ignore[no-untyped-def]
        config.attributes["connection"] = connection
        step(config)

    async with _file_lock(db), db.write_engine.begin() as connection:
        if not db.is_sqlite:
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY}
            )
        await connection.run_sync(run)


async def upgrade(db: Database) -> None:
    await _run(db, lambda config: command.upgrade(config, "head"))


async def downgrade_to_base(db: Database) -> None:
    """Drop every table the migrations made (used to reset a demo database)."""
    await _run(db, lambda config: command.downgrade(config, "base"))
