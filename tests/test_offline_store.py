"""The local cache and outbox files (offline_cache.store), run directly on real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from offline_cache.store import Cache, Outbox, Store, open_store, user_dir


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
