"""Deployments with several processes: migrations started together, workers, the daily job's
lease, and `jobs run-daily` by hand (issue 15)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import create_pg_database, postgres_available, start_server


def _env() -> dict[str, str]:
    return {
        k: v for k, v in os.environ.items() if k not in ("GSDJ_DATABASE_URL", "GSDJ_TEST_CLOCK")
    }


def _gsdj_server(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "server", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=_env(),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database nobody has migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    if (reason := postgres_available()) is not None:
        pytest.skip(reason)
    url, drop = create_pg_database()
    yield url
    drop()


def test_processes_started_together_on_an_empty_database_all_migrate_it(
    empty_database: str, tmp_path: Path
) -> None:
    """Two `migrate` and one `serve` at once: one migrates, the others wait and find it done
    (on PostgreSQL two of three crashed on a unique violation in pg_type; on SQLite on
    "table already exists")."""
    migrating = [_gsdj_server("migrate", "--db", empty_database) for _ in range(2)]
    server = start_server(
        tmp_path, empty_database, command="serve", test_clock=False, extra=("--no-jobs",)
    )
    try:
        with server.client() as http:
            assert http.get("/healthz").status_code == 200
    finally:
        server.stop()
    for process in migrating:
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 0, out.decode(errors="replace")[-2000:]
