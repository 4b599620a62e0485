"""The terminal's responsiveness: switching between the main screens, and CPU while idle.

    python bench/screens.py [--rounds 15] [--idle-seconds 30]

1. Screen switching (Pilot, warm, against a local demo server): from the home screen, the key of
   a shortcut (or the `open` action the key runs, for a screen not on dy001's home) → the screen
   painted with its data ("painted": the first refresh after `fetch_fresh` showed an answer,
   the cached one on a warm switch; for a screen still on `fetch`, the refresh after its last
   answer) and → every request answered and painted ("answered", what the bench measured
   before issue 14); then Esc, measured the same way as "home". Medians per screen over the
   rounds (one warm-up round first), against the baseline of a bare Textual app pushing a
   screen that fills a 30-row DataTable synchronously, measured the same way in the same run.
2. Idle CPU: the real `gsdj` process (and `gsdj --kiosk`, whose idle watch ticks once a second)
   in a tmux pane of the bench's own tmux server, logged in (the keys are typed once the login
   form shows, the measure starts once home shows) and left alone on the home screen, CPU time
   from /proc over `--idle-seconds`, against a bare Textual app idle the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.floor import demo_server  # noqa: E402

# Every main screen; those on dy001's home are opened by their key, the others by the action
# the key runs (`open`), as the command palette does.
SCREENS = [
    "news", "study", "exams", "points", "boards", "my_meetings", "vanguard",
    "compliance", "orgs", "features", "profile", "meetings",
]  # fmt: skip


class Painted:
    """When a screen was first painted with data. On `fetch_fresh`, the first refresh after it
    showed an answer (the cached one on a warm switch). A screen still on `fetch` shows each
    answer as `fetch` returns it: the refresh after its last `fetch` (the client before issue 14
    has only these). A screen that asks the client directly counts when its workers are done."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.first: float | None = None
        self.last: float | None = None
        fetch, show = app.fetch, getattr(app, "_show", None)

        async def fetched(*args):  # type: ignore[no-untyped-def]
            answer = await fetch(*args)
            app.call_after_refresh(self.mark_last)
            return answer

        app.fetch = fetched
        if show is None:
            return

        async def shown(*args):  # type: ignore[no-untyped-def]
            await show(*args)
            if self.first is None:
                app.call_after_refresh(self.mark_first)

        app._show = shown

    def reset(self) -> None:
        self.first = self.last = None

    @property
    def at(self) -> float | None:
        return self.first or self.last

    def mark_first(self) -> None:
        if self.first is None:
            self.first = time.perf_counter()

    def mark_last(self) -> None:
        self.last = time.perf_counter()


