"""Which database failures are worth trying again: the one place that tells contention from a
fault (the HTTP layer answers 503 for them, sync stops a batch to retry it later)."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# PostgreSQL SQLSTATEs of contention and of a server going away: serialisation failure,
# deadlock, lock timeout (lock_not_available), too many connections, shutdown, and every
# connection exception (class 08).
_PG_TRANSIENT = {"40001", "40P01", "55P03", "53300", "57P01", "57P02", "57P03"}
_SQLITE_TRANSIENT = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def transient(exc: BaseException) -> bool:
    """True for a failure the same statement may not meet on a later try."""
    if isinstance(exc, PoolTimeout | ConnectionError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str):
        return state in _PG_TRANSIENT or state.startswith("08")
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _SQLITE_TRANSIENT
    text = str(orig).lower()
    return any(s in text for s in ("database is locked", "deadlock", "could not serialize"))


# A unique index refused a row another transaction committed first (two admins adding the same
# username, two imports of one code): PostgreSQL's unique_violation; SQLite's UNIQUE and
# PRIMARY KEY constraint codes.
_PG_UNIQUE = "23505"
_SQLITE_UNIQUE = {2067, 1555}


def unique_violation(exc: BaseException) -> bool:
    """True when a statement lost a race for a unique key: the service checked the key was free
    in its own snapshot, and another transaction took it before the insert."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str):
        return state == _PG_UNIQUE
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code in _SQLITE_UNIQUE
    return "unique constraint" in str(orig).lower()
