"""Engines and sessions.

SQLite allows one writer at a time, and several writer connections queue on its file lock with
long tails under load. So on SQLite every write goes through a single pooled connection (writers
queue in the pool, in order) while reads use their own small pool under WAL. On PostgreSQL both
roles share one ordinary pool.

Across processes (a second `serve`, uvicorn workers) on one SQLite file, the pool no longer
serialises anything: SQLite must. Every write transaction therefore starts with BEGIN IMMEDIATE,
which takes the file's write lock before the first statement, so whatever a transaction reads
(a cap's sum, an attempt's state) is read under that lock; another process waiting for it waits
in SQLite's busy handler (busy_timeout), and only a wait longer than that becomes an error (a
503 "busy" in server.api.errors, never a 500).

aiosqlite runs each connection in its own thread, and SQLAlchemy's adapter makes 3–4 trips to
that thread per statement (cursor, execute, fetch, close), each waiting for the event loop to
come back to it while the single writer is held. `_OneTripCursor` makes one: the statement is
executed, fetched and closed in the connection's thread in one call, the pending BEGIN IMMEDIATE
with it.
"""

from __future__ import annotations

import collections
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.util.concurrency import await_

BUSY_TIMEOUT_MS = 10000  # how long a writer waits for another process's write lock
# The writer commits on the event loop's thread (a WAL commit under the write lock writes a few
# pages, no fsync), with SQLite's automatic checkpoint off on it, so that no commit copies the
# WAL back into the file there; every CHECKPOINT_EVERY-th commit goes to the connection's thread
# and checkpoints after it.
CHECKPOINT_EVERY = 200


