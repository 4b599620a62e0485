"""`gsdj-server demo --test-clock --clock-at ISO`: the demo seeded at a fixed instant and the test
clock started there, so that its dates (and the snapshots' pictures of them) do not move with the
real day. Over HTTP from the real server."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.conftest import login
from tests.servers import start_server

AT = "2030-01-01T09:00:00+08:00"


def test_the_demo_is_seeded_at_the_instant_and_its_clock_starts_there(tmp_path: Path) -> None:
    server = start_server(
        tmp_path, f"sqlite:///{tmp_path / 'demo.sqlite3'}", extra=("--clock-at", AT)
    )
    try:
        with server.client() as http:
            clock = http.get("/api/v1/test/clock").json()
            now = datetime.fromisoformat(clock["now"])
            assert timedelta(0) <= now - datetime.fromisoformat(AT) < timedelta(minutes=5)
            assert clock["local_date"] == "2030-01-01"
            h = login(http, "zb001")
            rows = http.get("/api/v1/meetings", headers=h).json()
            days = {date.fromisoformat(r["starts_at"][:10]) for r in rows}
            assert days, "the demo branch has meetings"
            # Dated around the seed's day, not around the machine's.
            assert all(abs((d - date(2030, 1, 1)).days) < 400 for d in days), days
    finally:
        server.stop()


def test_clock_at_needs_the_test_clock_and_an_offset(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    base = [sys.executable, "-m", "server", "demo", "--port", "0", "--db", db]
    plain = subprocess.run([*base, "--clock-at", AT], capture_output=True, text=True, timeout=60)
    assert plain.returncode != 0 and "--test-clock" in plain.stderr
    naive = subprocess.run(
        [*base, "--test-clock", "--clock-at", "2030-01-01T09:00"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert naive.returncode != 0 and "时区偏移" in naive.stderr
    assert not (tmp_path / "demo.sqlite3").exists()  # refused before anything was written
