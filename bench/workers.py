"""One server process against `serve --workers 2`, on PostgreSQL, same run, wrk.

    python bench/workers.py [--runs 3] [--duration 15] [--warmup 2]

One scratch PostgreSQL database with the demo data (bench/floor.py's demo server seeds it and
is the one-process side), and `gsdj-server serve --workers 2 --no-jobs` on the same database.
wrk (its own process, bench/floor.py's rotating-token script) loads each in turn, runs
alternating: GET /api/v1/me/points with the tokens of 50 demo members (c=32) and a
points-bearing share (c=16, members and articles rotating). The table: median req/s of each
side, the ratio two / one (target ≥ 1.6×), and where the machine's CPU went during the runs
(cores busy, from /proc: the server's processes, every postgres process, wrk), so a ratio short
of the target shows what capped it. The machine may be shared: read ratios, not rates.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor import (  # noqa: E402
    MEMBERS,
    WRK,
    Load,
    Result,
    cases,
    demo_server,
    login,
    start,
    stop,
    wrk,
)

TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


def cpu_by_pid(pids: list[int]) -> dict[int, float]:
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return seconds


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two snapshots (a process that exited in between is not counted)."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


def machine_busy() -> float:
    """CPU seconds every process of the machine has spent so far (/proc/stat, all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / TICK


def postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def tree(pid: int) -> list[int]:
    children = subprocess.run(
        ["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True
    ).stdout.split()
    return [pid, *map(int, children)]


@dataclass
class Cpu:
    server: float = 0.0
    postgres: float = 0.0
    wrk: float = 0.0
    busy: float = 0.0  # the whole machine
    wall: float = 0.0

    def add(self, other: Cpu) -> None:
        self.server += other.server
        self.postgres += other.postgres
        self.wrk += other.wrk
        self.busy += other.busy
        self.wall += other.wall

    def cores(self) -> str:
        other = self.busy - self.server - self.postgres - self.wrk
        parts = (self.server, self.postgres, self.wrk, other)
        return "".join(f"{x / self.wall if self.wall else 0:>6.2f}" for x in parts)


def measured(
    base: str, server: list[int], load: Load, seconds: float, work: Path
) -> tuple[Result, Cpu]:
    pg = postgres_pids()
    srv0, pg0, busy0 = cpu_by_pid(server), cpu_by_pid(pg), machine_busy()
    wrk0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    result = wrk(base, load, seconds, work)
    wall = time.monotonic() - t0
    wrk1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = Cpu(
        server=spent(srv0, cpu_by_pid(server)),
        postgres=spent(pg0, cpu_by_pid(postgres_pids())),
        wrk=(wrk1.ru_utime + wrk1.ru_stime) - (wrk0.ru_utime + wrk0.ru_stime),
        busy=machine_busy() - busy0,
        wall=wall,
    )
    return result, cpu


def print_ceilings(rows: list[tuple[str, Cpu, Cpu, tuple[float, float]]]) -> None:
    """CPU per request, and what it allows on this machine's cores were nothing else running:
    one process is held to one core for its event loop; two share the machine's cores with
    postgres and wrk."""
    print()
    print("CPU ms per request (srv / pg / wrk) and the ceiling they give on an idle machine")
    print(f"{'path':<16}{'one: srv':>9}{'pg':>6}{'wrk':>6}{'two: srv':>10}{'pg':>6}{'wrk':>6}"
          f"{'one ≤ /s':>10}{'two ≤ /s':>10}{'ratio ≤':>9}")  # fmt: skip
    for name, one, two, (a, b) in rows:
        per = [
            [x / (rate * c.wall) * 1000 for x in (c.server, c.postgres, c.wrk)]
            for c, rate in ((one, a), (two, b))
        ]
        one_cap = min(1000 / per[0][0], CORES * 1000 / sum(per[0]))
        two_cap = min(2 * 1000 / per[1][0], CORES * 1000 / sum(per[1]))
        cells = "".join(f"{x:>6.2f}" for x in per[0][1:])
        cells2 = "".join(f"{x:>6.2f}" for x in per[1][1:])
        print(
            f"{name:<16}{per[0][0]:>9.2f}{cells}{per[1][0]:>10.2f}{cells2}"
            f"{one_cap:>10.0f}{two_cap:>10.0f}{two_cap / one_cap:>9.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=15, help="seconds per wrk run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of each side first")
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit(f"wrk not found at {WRK} (apt-get install wrk, or set GSDJ_WRK)")
    print(
        f"PostgreSQL, wrk, {args.runs} × {args.duration:g} s per side, runs alternating one "
        f"process / --workers 2; medians; {CORES} cores; CPU in cores busy during the runs"
    )
    print("CPU columns: cores busy in our server's processes, postgres, wrk, and everything else")
    print(
        f"{'path':<16}{'c':>3}{'one /s':>8}{'two /s':>8}{'ratio':>7}{'bad':>5}  "
        f"{'one: srv':>8}{'pg':>6}{'wrk':>6}{'other':>6}  "
        f"{'two: srv':>8}{'pg':>6}{'wrk':>6}{'other':>6}  target"
    )
    with demo_server("postgresql", "workers") as (one, url, work):
        # The one-process side is the demo server itself (bench/floor.py: no jobs, no test
        # clock); the other serves the same database with two workers.
        one_pids = tree(int(subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(os.getpid())], capture_output=True, text=True
        ).stdout.split()[0]))  # fmt: skip
        ready = work / "two.json"
        two_proc, two = start(
            [sys.executable, "-m", "server", "serve", "--port", "0", "--db", url, "--no-jobs",
             "--workers", "2", "--ready-file", str(ready)],
            ready,
        )  # fmt: skip
        try:
            two_pids = tree(two_proc.pid)
            tokens = login(one, MEMBERS)
            chosen = {c.name: c for c in cases(tokens, [])}
            ceilings: list[tuple[str, Cpu, Cpu, tuple[float, float]]] = []
            for name in ("GET /me/points", "share"):
                load = chosen[name].load
                if args.warmup > 0:
                    wrk(one, load, args.warmup, work)
                    wrk(two, load, args.warmup, work)
                ones, twos, cpu_one, cpu_two = [], [], Cpu(), Cpu()
                for _ in range(args.runs):
                    r, c = measured(one, one_pids, load, args.duration, work)
                    ones.append(r)
                    cpu_one.add(c)
                    r, c = measured(two, two_pids, load, args.duration, work)
                    twos.append(r)
                    cpu_two.add(c)
                a = statistics.median(r.rate for r in ones)
                b = statistics.median(r.rate for r in twos)
                bad = sum(r.bad for r in ones + twos)
                ratio = b / a
                verdict = "ERRORS" if bad else ("ok" if ratio >= 1.6 else "MISS") + " (≥1.6×)"
                print(
                    f"{name:<16}{load.concurrency:>3}{a:>8.0f}{b:>8.0f}{ratio:>7.2f}{bad:>5}  "
                    f"  {cpu_one.cores()}    {cpu_two.cores()}  {verdict}",
                    flush=True,
                )
                served = (
                    sum(r.rate for r in ones) / len(ones),
                    sum(r.rate for r in twos) / len(twos),
                )
                ceilings.append((name, cpu_one, cpu_two, served))
            print_ceilings(ceilings)
        finally:
            stop(two_proc)


if __name__ == "__main__":
    main()
