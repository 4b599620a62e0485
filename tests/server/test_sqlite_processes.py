"""Two server processes on one SQLite file (a second `serve`, or workers): SQLite itself
serialises their write transactions (BEGIN IMMEDIATE on the writer), so caps, once-only and
the video merge hold across processes exactly as inside one, and contention waits, never a 500.

Each check fires bursts of requests split between the two processes at once."""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import login
from tests.server.test_points import earned
from tests.server.test_video import COURSE_RULES, video_id
from tests.servers import ServerProcess, start_server

NOW = "2027-09-06T10:00:00+08:00"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """Two `serve` processes on one SQLite file seeded by `demo`, their test clocks set alike."""
    work = tmp_path_factory.mktemp("two-processes")
    url = f"sqlite:///{work / 'gsdj.sqlite3'}"
    start_server(work / "seed", url).stop()
    servers: list[ServerProcess] = []
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:  # both start at once
            servers = list(
                pool.map(lambda name: start_server(work / name, url, command="serve"), "ab")
            )
        clients = [s.client() for s in servers]
        for c in clients:
            assert c.put("/api/v1/test/clock", json={"now": NOW}).status_code == 200
        yield clients[0], clients[1]
        for c in clients:
            c.close()
    finally:
        for s in servers:
            s.stop()


def advance(clients: tuple[httpx.Client, ...], seconds: float) -> None:
    for c in clients:
        assert c.post("/api/v1/test/clock/advance", json={"seconds": seconds}).status_code == 200


def burst(
    clients: tuple[httpx.Client, httpx.Client],
    headers: dict[str, str],
    posts: list[tuple[str, dict | None]],
) -> list[httpx.Response]:
    """POST these (path, JSON body) at once, alternating between the two processes; no 500."""
    start = threading.Barrier(len(posts))

    def run(i: int) -> httpx.Response:
        path, body = posts[i]
        start.wait()
        return clients[i % 2].post(path, headers=headers, json=body)

    with concurrent.futures.ThreadPoolExecutor(len(posts)) as pool:
        responses = list(pool.map(run, range(len(posts))))
    assert all(r.status_code < 500 for r in responses), [r.text for r in responses]
    return responses


def test_daily_caps_hold_across_processes(pair: tuple[httpx.Client, httpx.Client]) -> None:
    a, _ = pair
    links = [link["code"] for link in a.get("/api/v1/third-party").json()]
    for n in range(30, 33):
        h = login(a, f"dy{n:03d}")
        visits = [(f"/api/v1/third-party/{links[i % len(links)]}/visit", None) for i in range(10)]
        assert all(r.status_code == 200 for r in burst(pair, h, visits))
        likes = [(f"/api/v1/articles/{1 + i}/like", None) for i in range(8)]
        assert all(r.status_code == 200 for r in burst(pair, h, likes))
        assert earned(a, h, "third_party") == 5  # the cap, never more
        assert earned(a, h, "like") == 1


def test_one_exam_attempt_is_accepted_once(pair: tuple[httpx.Client, httpx.Client]) -> None:
    a, _ = pair
    for n in range(40, 43):
        h = login(a, f"dy{n:03d}")
        attempt = a.post("/api/v1/exams/1/attempts", headers=h).json()["attempt_id"]
        submits = [(f"/api/v1/exams/attempts/{attempt}/submit", {"answers": {}})] * 6
        answers = burst(pair, h, submits)
        assert sorted(r.status_code for r in answers) == [200, 409, 409, 409, 409, 409]
        assert earned(a, h, "exam") == 2


def test_concurrent_video_saves_give_no_500(pair: tuple[httpx.Client, httpx.Client]) -> None:
    a, _ = pair
    video = video_id(a, COURSE_RULES, 600)
    for n in range(45, 48):
        h = login(a, f"dy{n:03d}")
        assert a.post(f"/api/v1/courses/{COURSE_RULES}/enrol", headers=h).status_code == 200
        session = a.post(f"/api/v1/videos/{video}/watch", headers=h).json()["session_id"]
        advance(pair, 600)
        segments = [{"segments": [{"from_s": 60 * i, "to_s": 60 * i + 60}]} for i in range(8)]
        saves = burst(pair, h, [(f"/api/v1/watch/{session}/progress", s) for s in segments])
        assert all(r.status_code == 200 for r in saves), [r.text for r in saves]
        watched = a.post(f"/api/v1/videos/{video}/watch", headers=h).json()
        assert watched["covered"] == [[0, 480]]  # every save merged, none lost
        assert earned(a, h, "video") == 480 // 180
