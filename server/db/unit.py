"""The unit of work a service is given: the database, one transaction at a time, and the
account locks that transaction holds.

`write()` opens a transaction, or joins the one already open on this unit: a sync handler runs
the same service an HTTP request runs, inside the transaction that also stores the client's new
sequence number, so both commit together. `read()` inside a transaction reads through it.

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
from sqlalchemy.ext.asyncio import AsyncSession

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
        self._locked: dict[int, Earner] = {}

    @property
    def in_transaction(self) -> bool:
        return self._session is not None

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A transaction, committed on success and rolled back on error; inside an open one,
        that one (committed when it ends)."""
        if self._session is not None:
            yield self._session
            return
        async with self.db.writer() as session, session.begin():
            self._session = session
            try:
                yield session
            finally:
                self._session = None
                self._locked = {}

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
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
        if self._session is None:
            raise RuntimeError("Unit.lock() outside write()")
        if kind is not None and self.db.is_sqlite:
            earner = Earner(account_id, kind)
        else:
            found = await self._session.scalar(_LOCK, {"account_id": account_id})
            earner = Earner(account_id, AccountKind(found) if found is not None else None)
        self._locked[account_id] = earner
        return earner

    async def lock_many(self, account_ids: Iterable[int]) -> None:
        """Lock several accounts in one statement, in ascending id order (two transactions
        paying overlapping sets cannot deadlock); later `lock()` calls find them held."""
        wanted = sorted({a for a in account_ids if a not in self._locked})
        if not wanted:
            return
        if self._session is None:
            raise RuntimeError("Unit.lock_many() outside write()")
        rows = await self._session.execute(
            select(Account.id, Account.kind)
            .where(Account.id.in_(wanted))
            .order_by(Account.id)
            .with_for_update(key_share=True)
        )
        kinds = dict(rows.tuples().all())
        for account_id in wanted:
            kind = kinds.get(account_id)
            self._locked[account_id] = Earner(
                account_id, AccountKind(kind) if kind is not None else None
            )
