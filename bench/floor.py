"""The server's floor against bare FastAPI endpoints on the same `Database` class, same run, wrk.

    python bench/floor.py [--backend sqlite|postgresql|both] [--runs 2] [--duration 20]
                          [--warmup 2] [--only share,like,...]

Per backend, on a scratch database (a SQLite file, or a new PostgreSQL database on
GSDJ_TEST_POSTGRES): our server (`python -m server demo`, no test clock, no jobs) and
bench/bare_insert_app.py (a one-row INSERT and a one-row SELECT, no rules, no authentication),
each under uvicorn with one worker on loopback. The load generator is wrk (/usr/bin/wrk) in its
own process; a generated Lua script rotates the bearer tokens of 50 demo members (the meeting
list: the 6 branch admins), and article ids, so caps and once-only rules do not turn every
request into the same refusal (a capped share still runs the whole grant: lock, sum, refuse).

Per path, runs alternate ours / bare (the baseline each path is compared with: the bare insert
for points-bearing actions at c=16, the bare read for reads at c=32); the table shows medians of
the runs, the ratio of the medians, and every non-2xx answer or socket error wrk counted (they
must be 0). The machine may be shared: read the ratios, not the absolute rates.
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
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
ADMIN = os.environ.get("GSDJ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
WRK = os.environ.get("GSDJ_WRK", "/usr/bin/wrk")
PASSWORD = "gsdj2026"  # server.demo.DEMO_PASSWORD
MEMBERS = [f"dy{n:03d}" for n in range(1, 51)]
BRANCH_ADMINS = [f"zb{n:03d}" for n in range(1, 7)]
ARTICLES = 60  # server.demo.articles.ARTICLE_COUNT
BARE_ROWS = 1000  # bench/bare_insert_app.py SEEDED_ROWS

# ---------------------------------------------------------------- processes and databases


def start(args: list[str], ready: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start a server process that writes {"url": …} to `ready` once it listens."""
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"{args} did not start")
        time.sleep(0.05)
    return proc, json.loads(ready.read_text())["url"]


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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


def demo_command(url: str, ready: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "server", "demo", "--port", "0", "--db", url, "--no-jobs",
            *extra, "--ready-file", str(ready)]  # fmt: skip


@contextmanager
def demo_server(backend: str, prefix: str, *extra: str) -> Iterator[tuple[str, str, Path]]:
    """A demo server on a scratch database: (its URL, the database URL, a work folder)."""
    work = Path(tempfile.mkdtemp())
    url, drop = scratch_database(backend, work, prefix)
    server, base = start(demo_command(url, work / "ready.json", *extra), work / "ready.json")
    try:
        yield base, url, work
    finally:
        stop(server)
        if drop is not None:
            drop()
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def server_pair(backend: str) -> Iterator[tuple[str, str, Path]]:
    """Our demo server and the bare app on one scratch database: (ours, bare, work folder)."""
    with demo_server(backend, "floor") as (ours, url, work):
        bare, bare_url = start(
            [sys.executable, str(ROOT / "bench" / "bare_insert_app.py"), url, str(work / "bare.json")],
            work / "bare.json",
        )  # fmt: skip
        try:
            yield ours, bare_url, work
        finally:
            stop(bare)


def login(base: str, usernames: list[str]) -> list[str]:
    tokens = []
    with httpx.Client(base_url=base, timeout=60) as http:
        for username in usernames:
            r = http.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
            r.raise_for_status()
            tokens.append(r.json()["token"])
    return tokens


# ---------------------------------------------------------------- wrk


@dataclass(frozen=True)
class Load:
    """What wrk sends: one method, requests rotated from `requests` (path, bearer token or '')."""

    method: str
    requests: list[tuple[str, str]]
    concurrency: int


@dataclass(frozen=True)
class Result:
    rate: float  # requests per second
    p50_ms: float
    p99_ms: float
    bad: int  # non-2xx answers plus socket errors and timeouts


