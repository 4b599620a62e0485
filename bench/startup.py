"""Cold start of the client to the first painted login screen, against a bare Textual app.

    python bench/startup.py [--runs N]

Each run is a fresh interpreter; the two apps alternate so that machine noise hits both.
Prints a table of medians and the ratio (target: within 1.5x of the bare app).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET = Path(__file__).with_name("startup_target.py")


def one(kind: str, env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run(
        [sys.executable, str(TARGET), kind, repr(start)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    times: dict[str, list[float]] = {"bare": [], "gsdj": []}
    for kind in times:  # warm the disk cache and .pyc files once, unmeasured
        one(kind, env)
    for _ in range(args.runs):
        for kind in times:
            times[kind].append(one(kind, env))
    bare = statistics.median(times["bare"])
    print(f"{'app':<28}{'median ms':>10}{'min ms':>9}{'max ms':>9}{'runs':>6}")
    for kind, label in (("bare", "bare Textual app (1 Static)"), ("gsdj", "gsdj login screen")):
        t = times[kind]
        print(
            f"{label:<28}{statistics.median(t) * 1000:>10.0f}{min(t) * 1000:>9.0f}{max(t) * 1000:>9.0f}{len(t):>6}"
        )
    print(
        f"ratio gsdj / bare (medians): {statistics.median(times['gsdj']) / bare:.2f}  (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
