"""Pushing 10,000 queued mutations end to end, against one request per mutation, same run.

    python bench/sync_push.py [--backend sqlite|postgresql|both] [--mutations 10000]

Each side is a member of a fresh demo server. The batched side queues the mutations in a real
outbox file (offline_cache.Outbox, synchronous=FULL) and then syncs it with push_outbox (batches
of 500, each answer settled into the outbox). The other side sends the same kind of mutations
one HTTP request each (a push of one), as a client without batching would. Mutations: 90 %
video segments of 0.5 s over 13 study-centre videos watched in the last 3 hours, 10 % third-party
visits. Both sides earn the same points.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from floor import demo_server  # bench/ is on sys.path when run as a script

from api_client import GsdjClient
from offline_cache.store import Outbox
from offline_cache.sync import push_outbox


def plan(n: int, videos: list[tuple[int, int]], now: datetime) -> list[tuple[str, datetime, dict]]:
    began = now - timedelta(hours=3)
    out: list[tuple[str, datetime, dict]] = []
    sessions = {vid: str(uuid.uuid4()) for vid, _ in videos}
    slots = [(vid, k / 2) for vid, seconds in videos for k in range(seconds * 2)]
    video_count = n * 9 // 10
    for i in range(n):
        at = began + timedelta(seconds=i * 0.5 + 0.5)
        if i < video_count:
            vid, pos = slots[i % len(slots)]
            args = {
                "video_id": vid, "client_session": sessions[vid], "started_at": began.isoformat(),
                "elapsed_s": i * 0.5 + 0.5, "segments": [{"from_s": pos, "to_s": pos + 0.5}],
            }  # fmt: skip
            out.append(("video_progress", at, args))
        else:
            out.append(("third_party", at, {"code": "xuexi"}))
    return out


async def login(http: httpx.AsyncClient, username: str) -> str:
    r = await http.post("/api/v1/auth/login", json={"username": username, "password": "gsdj2026"})
    token = r.json()["token"]
    for course in (1, 2, 3, 4):
        await http.post(
            f"/api/v1/courses/{course}/enrol", headers={"Authorization": f"Bearer {token}"}
        )
    return token


async def run(url: str, n: int, work: Path) -> tuple[float, float, dict[str, int]]:
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        videos = []
        for course in (1, 2, 3, 4):
            detail = (await http.get(f"/api/v1/courses/{course}")).json()
            videos += [(v["id"], v["seconds"]) for v in detail["items"]]
        # Signed in before the actions were made (SPEC §7: an offline action cannot be dated
        # before its installation signed in): the test clock is set back for the logins.
        signed_in = datetime.now(UTC) - timedelta(hours=4)
        await http.put("/api/v1/test/clock", json={"now": signed_in.isoformat()})
        batched_token = await login(http, "dy020")
        single_token = await login(http, "dy021")
        await http.put("/api/v1/test/clock", json={"now": datetime.now(UTC).isoformat()})
        now = datetime.now(UTC).astimezone()
        mutations = plan(n, videos, now)

        outbox = Outbox(work / "outbox.sqlite3")
        for kind, at, args in mutations:
            outbox.add(kind, args, at=at)
        async with GsdjClient(url, batched_token) as client:
            began = time.perf_counter()
            report = await push_outbox(client, outbox)
            batched = n / (time.perf_counter() - began)
        assert outbox.count_pending() == 0 and not report.rejected, report.stopped

        h = {"Authorization": f"Bearer {single_token}"}
        client_id = str(uuid.uuid4())
        began = time.perf_counter()
        for seq, (kind, at, args) in enumerate(mutations, 1):
            body = {
                "client_id": client_id,
                "client_time": datetime.now(UTC).isoformat(),
                "mutations": [{"id": str(uuid.uuid4()), "seq": seq, "kind": kind, "at": at.isoformat(), "args": args}],
            }  # fmt: skip
            r = await http.post("/api/v1/sync/push", headers=h, json=body)
            assert r.json()["results"][0]["status"] == "applied", r.text
        single = n / (time.perf_counter() - began)

        points = {}
        for name, token in (("batched", batched_token), ("single", single_token)):
            summary = (
                await http.get("/api/v1/me/points", headers={"Authorization": f"Bearer {token}"})
            ).json()
            points[name] = sum(
                r["earned"] for r in summary["rules"] if r["code"] in ("video", "third_party")
            )
        return batched, single, points


def bench(backend: str, n: int) -> tuple[float, float, dict[str, int]]:
    with demo_server(backend, "push", "--test-clock") as (base, _, work):
        return asyncio.run(run(base, n, work))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--mutations", type=int, default=10_000)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(f"{args.mutations} mutations (90 % video segments), one member each side")
    print(
        f"{'backend':<12}{'batched /s':>12}{'one per request /s':>20}{'ratio':>8}{'points (b/s)':>14}"
    )
    for backend in backends:
        batched, single, points = bench(backend, args.mutations)
        print(
            f"{backend:<12}{batched:>12.0f}{single:>20.0f}{batched / single:>8.2f}"
            f"{points['batched']:>8}/{points['single']}"
        )
    print("target: ratio >= 5")


if __name__ == "__main__":
    main()
