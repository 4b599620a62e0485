"""保存进度 over HTTP for members with long watch histories: does the interval merge grow?

    python bench/save_rate.py [--backend sqlite|postgresql|both] [--saves 200] [--rounds 5]

Three members watch the same 10-minute study-centre video. Before the run, each gets a history
of 10, 100 or 1,000 disjoint watched intervals of that video (written straight into the
database: building them through the API would take hours of watch time). Every save then sends
one short segment that extends a random interval, so it touches stored intervals and writes
(delete + insert of the merged interval, covered time, the day's credit, sometimes a ledger row).
Saves are sequential over one keep-alive connection; rounds alternate between the three sizes.
The baseline is the 10-interval member in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time

import httpx
from floor import demo_server  # bench/ is on sys.path when run as a script
from sqlalchemy import delete, insert, select

from server.db.engine import Database
from server.db.models import Account, WatchedInterval

SIZES = (10, 100, 1000)
SPACING_MS = 600  # interval k is [k*600, k*600+300) ms: 1,000 of them fill the 600 s video
COURSE, VIDEO_SECONDS = 2, 600


async def seed(url: str, username: str, video_id: int, n: int) -> None:
    db = Database(url)
    async with db.write() as session:
        account_id = await session.scalar(select(Account.id).where(Account.username == username))
        await session.execute(
            delete(WatchedInterval).where(WatchedInterval.account_id == account_id)
        )
        await session.execute(
            insert(WatchedInterval),
            [
                {"account_id": account_id, "video_id": video_id, "start_ms": k * SPACING_MS, "end_ms": k * SPACING_MS + 300}
                for k in range(n)
            ],
        )  # fmt: skip
    await db.dispose()


def bench(backend: str, args: argparse.Namespace) -> dict[int, tuple[float, float]]:
    with demo_server(backend, "saves", "--test-clock") as (base, url, _):
        return measure(base, url, args)


def measure(base: str, url: str, args: argparse.Namespace) -> dict[int, tuple[float, float]]:
    rng = random.Random(4)
    with httpx.Client(base_url=base, timeout=60) as http:
        video = next(
            v["id"] for v in http.get(f"/api/v1/courses/{COURSE}").json()["items"]
            if v["seconds"] == VIDEO_SECONDS
        )  # fmt: skip
        members: dict[int, tuple[dict[str, str], int]] = {}
        for i, n in enumerate(SIZES):
            username = f"dy{10 + i:03d}"
            token = http.post(
                "/api/v1/auth/login", json={"username": username, "password": "gsdj2026"}
            ).json()["token"]
            h = {"Authorization": f"Bearer {token}"}
            http.post(f"/api/v1/courses/{COURSE}/enrol", headers=h).raise_for_status()
            asyncio.run(seed(url, username, video, n))
            members[n] = (h, 0)
        # One session each, opened in turn; a long wall-clock time so nothing is "inflated".
        sessions = {}
        for n in SIZES:
            h, _ = members[n]
            r = http.post(f"/api/v1/videos/{video}/watch", headers=h)
            sessions[n] = r.json()["session_id"]
        http.post("/api/v1/test/clock/advance", json={"seconds": 5 * 86400}).raise_for_status()
        # Only one session per member is active, and these are three members: all stay open.
        extended: dict[tuple[int, int], int] = {}
        rates: dict[int, list[float]] = {n: [] for n in SIZES}
        latencies: dict[int, list[float]] = {n: [] for n in SIZES}
        for _ in range(args.rounds):
            for n in SIZES:
                h, _ = members[n]
                began = time.perf_counter()
                for _ in range(args.saves):
                    k = rng.randrange(n)
                    j = extended.get((n, k), 0)
                    if j >= 290:  # keep the gap to the next interval open
                        k, j = rng.randrange(n), 0
                    extended[(n, k)] = j + 1
                    start_ms = k * SPACING_MS + 300 + j
                    body = {
                        "segments": [{"from_s": start_ms / 1000, "to_s": (start_ms + 1) / 1000}]
                    }
                    t0 = time.perf_counter()
                    r = http.post(f"/api/v1/watch/{sessions[n]}/progress", headers=h, json=body)
                    latencies[n].append(time.perf_counter() - t0)
                    r.raise_for_status()
                rates[n].append(args.saves / (time.perf_counter() - began))
        count = len(
            http.post(f"/api/v1/videos/{video}/watch", headers=members[1000][0]).json()["covered"]
        )
    return {
        n: (statistics.median(rates[n]), statistics.median(latencies[n]) * 1000) for n in SIZES
    } | {-1: (count, 0)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(f"{args.saves} sequential saves per member per round, median of {args.rounds} rounds")
    print(f"{'backend':<12}{'intervals':>10}{'saves /s':>10}{'median ms':>11}{'vs 10':>8}")
    for backend in backends:
        result = bench(backend, args)
        base = result[10][0]
        for n in SIZES:
            rate, ms = result[n]
            print(f"{backend:<12}{n:>10}{rate:>10.0f}{ms:>11.1f}{rate / base:>8.2f}")
        print(f"{'':<12}(the 1,000-interval history still holds {result[-1][0]:.0f} intervals)")
    print("target: no growth with the history (ratio ~1.0 at 1,000 intervals)")


if __name__ == "__main__":
    main()
