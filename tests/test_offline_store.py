"""The local cache and outbox files (offline_cache.store) on real SQLite files, and their sync
against the real server."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from api_client import GsdjClient
from offline_cache.store import Cache, Outbox, Store, open_store, user_dir
from offline_cache.sync import push_outbox
from tests.conftest import login
from tests.servers import ServerProcess


def test_outbox_numbers_survive_settling_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path)
    client = box.client_id
    first = box.add("like", {"article_id": 1})
    second = box.add("comment", {"article_id": 1, "body": "学习了,很有收获"})
    assert (first.seq, second.seq) == (1, 2)
    box.settle([(first.id, "applied", None, None), (second.id, "rejected", "x", "原因")])
    box.close()
    box = Outbox(path)
    assert box.client_id == client
    assert box.add("share", {"article_id": 2}).seq == 3  # never reused, even when emptied
    assert [m.message for m in box.rejected()] == ["原因"]
    assert box.count_pending() == 1
    box.dismiss(2)
    assert box.rejected() == []
    assert box._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_damaged_cache_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = Cache(path)
    cache.put("/api/v1/me", '{"a": 1}')
    cache.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # a torn, garbled file
    cache = Cache(path)
    assert cache.set_aside is not None and cache.set_aside.exists()
    assert cache.get("/api/v1/me") is None
    cache.put("/api/v1/me", '{"a": 2}')
    assert cache.get("/api/v1/me")[0] == '{"a": 2}'


def test_a_cache_from_a_newer_version_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    cache = Cache(path)
    assert cache.set_aside is not None
    assert cache._db.execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_damaged_outbox_is_kept_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "outbox.sqlite3").write_bytes(b"not a database at all" * 100)
    store = Store(Cache(folder / "cache.sqlite3"), Outbox(folder / "outbox.sqlite3"))
    kept = store.outbox.set_aside
    assert kept is not None and kept.read_bytes().startswith(b"not a database")
    problems = store.problems()
    assert len(problems) == 1 and "待同步记录文件已损坏" in problems[0] and kept.name in problems[0]
    assert store.outbox.add("like", {"article_id": 1}).seq == 1


def test_one_store_per_server_and_user(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GSDJ_DATA_DIR", str(tmp_path))
    a = user_dir("http://a.example/", "dy001")
    assert a == user_dir("http://a.example", "dy001")
    assert a != user_dir("http://b.example", "dy001") != user_dir("http://a.example", "dy002")
    store = open_store("http://a.example", "dy001")
    assert (a / "cache.sqlite3").exists() and (a / "outbox.sqlite3").exists()
    store.close()


async def test_a_refusal_answered_again_as_duplicate_stays_refused(
    tmp_path: Path, sqlite_server: ServerProcess
) -> None:
    """The server refused an action but its answer was lost; the retry hears "duplicate" with
    the stored refusal, and the action stays listed as refused instead of vanishing."""
    with sqlite_server.client() as http:
        h = login(http, "dy039")  # used by no other test of this shared server
    box = Outbox(tmp_path / "outbox.sqlite3")
    refused = box.add("comment", {"article_id": 1, "body": "好"})
    fine = box.add("like", {"article_id": 2})
    body = {
        "client_id": box.client_id,
        "client_time": datetime.now(UTC).isoformat(),
        "mutations": [m.wire() for m in box.pending()],
    }
    with sqlite_server.client() as http:  # the first push: its answer never reaches the outbox
        assert http.post("/api/v1/sync/push", headers=h, json=body).status_code == 200
    async with GsdjClient(sqlite_server.url, h["Authorization"].removeprefix("Bearer ")) as client:
        report = await push_outbox(client, box)
    assert {r.status for r in report.results.values()} == {"duplicate"}
    assert [r.id for r in report.rejected] == [refused.id]
    assert [m.id for m in box.rejected()] == [refused.id]
    assert "5 个非空白字符" in (box.rejected()[0].message or "")
    assert box.count_pending() == 0 and fine.id not in {m.id for m in box.rejected()}


def test_an_outbox_written_before_notes_opens_with_its_actions(tmp_path: Path) -> None:
    """An outbox file of schema 1 (no note column) keeps its queued actions and numbers; new
    actions carry their display note, old ones have none."""
    path = tmp_path / "outbox.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);"
        "CREATE TABLE mutations (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
        "kind TEXT NOT NULL, args TEXT NOT NULL, at TEXT NOT NULL, "
        "state TEXT NOT NULL DEFAULT 'pending', code TEXT, message TEXT);"
        "INSERT INTO meta VALUES ('client_id', 'c-1'), ('next_seq', '2');"
        "INSERT INTO mutations (seq, id, kind, args, at) VALUES "
        "(1, 'm-1', 'like', '{\"article_id\": 3}', '2026-12-01T08:00:00+00:00');"
        "PRAGMA user_version = 1;"
    )
    db.close()
    box = Outbox(path)
    assert box.set_aside is None  # not mistaken for a damaged file
    assert box.client_id == "c-1"
    [old] = box.pending()
    assert (old.seq, old.kind, old.args, old.note) == (1, "like", {"article_id": 3}, None)
    new = box.add(
        "meeting_feedback", {"meeting_id": 5, "answer": "attend"}, note="支部党员大会 12-05"
    )
    assert new.seq == 2 and new.note == "支部党员大会 12-05"
    box.close()
    box = Outbox(path)
    assert [(m.seq, m.note) for m in box.pending()] == [(1, None), (2, "支部党员大会 12-05")]
    assert "note" not in box.pending()[1].wire()  # shown here, never sent


def test_a_cache_closed_by_a_logout_answers_nothing_and_keeps_nothing(tmp_path: Path) -> None:
    """A read or write that races the logout's close finds the cache closed: no answer, nothing
    written, no error (and never a query on a connection being closed under it)."""
    from offline_cache.store import Cache

    cache = Cache(tmp_path / "cache.sqlite3")
    cache.put("/api/v1/me", "{}")
    assert cache.get("/api/v1/me") is not None
    cache.close()
    assert cache.get("/api/v1/me") is None
    cache.put("/api/v1/me", "{}")  # no error
    again = Cache(tmp_path / "cache.sqlite3")
    assert again.get("/api/v1/me") is not None  # what was kept before the close stays
    again.close()