_LUA = """
local requests = %(requests)s
local method = "%(method)s"
local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end
local i = 0
function init(args)
  i = offset or 0
end
function request()
  i = i + 1
  local r = requests[(i %% #requests) + 1]
  local headers = {}
  if r[2] ~= "" then headers["Authorization"] = "Bearer " .. r[2] end
  return wrk.format(method, r[1], headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "FLOOR {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"non2xx\\": %%d, \\"errors\\": %%d, \\"p50_us\\": %%d, \\"p99_us\\": %%d}\\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def wrk(base: str, load: Load, seconds: float, work: Path) -> Result:
    script = work / f"load_{uuid.uuid4().hex[:6]}.lua"
    entries = ",".join(f"{{{json.dumps(p)},{json.dumps(t)}}}" for p, t in load.requests)
    script.write_text(_LUA % {"requests": "{" + entries + "}", "method": load.method})
    threads = min(2, load.concurrency)
    out = subprocess.run(
        [WRK, f"-t{threads}", f"-c{load.concurrency}", f"-d{max(1, round(seconds))}s",
         "--timeout", "10s", "-s", str(script), base],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("FLOOR "))
    d = json.loads(line[len("FLOOR ") :])
    return Result(
        rate=d["requests"] / (d["duration_us"] / 1e6),
        p50_ms=d["p50_us"] / 1000,
        p99_ms=d["p99_us"] / 1000,
        bad=d["non2xx"] + d["errors"],
    )


# ---------------------------------------------------------------- the paths


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "action" (vs the bare insert) or "read" (vs the bare read)
    load: Load


def cases(members: list[str], admins: list[str]) -> list[Case]:
    # Every (member, article) pair in an order that changes member and article each request.
    n = len(members)
    pairs = [(i % n, 1 + (i // n + i % n) % ARTICLES) for i in range(n * ARTICLES)]
    act = [(f"/api/v1/articles/{a}/{{verb}}", members[m]) for m, a in pairs]
    return [
        Case("share", "action", Load("POST", [(p.format(verb="share"), t) for p, t in act], 16)),
        Case("like", "action", Load("POST", [(p.format(verb="like"), t) for p, t in act], 16)),
        Case(
            "GET /me/points", "read", Load("GET", [("/api/v1/me/points", t) for t in members], 32)
        ),
        Case(
            "GET /boards/member_study",
            "read",
            Load("GET", [("/api/v1/boards/member_study", t) for t in members], 32),
        ),
        Case(
            "GET /articles",
            "read",
            Load("GET", [(f"/api/v1/articles?page={1 + i % 3}", "") for i in range(3)], 32),
        ),
        Case("GET /meetings", "read", Load("GET", [("/api/v1/meetings", t) for t in admins], 32)),
    ]


def baseline(kind: str, concurrency: int) -> Load:
    if kind == "action":
        return Load("POST", [(f"/bare/{i % 50}", "") for i in range(50)], concurrency)
    return Load("GET", [(f"/bare/{1 + i}", "") for i in range(BARE_ROWS)], concurrency)


@dataclass(frozen=True)
class Row:
    backend: str
    case: Case
    ours: Result
    bare: Result


def median_result(results: list[Result]) -> Result:
    return Result(
        rate=statistics.median(r.rate for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        bad=sum(r.bad for r in results),
    )


def bench(backend: str, args: argparse.Namespace) -> list[Row]:
    rows = []
    with server_pair(backend) as (ours, bare, work):
        members = login(ours, MEMBERS)
        admins = login(ours, BRANCH_ADMINS)
        for case in cases(members, admins):
            if args.only and case.name.rsplit("/", 1)[-1] not in args.only:
                continue
            base_load = baseline(case.kind, case.load.concurrency)
            if args.warmup > 0:
                wrk(ours, case.load, args.warmup, work)
                wrk(bare, base_load, args.warmup, work)
            mine, theirs = [], []
            for _ in range(args.runs):
                mine.append(wrk(ours, case.load, args.duration, work))
                theirs.append(wrk(bare, base_load, args.duration, work))
            row = Row(backend, case, median_result(mine), median_result(theirs))
            print_row(row)
            rows.append(row)
    return rows


HEADER = (
    f"{'backend':<11}{'path':<26}{'c':>3}{'ours /s':>9}{'p50':>7}{'p99':>7}{'bad':>5}"
    f"{'bare /s':>9}{'p50':>7}{'p99':>7}{'ratio':>7}{'p99×':>6}  target"
)


def verdict(row: Row) -> str:
    ratio = row.ours.rate / row.bare.rate
    p99 = row.ours.p99_ms / row.bare.p99_ms
    if row.ours.bad or row.bare.bad:
        return "ERRORS"
    if row.case.kind == "action":
        ok = ratio >= 0.5 and p99 <= 2.0
        return ("ok" if ok else "MISS") + " (≥0.5×, aim 0.75×; p99 ≤ 2×)"
    return ("ok" if ratio >= 0.5 else "MISS") + " (≥0.5×)"


def print_row(row: Row) -> None:
    o, b = row.ours, row.bare
    print(
        f"{row.backend:<11}{row.case.name:<26}{row.case.load.concurrency:>3}"
        f"{o.rate:>9.0f}{o.p50_ms:>7.1f}{o.p99_ms:>7.1f}{o.bad:>5}"
        f"{b.rate:>9.0f}{b.p50_ms:>7.1f}{b.p99_ms:>7.1f}"
        f"{o.rate / b.rate:>7.2f}{o.p99_ms / b.p99_ms:>6.1f}  {verdict(row)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--duration", type=float, default=20, help="seconds per wrk run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of each side first")
    parser.add_argument(
        "--only", type=lambda s: set(s.split(",")), default=set(),
        help="a subset of: share,like,points,member_study,articles,meetings",
    )  # fmt: skip
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit(f"wrk not found at {WRK} (apt-get install wrk, or set GSDJ_WRK)")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"wrk, {args.runs} × {args.duration:g} s per side, runs alternating ours / bare; medians; "
        "ms latencies; bad = non-2xx + socket errors; ratio = ours / bare (req/s), "
        "p99× = ours p99 / bare p99"
    )
    print("actions vs the bare one-row insert, reads vs the bare one-row read")
    print(HEADER)
    for backend in backends:
        bench(backend, args)


if __name__ == "__main__":
    main()
