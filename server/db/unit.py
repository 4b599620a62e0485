"""The unit of work a service is given: the database, one transaction at a time, and the
account locks that transaction holds.

`write()` opens a transaction, or joins the one already open on this unit: a sync handler runs
the same service an HTTP request runs, inside the transaction that also stores the client's new
sequence number, so both commit together. `read()` inside a transaction reads through it.

`connection()` is `write()` for a service whose statements are all Core (the points-bearing
actions): a transaction on a connection of the writer, without an ORM session, whose identity
map, flush and state machine cost more than the three or four statements of a share; inside an
open `write()` it is that transaction's connection. `read()` and `write()` are refused inside it
(such a service reads through `server.db.queries.read_connection`, which joins it).

`lock()` takes an account's row lock (SELECT … FOR NO KEY UPDATE on PostgreSQL; on SQLite every
write transaction already holds the file's write lock, BEGIN IMMEDIATE in server.db.engine, so a
caller that knows the account's kind, which never changes, spends no statement) once per
transaction and remembers it:
whoever needs it first takes it, every later caller in the same transaction gets the same
`Earner` without another statement. Points are granted only to a locked `Earner`
(server.db.ledger), so a cap is always read under the lock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from server.db.engine import Database
from server.db.models import Account
from server.domain.orgs import AccountKind

# NO KEY UPDATE: serialises grants for this account without conflicting with the key-share
# locks that foreign keys to the account take (FOR UPDATE deadlocks). Built once (cached).
_LOCK = (
    select(Account.kind)
    .where(Account.id == bindparam("account_id"))
    .with_for_update(key_share=True)
)


@dataclass(frozen=True)
class Earner:
    """An account whose row the current transaction holds locked; `kind` None if it is gone."""

    account_id: int
    kind: AccountKind | None


class Unit:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._session: AsyncSession | None = None
        self._conn: AsyncConnection | None = None
        self._locked: dict[int, Earner] = {}

    @property
    def in_transaction(self) -> bool:
        return self._session is not None or self._conn is not None

    async def transaction_connection(self) -> AsyncConnection | None:
        """The open transaction's connection (of `write()` or `connection()`), or None."""
        if self._conn is not None:
            return self._conn
        if self._session is not None:
            return await self._session.connection()
        return None

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A transaction, committed on success and rolled back on error; inside an open one,
        that one (committed when it ends)."""
        if self._session is not None:
            yield self._session
            return
        if self._conn is not None:
            raise RuntimeError("Unit.write() inside Unit.connection()")
        async with self.db.writer() as session, session.begin():
            self._session = session
            try:
                yield session
            finally:
                self._session = None
                self._locked = {}

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """A Core transaction on the writer, committed on success and rolled back on error
        (the same BEGIN IMMEDIATE on SQLite as `write()`'s); inside an open one, its connection."""
        joined = await self.transaction_connection()
        if joined is not None:
            yield joined
            return
        async with self.db.write_engine.begin() as conn:
            self._conn = conn
            try:
                yield conn
            finally:
                self._conn = None
                self._locked = {}

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        if self._conn is not None:
            raise RuntimeError("Unit.read() inside Unit.connection(): use read_connection")
        if self._session is not None:
            yield self._session
            return
        async with self.db.read() as session:
            yield session

    async def lock(self, account_id: int, kind: AccountKind | None = None) -> Earner:
        """Lock this account's row until the transaction ends (once; later calls are free).

        `kind`: the account's kind when the caller knows it (the logged-in caller's): on SQLite
        the transaction's write lock covers the account already, and no statement is needed."""
        held = self._locked.get(account_id)
        if held is not None:
            return held
        conn = await self.transaction_connection()
        if conn is None:
            raise RuntimeError("Unit.lock() outside write()")
        if kind is not None and self.db.is_sqlite:
            earner = Earner(account_id, kind)
        else:
            found = await conn.scalar(_LOCK, {"account_id": account_id})
            earner = Earner(account_id, AccountKind(found) if found is not None else None)
        self._locked[account_id] = earner
        return earner

    async def lock_many(self, account_ids: Iterable[int]) -> None:
        """Lock several accounts in one statement, in ascending id order (two transactions
        paying overlapping sets cannot deadlock); later `lock()` calls find them held."""
        wanted = sorted({a for a in account_ids if a not in self._locked})
        if not wanted:
            return
        conn = await self.transaction_connection()
        if conn is None:
            raise RuntimeError("Unit.lock_many() outside write()")
        rows = await conn.execute(
            select(Account.id, Account.kind)
            .where(Account.id.in_(wanted))
            .order_by(Account.id)
            .with_for_update(key_share=True)
        )
        kinds = dict(rows.all())
        for account_id in wanted:
            kind = kinds.get(account_id)
            self._locked[account_id] = Earner(
                account_id, AccountKind(kind) if kind is not None else None
            )