async def switching(url: str, rounds: int) -> dict[str, tuple[float, float]]:
    """Per screen: (key → painted with data, key → every request answered and painted)."""
    from textual.pilot import Pilot

    from api_client import TokenStore
    from tui.app import GsdjApp

    async def settle(pilot: Pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = GsdjApp(url, tokens=TokenStore(persistent=False))
    painted = Painted(app)
    names = [*SCREENS, "home"]
    times: dict[str, list[tuple[float, float]]] = {s: [] for s in names}

    async def timed(code: str, n: int, key: str | None, action: str | None = None) -> None:
        painted.reset()
        start = time.perf_counter()
        if key is not None:
            await pilot.press(key)
        else:
            await app.run_action(action or "")
        await settle(pilot)
        done = time.perf_counter()
        if n:  # the first round warms up
            times[code].append(((painted.at or done) - start, done - start))

    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.screen.query_one("#username").value = "dy001"
        app.screen.query_one("#password").value = "gsdj2026"
        app.screen.query_one("#password").focus()
        await pilot.press("enter")
        await settle(pilot)
        codes = [b.shortcut_code for b in app.screen.query("#shortcuts Button")]
        for n in range(rounds + 1):
            for code in SCREENS:
                if code in codes[:9]:
                    await timed(code, n, str(codes.index(code) + 1))
                else:
                    await timed(code, n, None, f"open('{code}')")
                await timed("home", n, "escape")
    return {
        code: (statistics.median(p for p, _ in t) * 1000, statistics.median(d for _, d in t) * 1000)
        for code, t in times.items()
    }


async def baseline(rounds: int) -> tuple[float, float]:
    """A bare Textual push of a screen filling a 30-row DataTable, measured as `switching`."""
    from textual.app import App
    from textual.pilot import Pilot
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header

    marks: list[float] = []

    class Page(Screen[None]):
        BINDINGS = [("escape", "app.pop_screen", "back")]

        def compose(self):  # type: ignore[no-untyped-def]
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("标题", "栏目", "日期")
            for i in range(30):
                table.add_row(f"文章标题 {i}", "党建资讯", "2026-11-28")
            self.call_after_refresh(lambda: marks.append(time.perf_counter()))

    class Bare(App[None]):
        BINDINGS = [("1", "open", "open")]

        def action_open(self) -> None:
            self.push_screen(Page())

    async def settle(pilot: Pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    samples = []
    async with Bare().run_test(size=(120, 36)) as pilot:
        for n in range(rounds * len(SCREENS) + 1):
            marks.clear()
            start = time.perf_counter()
            await pilot.press("1")
            await settle(pilot)
            done = time.perf_counter()
            if n:
                samples.append(((marks[0] if marks else done) - start, done - start))
            await pilot.press("escape")
            await settle(pilot)
    return (
        statistics.median(p for p, _ in samples) * 1000,
        statistics.median(d for _, d in samples) * 1000,
    )


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Tmux:
    """A tmux server of this bench alone (its own socket): sessions of other users of the
    default server, or that server exiting as the last session closes, cannot get in the way
    of the next run."""

    def __init__(self) -> None:
        self.socket = f"gsdj-bench-{os.getpid()}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)

    def start(self, session: str, command: str) -> int:
        for _ in range(3):  # a server still exiting refuses the first try
            result = self.run(
                "new", "-d", "-s", session, "-x", "120", "-y", "36", f"exec {command}"
            )
            if result.returncode == 0:
                return int(self.run("display", "-p", "-t", session, "#{pane_pid}").stdout)
            time.sleep(1)
        raise RuntimeError(f"tmux did not start a session: {result.stderr.strip()}")

    def screen(self, session: str) -> str:
        return self.run("capture-pane", "-p", "-t", session).stdout

    def wait_for(self, session: str, text: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while text not in self.screen(session):
            if time.monotonic() > deadline:
                raise RuntimeError(f"never showed {text!r}:\n{self.screen(session)}")
            time.sleep(0.5)

    def close(self) -> None:
        self.run("kill-server")


def idle_cpu(
    tmux: Tmux, command: str, seconds: float, keys: list[str], ready: str, home: str
) -> float:
    """Percent of one core used by `command` in a tmux pane over `seconds`: once the pane shows
    `ready`, `keys` are typed, and the measure starts once it shows `home`."""
    session = f"idle-{time.monotonic_ns()}"
    pid = tmux.start(session, command)
    try:
        tmux.wait_for(session, ready)
        for key in keys:
            tmux.run("send-keys", "-t", session, *key.split("\0"))
            time.sleep(0.5)
        tmux.wait_for(session, home)
        time.sleep(5)  # the login's requests and first paint settle
        before, start = cpu_seconds(pid), time.monotonic()
        time.sleep(seconds)
        used, wall = cpu_seconds(pid) - before, time.monotonic() - start
        return used / wall * 100
    finally:
        tmux.run("kill-session", "-t", session)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--idle-seconds", type=float, default=30)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp())
    os.environ.update(
        XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
        GSDJ_DATA_DIR=str(home / "gsdj"), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )  # fmt: skip
    try:
        with demo_server("sqlite", "screens") as (url, _db, _work):
            ours = asyncio.run(switching(url, args.rounds))
            bare_paint, bare_done = asyncio.run(baseline(args.rounds))
            print(
                f"{'screen':<14}{'painted ms':>11}{'vs bare':>9}{'answered ms':>13}{'vs bare':>9}"
            )
            for code, (paint, done) in ours.items():
                print(f"{code:<14}{paint:>11.1f}{paint / bare_paint:>8.1f}×"
                      f"{done:>13.1f}{done / bare_done:>8.1f}×")  # fmt: skip
            print(f"{'bare Textual':<14}{bare_paint:>11.1f}{1:>8.1f}×{bare_done:>13.1f}{1:>8.1f}×")
            all_paint = statistics.median(p for p, _ in ours.values())
            all_done = statistics.median(d for _, d in ours.values())
            print(f"{'all screens':<14}{all_paint:>11.1f}{all_paint / bare_paint:>8.1f}×"
                  f"{all_done:>13.1f}{all_done / bare_done:>8.1f}×")  # fmt: skip
            if shutil.which("tmux") is None:
                print("tmux missing: idle CPU not measured")
                return
            client = f"{sys.executable} -m tui --server {url}"
            login = ["-l\0dy001", "Tab", "-l\0gsdj2026", "Enter"]
            tmux = Tmux()
            try:
                ours_cpu = idle_cpu(tmux, client, args.idle_seconds, login, "登录", "编辑功能区")
                kiosk_cpu = idle_cpu(
                    tmux, f"env GSDJ_KIOSK_PIN=2468 {client} --kiosk", args.idle_seconds, login,
                    "登录", "编辑功能区",
                )  # fmt: skip
                bare_cmd = f"{sys.executable} -c 'from textual.app import App; App().run()'"
                bare_cpu = idle_cpu(tmux, bare_cmd, args.idle_seconds, [], "", "")
            finally:
                tmux.close()
            print(f"\n{'idle CPU':<14}{'% of a core':>12}")
            print(f"{'gsdj (home)':<14}{ours_cpu:>12.2f}")
            print(f"{'gsdj --kiosk':<14}{kiosk_cpu:>12.2f}")
            print(f"{'bare Textual':<14}{bare_cpu:>12.2f}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
