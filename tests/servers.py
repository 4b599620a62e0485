"""Start the real server as a process on loopback, on SQLite or PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PG_ADMIN_URL = os.environ.get("GSDJ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass
class ServerProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    database_url: str
    cleanups: list = field(default_factory=list)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for cleanup in self.cleanups:
            cleanup()


def start_server(
    workdir: Path,
    database_url: str,
    *,
    command: str = "demo",
    test_clock: bool = True,
    port: int = 0,
    extra: tuple[str, ...] = (),
) -> ServerProcess:
    workdir.mkdir(parents=True, exist_ok=True)
    ready = workdir / f"ready-{uuid.uuid4().hex}.json"
    log = workdir / "server.log"
    args = [
        sys.executable,
        "-m",
        "server",
        command,
        "--port",
        str(port),
        "--db",
        database_url,
        "--ready-file",
        str(ready),
    ]
    if test_clock:
        args.append("--test-clock")
    args += extra
    env = {k: v for k, v in os.environ.items() if k not in ("GSDJ_DATABASE_URL", "GSDJ_TEST_CLOCK")}
    with open(log, "ab") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if ready.exists():
            url = json.loads(ready.read_text())["url"]
            return ServerProcess(url, process, log, database_url)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')[-4000:]}")


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    import asyncio

    import asyncpg

    async def probe() -> None:
        conn = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
        await conn.close()

    try:
        asyncio.run(probe())
    except Exception as exc:  # any failure to connect means: no PostgreSQL here
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc!r}"
    return None


def create_pg_database() -> tuple[str, callable]:
    """A fresh database for one test session, and the function that drops it."""
    import asyncio

    import asyncpg

    name = f"gsdj_test_{uuid.uuid4().hex[:12]}"

    async def run(sql: str) -> None:
        conn = await asyncpg.connect(PG_ADMIN_URL)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    base = PG_ADMIN_URL.rsplit("/", 1)[0]

    def drop() -> None:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return f"{base}/{name}", drop
