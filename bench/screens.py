"""The terminal's responsiveness: switching between the main screens, and CPU while idle.

    python bench/screens.py [--rounds 15] [--idle-seconds 30]

1. Screen switching (Pilot, warm, against a local demo server): from the home screen, the key of
   a shortcut → the screen mounted with its data loaded and painted; then Esc. Medians per screen
   over the rounds (one warm-up round first), against the baseline of a bare Textual app pushing
   a screen that fills a 30-row DataTable synchronously, measured the same way in the same run.
2. Idle CPU: the real `gsdj` process (and `gsdj --kiosk`, whose idle watch ticks once a second)
   in a tmux pane, logged in and left alone on the home screen, CPU time from /proc over
   `--idle-seconds`, against a bare Textual app idle the same way.
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

from bench.points_rate import demo_server  # noqa: E402

SCREENS = ["news", "study", "exams", "points", "boards", "my_meetings", "vanguard"]


async def switching(url: str, rounds: int) -> dict[str, float]:
    from textual.pilot import Pilot

    from api_client import TokenStore
    from tui.app import GsdjApp

    async def settle(pilot: Pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = GsdjApp(url, tokens=TokenStore(persistent=False))
    times: dict[str, list[float]] = {s: [] for s in SCREENS}
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
                start = time.perf_counter()
                await pilot.press(str(codes.index(code) + 1))
                await settle(pilot)
                elapsed = time.perf_counter() - start
                if n:  # the first round warms up
                    times[code].append(elapsed)
                await pilot.press("escape")
                await settle(pilot)
    return {code: statistics.median(t) * 1000 for code, t in times.items()}


async def baseline(rounds: int) -> float:
    from textual.app import App
    from textual.pilot import Pilot
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header

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

    class Bare(App[None]):
        BINDINGS = [("1", "open", "open")]

        def action_open(self) -> None:
            self.push_screen(Page())

    async def settle(pilot: Pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    samples = []
    async with Bare().run_test(size=(120, 36)) as pilot:
        for n in range(rounds * len(SCREENS) + 1):
            start = time.perf_counter()
            await pilot.press("1")
            await settle(pilot)
            if n:
                samples.append(time.perf_counter() - start)
            await pilot.press("escape")
            await settle(pilot)
    return statistics.median(samples) * 1000


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(command: str, seconds: float, keys: list[str]) -> float:
    """Percent of one core used by `command` in a tmux pane over `seconds` after `keys`."""
    session = f"gsdj-idle-{os.getpid()}"
    subprocess.run(["tmux", "new", "-d", "-s", session, "-x", "120", "-y", "36", f"exec {command}"],
                   check=True)  # fmt: skip
    try:
        pid = int(subprocess.run(["tmux", "display", "-p", "-t", session, "#{pane_pid}"],
                                 capture_output=True, text=True, check=True).stdout)  # fmt: skip
        time.sleep(6)
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", session, *key.split("\0")], check=True)
            time.sleep(1.5)
        time.sleep(5)  # the login's requests and first paint settle
        before, start = cpu_seconds(pid), time.monotonic()
        time.sleep(seconds)
        used, wall = cpu_seconds(pid) - before, time.monotonic() - start
        return used / wall * 100
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


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
            bare = asyncio.run(baseline(args.rounds))
            print(f"{'screen':<14}{'median ms':>10}{'vs bare':>9}")
            for code, ms in ours.items():
                print(f"{code:<14}{ms:>10.1f}{ms / bare:>8.1f}×")
            print(f"{'bare Textual':<14}{bare:>10.1f}{1:>8.1f}×")
            print(f"{'all screens':<14}{statistics.median(ours.values()):>10.1f}"
                  f"{statistics.median(ours.values()) / bare:>8.1f}×")  # fmt: skip
            if shutil.which("tmux") is None:
                print("tmux missing: idle CPU not measured")
                return
            client = f"{sys.executable} -m tui --server {url}"
            login = ["-l\0dy001", "Tab", "-l\0gsdj2026", "Enter"]
            ours_cpu = idle_cpu(client, args.idle_seconds, login)
            kiosk_cpu = idle_cpu(
                f"env GSDJ_KIOSK_PIN=2468 {client} --kiosk", args.idle_seconds, login
            )
            bare_cmd = f"{sys.executable} -c 'from textual.app import App; App().run()'"
            bare_cpu = idle_cpu(bare_cmd, args.idle_seconds, [])
            print(f"\n{'idle CPU':<14}{'% of a core':>12}")
            print(f"{'gsdj (home)':<14}{ours_cpu:>12.2f}")
            print(f"{'gsdj --kiosk':<14}{kiosk_cpu:>12.2f}")
            print(f"{'bare Textual':<14}{bare_cpu:>12.2f}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
