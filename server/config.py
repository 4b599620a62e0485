"""Server settings, from the command line and the environment (GSDJ_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_path

from server.db.engine import sqlite_url


def default_data_dir() -> Path:
    return user_data_path("gsdj-server", appauthor=False)


def _env_list(name: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class ServerSettings:
    database_url: str = field(
        default_factory=lambda: (
            os.environ.get("GSDJ_DATABASE_URL") or sqlite_url(default_data_dir() / "gsdj.sqlite3")
        )
    )
    test_clock: bool = field(default_factory=lambda: _env_flag("GSDJ_TEST_CLOCK"))
    # Where the test clock starts (`demo --clock-at`); None: the wall clock's instant.
    clock_start: datetime | None = None
    max_body_bytes: int = 1024 * 1024
    # The daily job scheduler inside the server (off for `gsdj-server jobs` and some tests).
    run_jobs: bool = field(default_factory=lambda: os.environ.get("GSDJ_JOBS", "1") != "0")
    # Reverse proxies whose X-Forwarded-For names the client (addresses or CIDRs; GSDJ_TRUSTED_PROXIES
    # comma-separated, or `--trusted-proxy ADDR`). None by default: the header is ignored.
    trusted_proxies: list[str] = field(default_factory=lambda: _env_list("GSDJ_TRUSTED_PROXIES"))
