"""党建地图 inside the app: key to painted, against a bare Textual screen push in the same run.

    python bench/map_paint.py [--rounds 10]

Pilot at 120×40 against a local demo server with its history (`demo --history`: the 14 市州 have
figures), logged in as sw001 (省委组织部). Measured as bench/screens.py measures "painted" (the
first refresh after the screen showed an answer, the cached one when there is one):

- the map's first open in the process (it imports shapely and numpy and builds its raster);
- opening it again from 首页, beside 组织架构 opened the same way;
- a metric switch (M: new classes, a new drawing) and a move to the next 市州 (→: the selection);
- the baseline: a bare Textual app pushing a screen that fills a 30-row DataTable.

"painted" and "settled" (every worker done and the screen refreshed after) are both given. Medians
over the rounds (one warm-up round first, except for the first open, which is one
sample by its nature).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.floor import demo_server  # noqa: E402
from bench.screens import Painted, baseline  # noqa: E402


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def measure(url: str, rounds: int) -> dict[str, list[float]]:
    from api_client import TokenStore
    from tui.app import GsdjApp

    app = GsdjApp(url, tokens=TokenStore(persistent=False))
    painted = Painted(app)
    times: dict[str, list[tuple[float, float]]] = {
        "first open": [], "open again": [], "组织架构": [], "metric switch": [], "next 市州": [],
    }  # fmt: skip

    async def timed(what: str, n: int, pilot, step) -> None:  # type: ignore[no-untyped-def]
        painted.reset()
        start = time.perf_counter()
        await step()
        await settle(pilot)
        done = time.perf_counter()
        if n or what == "first open":
            times[what].append((((painted.at or done) - start) * 1000, (done - start) * 1000))

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#username").value = "sw001"
        app.screen.query_one("#password").value = "gsdj2026"
        app.screen.query_one("#password").focus()
        await pilot.press("enter")
        await settle(pilot)
        await timed("first open", 0, pilot, lambda: app.run_action("open('map')"))
        from tui.screens.gansu_map import MapScreen  # imported by the open just measured

        assert isinstance(app.screen, MapScreen), app.screen
        await pilot.press("escape")
        await settle(pilot)
        for n in range(rounds + 1):
            await timed("open again", n, pilot, lambda: app.run_action("open('map')"))
            for _ in range(3):
                # A key's own repaint: no request, so "painted" is the refresh after it settled.
                await timed("metric switch", n, pilot, lambda: pilot.press("m"))
                await timed("next 市州", n, pilot, lambda: pilot.press("right"))
            await pilot.press("escape")
            await settle(pilot)
            await timed("组织架构", n, pilot, lambda: app.run_action("open('orgs')"))
            await pilot.press("escape")
            await settle(pilot)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp())
    os.environ.update(
        XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
        GSDJ_DATA_DIR=str(home / "gsdj"), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )  # fmt: skip
    try:
        with demo_server("sqlite", "map", "--history") as (url, _db, _work):
            ours = asyncio.run(measure(url, args.rounds))
            bare, bare_done = asyncio.run(baseline(args.rounds))
        print(
            f"{'what':<16}{'n':>4}{'painted ms':>12}{'vs bare':>9}{'settled ms':>12}{'vs bare':>9}"
        )
        for what, samples in ours.items():
            paint = statistics.median(p for p, _ in samples)
            done = statistics.median(d for _, d in samples)
            print(f"{what:<16}{len(samples):>4}{paint:>12.1f}{paint / bare:>8.1f}×"
                  f"{done:>12.1f}{done / bare_done:>8.1f}×")  # fmt: skip
        print(f"{'bare push':<16}{'':>4}{bare:>12.1f}{1:>8.1f}×{bare_done:>12.1f}{1:>8.1f}×")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
