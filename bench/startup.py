"""Start-up: wall and CPU time of whole `brandcheck` processes, one checkout against another.

Usage: python bench/startup.py --against OTHER_CHECKOUT [--runs 9] [-- ARGS...]

Runs `python -m brandcheck ARGS` (default `--version`) in fresh processes from this checkout
and from OTHER_CHECKOUT (a `git worktree add --detach` of the commit to compare with), each
with its own PYTHONPATH and shipped profiles, alternating which goes first so a change in the
machine's load falls on both. Output is discarded (a terminal report to a pipe: no progress
bar). Prints per checkout the median, minimum and maximum wall time (what the user waits), the
median CPU time of the process (user + system: less sensitive to other work on a shared host)
and the load average during the runs. Wall times on a loaded 2-core host move by seconds: use
medians of many runs, and the CPU column to see a change the load hides.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def _run(root: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one `python -m brandcheck ARGS` from checkout ``root``."""
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "BRANDCHECK_PROFILE_PATH": str(root / "reference_assets"),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "brandcheck", *args],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: a file that fails its check is a run like any other
        raise SystemExit(f"{root}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, required=True, help="the checkout to compare")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("args", nargs="*", default=["--version"], help="brandcheck's arguments")
    opts = parser.parse_args()
    trees = {"this": HERE, "against": opts.against.resolve()}
    wall: dict[str, list[float]] = {name: [] for name in trees}
    cpu: dict[str, list[float]] = {name: [] for name in trees}
    loads = []
    for i in range(opts.runs):
        order = list(trees) if i % 2 == 0 else list(reversed(trees))
        for name in order:
            w, c = _run(trees[name], opts.args)
            wall[name].append(w)
            cpu[name].append(c)
        loads.append(os.getloadavg()[0])
    print(f"python -m brandcheck {' '.join(opts.args)}: {opts.runs} interleaved runs each")
    for name, root in trees.items():
        w = wall[name]
        print(
            f"  {name} ({root}): wall median {statistics.median(w):.2f} s "
            f"(min {min(w):.2f}, max {max(w):.2f}), CPU median {statistics.median(cpu[name]):.2f} s"
        )
    print(f"  load average (1 min) during the runs: {min(loads):.1f}-{max(loads):.1f}")


if __name__ == "__main__":
    main()
