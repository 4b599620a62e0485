"""The migrations build exactly the schema the models describe, on both databases: a column or
table added to server/db/models.py without its migration (or the other way round) fails here,
not on the first request that touches it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server.db.engine import Database
from server.db.migrate import upgrade
from server.db.models import Base
from tests.conftest import BACKENDS, _database_url


def _differences(url: str) -> list[object]:
    async def run() -> list[object]:
        db = Database(url)
        try:
            await upgrade(db)
            async with db.write_engine.connect() as conn:
                return await conn.run_sync(
                    lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
                )
        finally:
            await db.dispose()

    return asyncio.run(run())


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_match_the_models(
    backend: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    url, drop = _database_url(backend, tmp_path_factory)
    try:
        diffs = _differences(url)
    finally:
        if callable(drop):
            drop()
    assert diffs == []
