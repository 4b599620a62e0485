"""Points-bearing actions per second over HTTP, against a bare insert endpoint, same run.

    python bench/points_rate.py [--backend sqlite|postgresql|both] [--requests 2000] [--concurrency 16] [--runs 3]

Ours: POST /api/v1/articles/{id}/share by 50 demo members in turn (a share row, then the grant:
lock the earner, sum the period, append to the ledger). Baseline: bench/bare_insert_app.py, a
FastAPI endpoint inserting one row into the same database. Both under uvicorn, one worker,
on loopback; runs alternate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
ADMIN = os.environ.get("GSDJ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def start(args: list[str], ready: Path) -> tuple[subprocess.Popen[bytes], str]:
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{args} did not start")
        time.sleep(0.05)
    return proc, json.loads(ready.read_text())["url"]


async def fire(url: str, requests: list[tuple[str, dict[str, str]]], concurrency: int) -> float:
    queue = list(reversed(requests))
    async with httpx.AsyncClient(
        base_url=url, timeout=60, limits=httpx.Limits(max_connections=concurrency)
    ) as http:

        async def worker() -> None:
            while queue:
                path, headers = queue.pop()
                (await http.post(path, headers=headers)).raise_for_status()

        start_time = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return len(requests) / (time.perf_counter() - start_time)


def scratch_database(
    backend: str, work: Path, prefix: str
) -> tuple[str, Callable[[], None] | None]:
    """A fresh database for one run: a SQLite file in `work`, or a new PostgreSQL database
    (with the function that drops it)."""
    if backend == "sqlite":
        return f"sqlite:///{work / (prefix + '.sqlite3')}", None
    import asyncpg

    name = f"gsdj_{prefix}_{uuid.uuid4().hex[:8]}"

    async def sql(statement: str) -> None:
        conn = await asyncpg.connect(ADMIN)
        await conn.execute(statement)
        await conn.close()

    asyncio.run(sql(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        asyncio.run(sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return ADMIN.rsplit("/", 1)[0] + "/" + name, drop


@contextmanager
def demo_server(backend: str, prefix: str, *extra: str) -> Iterator[tuple[str, str, Path]]:
    """A demo server on a scratch database: (its URL, the database URL, a work folder)."""
    work = Path(tempfile.mkdtemp())
    url, drop = scratch_database(backend, work, prefix)
    ready = work / "ready.json"
    server, base = start(
        [sys.executable, "-m", "server", "demo", "--port", "0", "--db", url, "--no-jobs", *extra, "--ready-file", str(ready)],
        ready,
    )  # fmt: skip
    try:
        yield base, url, work
    finally:
        server.terminate()
        server.wait()
        if drop is not None:
            drop()
        shutil.rmtree(work, ignore_errors=True)


def bench(backend: str, args: argparse.Namespace) -> tuple[float, float]:
    work = Path(tempfile.mkdtemp())
    url, drop = scratch_database(backend, work, "rate")
    ours, ours_url = start(
        [sys.executable, "-m", "server", "demo", "--port", "0", "--db", url, "--no-jobs", "--ready-file", str(work / "ours.json")],
        work / "ours.json",
    )  # fmt: skip
    bare, bare_url = start(
        [sys.executable, str(ROOT / "bench" / "bare_insert_app.py"), url, str(work / "bare.json")],
        work / "bare.json",
    )
    try:
        tokens = []
        with httpx.Client(base_url=ours_url) as http:
            for n in range(1, 51):
                r = http.post(
                    "/api/v1/auth/login", json={"username": f"dy{n:03d}", "password": "gsdj2026"}
                )
                tokens.append({"Authorization": f"Bearer {r.json()['token']}"})
        ours_rates, bare_rates = [], []
        for _ in range(args.runs):
            ours_requests = [
                (f"/api/v1/articles/{1 + i % 60}/share", tokens[i % 50])
                for i in range(args.requests)
            ]
            bare_requests = [(f"/bare/{i % 50}", {}) for i in range(args.requests)]
            ours_rates.append(asyncio.run(fire(ours_url, ours_requests, args.concurrency)))
            bare_rates.append(asyncio.run(fire(bare_url, bare_requests, args.concurrency)))
        return statistics.median(ours_rates), statistics.median(bare_rates)
    finally:
        for proc in (ours, bare):
            proc.terminate()
            proc.wait()
        if drop is not None:
            drop()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"{args.requests} requests per run, {args.concurrency} concurrent, median of {args.runs} runs"
    )
    print(f"{'backend':<12}{'points-bearing share /s':>25}{'bare insert /s':>16}{'ratio':>8}")
    for backend in backends:
        ours, bare = bench(backend, args)
        print(f"{backend:<12}{ours:>25.0f}{bare:>16.0f}{ours / bare:>8.2f}")
    print("target: ratio >= 0.5")


if __name__ == "__main__":
    main()
