"""`gsdj --demo`'s background server, the settings file, and `gsdj-server migrate`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tui.demo_server import DemoServer
from tui.settings import DEFAULT_SERVER, load_settings


def test_demo_server_starts_fresh_and_stops(tmp_path: Path) -> None:
    demo = DemoServer(tmp_path)
    url = demo.start()
    try:
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(f"{url}/healthz").json()["status"] == "ok"
        login = httpx.post(
            f"{url}/api/v1/auth/login", json={"username": "dy001", "password": "gsdj2026"}
        )
        assert login.status_code == 200
    finally:
        demo.stop()
    assert demo.process is not None and demo.process.poll() is not None
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/healthz", timeout=2)


def test_settings_file_env_and_corrupt_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    monkeypatch.setenv("GSDJ_CONFIG_FILE", str(path))
    monkeypatch.delenv("GSDJ_SERVER", raising=False)
    settings, warning = load_settings()
    assert warning is None and settings.server == DEFAULT_SERVER

    settings, _ = load_settings()
    settings.server = "http://10.0.0.5:8700"
    settings.save()
    assert load_settings()[0].server == "http://10.0.0.5:8700"
    monkeypatch.setenv("GSDJ_SERVER", "http://from-env:1")
    assert load_settings()[0].server == "http://from-env:1"

    monkeypatch.delenv("GSDJ_SERVER")
    path.write_text('server = "unclosed\n')
    settings, warning = load_settings()
    assert settings.server == DEFAULT_SERVER
    assert warning is not None and "无法读取" in warning
    assert path.read_text() == 'server = "unclosed\n'  # left for the user to fix


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "m.sqlite3"
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "server", "migrate", "--db", str(db)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
    import sqlite3

    tables = {
        r[0]
        for r in sqlite3.connect(db).execute("select name from sqlite_master where type='table'")
    }
    assert {"accounts", "orgs", "auth_sessions", "login_failures", "account_preferences"} <= tables
