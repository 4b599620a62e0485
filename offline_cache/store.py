"""The terminal's local data: a cache of what the server answered, and the outbox of actions.

One pair of SQLite files per server and user. The cache can be thrown away at any time: it is
checked at open (`PRAGMA quick_check`), versioned in `PRAGMA user_version`, and a damaged one is
moved aside and rebuilt. The outbox holds what the user did and the server has not yet answered;
it lives in its own file with synchronous=FULL, a write returns only once it is on disk, and a
damaged outbox is kept aside (never deleted) and reported.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from offline_cache.files import client_data_dir

CACHE_SCHEMA = 1
NOTE_MAX = 60  # characters of a queued action's display note
OUTBOX_SCHEMA = 2  # 2: mutations.note, a short display note the 同步 screen shows


def server_dir(server: str, root: Path | None = None) -> Path:
    """The folder of one server's users on this terminal. `server` is its URL, or a fixed
    identity for a server whose URL may change between runs (`gsdj --demo`'s port)."""
    key = hashlib.sha256(server.rstrip("/").encode()).hexdigest()[:16]
    return (root or client_data_dir()) / "servers" / key


def user_dir(server: str, username: str, root: Path | None = None) -> Path:
    return server_dir(server, root) / username


def _set_aside(path: Path) -> Path:
    """Move a damaged database (and its WAL files) out of the way; answer where it went."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}-{uuid.uuid4().hex[:6]}")
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    return target


def _connect(path: Path, synchronous: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
    try:
        row = db.execute("PRAGMA quick_check").fetchone()
        if row is None or row[0] != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {row[0] if row else 'no answer'}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={synchronous}")
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


class _Store:
    schema = 0
    synchronous = "NORMAL"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.set_aside: Path | None = None  # where a damaged file went, if one was found
        self._lock = threading.Lock()
        self.closed = False
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = _connect(path, self.synchronous)
            self._migrate()
        except sqlite3.DatabaseError:
            self.set_aside = _set_aside(path)
            self._db = _connect(path, self.synchronous)
            self._migrate()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > self.schema:
            raise sqlite3.DatabaseError(f"written by a newer version ({version})")
        if version < self.schema:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                self._create(version)
                self._db.execute(f"PRAGMA user_version={self.schema}")
                self._db.execute("COMMIT")

    def _create(self, from_version: int) -> None:
        raise NotImplementedError

    def close(self) -> None:
        # Under the lock: closing a connection while another thread is inside a query on it
        # frees what that query uses (a crash, not an exception).
        with self._lock:
            self.closed = True
            self._db.close()


class Cache(_Store):
    """Server answers by request path, with the time they were fetched."""

    schema = CACHE_SCHEMA

    def _create(self, from_version: int) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, body TEXT NOT NULL, "
            "fetched_at REAL NOT NULL)"
        )

    def get(self, key: str) -> tuple[str, float] | None:
        with self._lock:
            if self.closed:  # a read that raced a logout: nothing cached for it any more
                return None
            row = self._db.execute(
                "SELECT body, fetched_at FROM entries WHERE key = ?", (key,)
            ).fetchone()
        return (row[0], row[1]) if row else None

    def get_now(self, key: str) -> tuple[str, float] | None:
        """`get` only if nobody holds the cache right now (None otherwise, or when absent): the
        one read made on the terminal's event loop must never wait there behind a write."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if self.closed:
                return None
            row = self._db.execute(
                "SELECT body, fetched_at FROM entries WHERE key = ?", (key,)
            ).fetchone()
        finally:
            self._lock.release()
        return (row[0], row[1]) if row else None

    def put(self, key: str, body: str) -> None:
        with self._lock:
            if self.closed:  # an answer that came after the logout is not kept
                return
            self._db.execute(
                "INSERT INTO entries (key, body, fetched_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
                (key, body, time.time()),
            )


@dataclass(frozen=True)
class Mutation:
    seq: int
    id: str
    kind: str
    args: dict[str, Any]
    at: str  # ISO 8601 with offset, the client's clock when the action was made
    state: str = "pending"  # pending | rejected
    code: str | None = None
    message: str | None = None
    # What the action is about, as the screen that queued it named it ("支部党员大会 12-05"):
    # shown on the 同步 screen only, never sent (the arguments carry ids, not titles).
    note: str | None = None

    def wire(self) -> dict[str, Any]:
        return {"id": self.id, "seq": self.seq, "kind": self.kind, "at": self.at, "args": self.args}


class Outbox(_Store):
    """Actions not yet answered by the server, numbered per client; rejected ones stay visible."""

    schema = OUTBOX_SCHEMA
    synchronous = "FULL"

    def _create(self, from_version: int) -> None:
        if from_version == 1:  # an outbox written before notes: its actions stay, without one
            self._db.execute("ALTER TABLE mutations ADD COLUMN note TEXT")
            return
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS mutations (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
            "kind TEXT NOT NULL, args TEXT NOT NULL, at TEXT NOT NULL, "
            "state TEXT NOT NULL DEFAULT 'pending', code TEXT, message TEXT, note TEXT)"
        )
        self._db.execute(
            "INSERT OR IGNORE INTO meta VALUES ('client_id', ?), ('next_seq', '1')",
            (str(uuid.uuid4()),),
        )

    @property
    def client_id(self) -> str:
        with self._lock:
            client_id: str = self._db.execute(
                "SELECT v FROM meta WHERE k = 'client_id'"
            ).fetchone()[0]
            return client_id

    def add(
        self,
        kind: str,
        args: dict[str, Any],
        at: datetime | None = None,
        note: str | None = None,
    ) -> Mutation:
        """Queue an action (with an optional display note); when this returns, it is on disk."""
        note = (note or "").strip()[:NOTE_MAX] or None
        when = (at or datetime.now(UTC)).astimezone().isoformat()
        mutation_id = str(uuid.uuid4())
        body = json.dumps(args, ensure_ascii=False)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                seq = int(self._db.execute("SELECT v FROM meta WHERE k = 'next_seq'").fetchone()[0])
                self._db.execute(
                    "INSERT INTO mutations (seq, id, kind, args, at, note) VALUES (?, ?, ?, ?, ?, ?)",
                    (seq, mutation_id, kind, body, when, note),
                )
                self._db.execute("UPDATE meta SET v = ? WHERE k = 'next_seq'", (str(seq + 1),))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return Mutation(seq, mutation_id, kind, args, when, note=note)

    def _rows(self, where: str, limit: int | None = None) -> list[Mutation]:
        sql = (
            "SELECT seq, id, kind, args, at, state, code, message, note "
            f"FROM mutations WHERE {where} ORDER BY seq"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            rows = self._db.execute(sql).fetchall()
        return [
            Mutation(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6], r[7], r[8]) for r in rows
        ]

    def pending(self, limit: int | None = None) -> list[Mutation]:
        return self._rows("state = 'pending'", limit)

    def rejected(self) -> list[Mutation]:
        return self._rows("state = 'rejected'")

    def count_pending(self) -> int:
        with self._lock:
            count: int = self._db.execute(
                "SELECT count(*) FROM mutations WHERE state = 'pending'"
            ).fetchone()[0]
            return count

    def settle(self, answers: Iterable[tuple[str, str, str | None, str | None]]) -> None:
        """Record the server's answers (id, status, code, message): applied and duplicate
        ones leave the outbox; rejected ones stay, with the reason, until the user dismisses them."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for mutation_id, status, code, message in answers:
                    if status == "rejected":
                        self._db.execute(
                            "UPDATE mutations SET state = 'rejected', code = ?, message = ? WHERE id = ?",
                            (code, message, mutation_id),
                        )
                    else:
                        self._db.execute("DELETE FROM mutations WHERE id = ?", (mutation_id,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def dismiss(self, seq: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM mutations WHERE seq = ? AND state = 'rejected'", (seq,))


@dataclass
class Store:
    cache: Cache
    outbox: Outbox

    def problems(self) -> list[str]:
        """Chinese notices about damaged files found at open."""
        out = []
        if self.cache.set_aside is not None:
            out.append(
                "本机缓存文件已损坏,已重新建立(原文件另存为 " + self.cache.set_aside.name + ")"
            )
        if self.outbox.set_aside is not None:
            out.append(
                "本机待同步记录文件已损坏,原文件已另存为 "
                + str(self.outbox.set_aside)
                + ",其中的操作无法自动同步,请联系管理员"
            )
        return out

    def close(self) -> None:
        self.cache.close()
        self.outbox.close()


def open_store(server: str, username: str, root: Path | None = None) -> Store:
    folder = user_dir(server, username, root)
    return Store(Cache(folder / "cache.sqlite3"), Outbox(folder / "outbox.sqlite3"))
