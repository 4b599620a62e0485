"""server.db.bulk.insert_rows on both databases: rows given in any column order reach the table
as the ORM would have written them — times as UTC, booleans, NULLs, a JSON value — and read
back the same through the models."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Table, select

from server.db.bulk import insert_rows
from server.db.engine import Database
from server.db.migrate import upgrade
from server.db.models import Account
from tests.conftest import BACKENDS, _database_url

BEIJING = timezone(timedelta(hours=8))


@pytest.mark.parametrize("backend", BACKENDS)
def test_rows_in_any_column_order_read_back_as_written(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    url, drop = _database_url(backend, tmp_path_factory)
    at = datetime(2030, 1, 2, 9, 30, tzinfo=BEIJING)
    columns = ("must_change_password", "created_at", "username", "display_name", "kind",
               "password_hash", "active", "local_edits")  # fmt: skip
    rows = [
        (True, at, "bulk1", "一号", "qunzhong", "x", True, None),
        (False, at + timedelta(days=1), "bulk2", "二号", "qunzhong", "y", False, {"姓名": "旧"}),
        (True, at, "bulk3", "三号", "qunzhong", "z", True, None),
    ]

    async def run() -> list[tuple[object, ...]]:
        db = Database(url)
        try:
            await upgrade(db)
            table = Account.__table__
            assert isinstance(table, Table)
            async with db.write() as session:
                await insert_rows(await session.connection(), table, columns, rows)
            async with db.read() as session:
                found = (
                    await session.execute(
                        select(Account).where(Account.username.like("bulk%")).order_by(Account.id)
                    )
                ).scalars()
                return [
                    (a.must_change_password, a.created_at, a.username, a.display_name, a.kind,
                     a.password_hash, a.active, a.local_edits, a.org_id)
                    for a in found
                ]  # fmt: skip
        finally:
            await db.dispose()

    try:
        got = asyncio.run(run())
    finally:
        if callable(drop):
            drop()
    assert got == [(*r, None) for r in rows]
    assert all(
        g[1].tzinfo is not None and g[1].astimezone(UTC) == r[1]
        for g, r in zip(got, rows, strict=True)
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_rows_roll_back_with_their_transaction(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The rows are the transaction's, also when they are its first statement (PostgreSQL's
    COPY runs on the driver's connection): an error after them leaves none."""
    url, drop = _database_url(backend, tmp_path_factory)
    at = datetime(2030, 1, 2, 9, 30, tzinfo=BEIJING)

    async def run() -> int:
        db = Database(url)
        try:
            await upgrade(db)
            table = Account.__table__
            assert isinstance(table, Table)
            with pytest.raises(RuntimeError):
                async with db.write() as session:
                    await insert_rows(
                        await session.connection(), table,
                        ("username", "display_name", "kind", "password_hash", "created_at"),
                        [("gone1", "甲", "qunzhong", "x", at), ("gone2", "乙", "qunzhong", "x", at)],
                    )  # fmt: skip
                    raise RuntimeError("after the rows")
            async with db.read() as session:
                return len(
                    (
                        await session.execute(select(Account).where(Account.username.like("gone%")))
                    ).all()
                )
        finally:
            await db.dispose()

    try:
        assert asyncio.run(run()) == 0
    finally:
        if callable(drop):
            drop()
