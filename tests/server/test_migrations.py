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


def _ours(name: str | None, type_: str, parent_names: object) -> bool:
    """The search's full-text index is the database's own (migration 0016), not the models':
    SQLite's FTS5 table and its shadow tables, PostgreSQL's stored tsvector and its GIN index."""
    if type_ == "column" and name == "tsv":
        return False
    return not (name or "").startswith(("search_fts", "ix_search_documents_tsv"))


def _differences(url: str) -> list[object]:
    async def run() -> list[object]:
        db = Database(url)
        try:
            await upgrade(db)
            async with db.write_engine.connect() as conn:
                return await conn.run_sync(
                    lambda sync: compare_metadata(
                        MigrationContext.configure(sync, opts={"include_name": _ours}),
                        Base.metadata,
                    )
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


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_holders_of_a_position_are_settled_by_the_upgrade(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A database from before one-holder-per-position (0014) may hold two 书记 in a branch: the
    upgrade keeps the earliest account's, clears the other's and audits it; from then on the
    database itself refuses a second holder."""
    from alembic import command
    from sqlalchemy import text

    from server.db.errors import unique_violation
    from server.db.migrate import _run

    url, drop = _database_url(backend, tmp_path_factory)

    async def run() -> tuple[list[object], list[str], BaseException | None]:
        db = Database(url)
        try:
            await _run(db, lambda config: command.upgrade(config, "0013"))
            async with db.write_engine.begin() as conn:
                await conn.execute(
                    text("INSERT INTO orgs (id, kind, name, sort) VALUES (1, 'branch', '支部', 0)")
                )
                for i, position in ((1, "secretary"), (2, "secretary"), (3, "organization")):
                    await conn.execute(
                        text(
                            "INSERT INTO accounts (id, username, display_name, kind, org_id, "
                            "position_code, password_hash, active, created_at, "
                            "must_change_password) VALUES (:i, :u, :n, 'member', 1, :p, 'x', "
                            "true, '2026-12-01 00:00:00', false)"
                        ),
                        {"i": i, "u": f"m{i}", "n": f"党员{i}", "p": position},
                    )
            await upgrade(db)
            async with db.write_engine.begin() as conn:
                held = list(
                    (
                        await conn.execute(text("SELECT position_code FROM accounts ORDER BY id"))
                    ).scalars()
                )
                events = list((await conn.execute(text("SELECT detail FROM org_events"))).scalars())
            refused: BaseException | None = None
            try:
                async with db.write_engine.begin() as conn:
                    await conn.execute(
                        text("UPDATE accounts SET position_code = 'secretary' WHERE id = 3")
                    )
            except Exception as exc:  # the database's own refusal
                refused = exc
            return held, events, refused
        finally:
            await db.dispose()

    try:
        held, events, refused = asyncio.run(run())
    finally:
        if callable(drop):
            drop()
    assert held == ["secretary", None, "organization"]
    assert events == ["升级:党员2(m2) 委员职位:书记 → 无(本支部的书记已由 党员1(m1) 担任)"]
    assert refused is not None and unique_violation(refused)