def normalise_url(url: str) -> str:
    """Accept the usual spellings and pick our async drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def create_private(path: Path) -> None:
    """Make a SQLite file readable by its owner only (0600) before SQLite opens it: SQLite gives
    its -wal and -shm files the mode of the database file. Directories we create on the way
    are 0700. An existing file or directory keeps the mode its owner chose."""
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _run_statement(
    conn: sqlite3.Connection, begin: bool, operation: str, parameters: Any, many: bool
) -> tuple[Any, list[Any], int, int | None, bool]:
    """In the connection's thread: BEGIN IMMEDIATE if one is pending, then the statement,
    its rows and the cursor closed; and whether a transaction is open after it."""
    if begin:
        conn.execute("BEGIN IMMEDIATE")
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid, conn.in_transaction
    finally:
        cursor.close()


def _without_waiting(conn: sqlite3.Connection, step: Callable[[], Any]) -> Any:
    """step() with busy_timeout 0 meanwhile: its result, or None when SQLite answered busy
    (another process holds the lock; then the caller runs it in the thread, where it may wait)."""
    conn.execute("PRAGMA busy_timeout=0").close()
    try:
        return step()
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode != sqlite3.SQLITE_BUSY:
            raise
        return None
    finally:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}").close()


def _try_begin(conn: sqlite3.Connection) -> bool:
    """BEGIN IMMEDIATE without waiting: True if the write lock was free (the usual case, one
    process), False if another process holds it (then the caller waits in the thread)."""

    def begin() -> bool:
        conn.execute("BEGIN IMMEDIATE").close()
        return True

    return _without_waiting(conn, begin) is True


def _try_read(conn: sqlite3.Connection, operation: str, parameters: Any) -> Any:
    """A read on the calling thread without waiting: its result, or None when SQLite answered
    busy (then it runs in the thread and may wait)."""
    return _without_waiting(conn, lambda: _run_statement(conn, False, operation, parameters, False))


def _commit_and_checkpoint(conn: sqlite3.Connection) -> None:
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").close()


async def _here(fn: Any, *args: Any) -> Any:
    """Run fn on the calling thread, as an awaitable that completes without yielding to the
    loop (SQLAlchemy's AsyncConnection wants every statement to have awaited something)."""
    return fn(*args)


class _OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A DBAPI cursor over aiosqlite that makes one trip to the connection's thread per
    statement (SQLAlchemy's makes one each for cursor, execute, fetchall and close)."""

    __slots__ = ("_description", "_rowcount", "_lastrowid")

    def __init__(self, adapt_connection: _OneTripConnection) -> None:  # no cursor made here
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = {}  # type: ignore[assignment]
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    def _run(self, operation: str, parameters: Any, many: bool) -> None:
        adapt: _OneTripConnection = self._adapt_connection  # type: ignore[assignment]
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        begin = adapt._begin_pending
        try:
            if begin and adapt._inline and await_(_here(_try_begin, connection._conn)):
                begin = adapt._begin_pending = False  # the write lock was free: taken here
                adapt._in_transaction = True
            if adapt._inline and adapt._in_transaction and not begin:
                # The write lock is held: nothing can make this statement wait.
                result = await_(
                    _here(_run_statement, connection._conn, False, operation, parameters, many)
                )
            elif adapt._quick_reads and (
                quick := await_(_here(_try_read, connection._conn, operation, parameters))
            ):
                result = quick
            else:
                result = await_(
                    connection._execute(
                        _run_statement, connection._conn, begin, operation, parameters, many
                    )
                )
        except Exception as error:
            adapt._in_transaction = True  # unknown: let the rollback run
            adapt._handle_exception(error)
        adapt._begin_pending = False
        self._description, rows, self._rowcount, self._lastrowid, adapt._in_transaction = result
        self._rows = collections.deque(rows)

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._run(operation, parameters, False)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> None:
        self._run(operation, seq_of_parameters, True)

    async def _async_soft_close(self) -> None:
        return None

    def close(self) -> None:
        self._rows.clear()


class _OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """aiosqlite under SQLAlchemy with one trip per statement; on the writer, the BEGIN
    IMMEDIATE of a new transaction travels with its first statement. A commit or rollback with
    no transaction open (a read: the driver begins none for SELECTs) makes no trip at all."""

    __slots__ = ("_begin_pending", "_in_transaction", "_inline", "_commits", "_quick_reads")
    _cursor_cls = _OneTripCursor  # type: ignore[assignment]

    def __init__(self, dbapi: Any, connection: Any, inline: bool, quick_reads: bool) -> None:
        super().__init__(dbapi, connection)
        self._begin_pending = False
        self._in_transaction = False
        self._inline = inline
        self._quick_reads = quick_reads
        self._commits = 0

    def cursor(self, server_side: bool = False) -> Any:
        if server_side:
            return super().cursor(server_side=True)
        return _OneTripCursor(self)

    def commit(self) -> None:
        self._begin_pending = False
        if not self._in_transaction:
            return
        try:
            if self._inline:
                self._commits += 1
                if self._commits % CHECKPOINT_EVERY:
                    await_(_here(self._connection._conn.commit))
                else:  # in the thread: the commit, then the WAL copied back into the file
                    await_(
                        self._connection._execute(_commit_and_checkpoint, self._connection._conn)
                    )
            else:
                await_(self._connection.commit())
        except Exception as error:
            self._handle_exception(error)
        self._in_transaction = False

    def rollback(self) -> None:
        self._begin_pending = False
        if self._in_transaction:
            if self._inline:
                try:
                    await_(_here(self._connection._conn.rollback))
                except Exception as error:
                    self._handle_exception(error)
            else:
                super().rollback()
            self._in_transaction = False


class _OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """`inline`: the writer's. Once its BEGIN IMMEDIATE holds the file's write lock (taken in
    the connection's thread: it may wait for another process), no statement of the transaction
    can wait for anything, and a small statement costs less than the trip to the thread and
    back through a busy event loop: they run where they are called, and the writer is held
    for less time. The commit too, but for the checkpointing one (CHECKPOINT_EVERY)."""

    def __init__(self, inline: bool = False, quick_reads: bool = False) -> None:
        super().__init__(aiosqlite, sqlite3)
        self.inline = inline
        self.quick_reads = quick_reads

    def connect(self, *arg: Any, **kw: Any) -> _OneTripConnection:
        if self.inline or self.quick_reads:
            kw["check_same_thread"] = False  # used by one task at a time, from two threads
        connection = self.aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True
        return _OneTripConnection(self, await_(connection), self.inline, self.quick_reads)


def _writer_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA wal_autocheckpoint=0")  # see CHECKPOINT_EVERY
    cursor.close()


def _begin_immediate(conn: Any) -> None:
    """A write transaction begins: BEGIN IMMEDIATE goes with its first statement."""
    conn.connection.dbapi_connection._begin_pending = True


class Database:
    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        if (path := sqlite_path(self.url)) is not None:
            create_private(path)
        if self.is_sqlite:
            # The writer: the driver leaves transactions to us (isolation_level None), and
            # every one SQLAlchemy begins is a BEGIN IMMEDIATE.
            self.write_engine = create_async_engine(
                self.url,
                pool_size=1,
                max_overflow=0,
                pool_timeout=60,
                module=_OneTripDBAPI(inline=True),
                connect_args={"isolation_level": None},
            )
            event.listen(self.write_engine.sync_engine, "begin", _begin_immediate)
            event.listen(self.write_engine.sync_engine, "connect", _writer_pragmas)
            self.read_engine = create_async_engine(
                self.url, pool_size=4, max_overflow=4, module=_OneTripDBAPI(quick_reads=True)
            )
            for engine in (self.write_engine, self.read_engine):
                event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            self.write_engine = create_async_engine(self.url, pool_size=10, max_overflow=10)
            # Reads in autocommit: no BEGIN and ROLLBACK round trips around them. Under READ
            # COMMITTED every statement has its own snapshot either way.
            self.read_engine = self.write_engine.execution_options(isolation_level="AUTOCOMMIT")
        self._writer = async_sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return "sqlite" if self.is_sqlite else "postgresql"

    def writer(self) -> AsyncSession:
        """A session on the writer (SQLite: the one writer connection); server.db.unit uses it."""
        return self._writer()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A session in one transaction, committed on success, rolled back on error (jobs, demo,
        migrations; services use server.db.unit.Unit)."""
        async with self._writer() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self._reader() as session:
            yield session

    async def dispose(self) -> None:
        await self.write_engine.dispose()
        if self.is_sqlite:
            await self.read_engine.dispose()
