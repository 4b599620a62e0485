"""mpv and the server's own video files: the player hands mpv a 播放链接 (one video, short-lived)
and never the bearer token, which a command line would show to every user of the machine
(`ps`). A stand-in mpv on PATH; a demo server of this file's own (it publishes a course)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import demo_server_on, login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.player import PlayerScreen


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from demo_server_on("sqlite", tmp_path_factory, prefix="mpv-link")


async def test_mpv_gets_a_play_link_never_the_token(
    own_server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    video_file = tmp_path / "v.mp4"
    video_file.write_bytes(b"\x00\x00\x00\x18ftypmp42 served to mpv")
    spec = tmp_path / "course.toml"
    spec.write_text(
        'title = "本机视频课"\n[[videos]]\ntitle = "第一讲"\nfile = "v.mp4"\nseconds = 120\n',
        "utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "server", "publish", "course", str(spec), "--as", "dw001",
         "--db", own_server.database_url],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with own_server.client() as http:
        h = login(http, "dy001")
        course = next(
            c for c in http.get("/api/v1/courses", headers=h).json() if c["title"] == "本机视频课"
        )
        assert http.post(f"/api/v1/courses/{course['id']}/enrol", headers=h).status_code == 200
        (video,) = http.get(f"/api/v1/courses/{course['id']}", headers=h).json()["items"]
    calls = tmp_path / "mpv-args"
    fake = tmp_path / "bin" / "mpv"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" > {calls}\nsleep 30\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    app = make_app(own_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await log_in(pilot, "dy001")
        token = app.session.client.token
        assert token
        await app.push_screen(PlayerScreen(video["id"], course["title"]))
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.video is not None
        assert player.video.url.startswith("/api/v1/media/videos/")
        await pilot.press("o")
        for _ in range(50):  # not settle(): the worker watching mpv runs until mpv exits
            if calls.exists() and calls.read_text():
                break
            await pilot.pause(0.1)
        assert player._mpv is not None
        # What `ps` shows: mpv's whole command line, read where ps reads it.
        cmdline = Path(f"/proc/{player._mpv.pid}/cmdline").read_bytes().decode()
        assert token not in cmdline and "Bearer" not in cmdline and "Authorization" not in cmdline
        args = calls.read_text().split()
        assert args[-2] == "--" and token not in " ".join(args)
        link = args[-1]
        assert link.startswith(f"{own_server.url}/api/v1/media/videos/{video['id']}?ticket=")
        # The link works for a client with no token at all, as mpv fetches it.
        served = httpx.get(link)
        assert served.status_code == 200 and served.content == video_file.read_bytes()
        await pilot.press("escape")
        await settle(pilot)
        assert player._mpv is None
    # It expires: the video's 2 minutes and 10 more.
    assert (
        httpx.post(
            f"{own_server.url}/api/v1/test/clock/advance", json={"seconds": 120 + 600 + 1}
        ).status_code
        == 200
    )
    assert httpx.get(link).status_code == 401
