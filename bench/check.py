"""Speed of `gongkai check` (target: 20,000 items within 3 s), measured, never asserted in tests.

    python bench/check.py [--sizes 1000,5000,20000] [--out bench/out] [--runs 3] [--profile]

For each N it generates a synthetic body with `bench/gen.py N DIR` (kept in --out for reuse), then runs
`gongkai check --root DIR --today 2026-11-24 --format json` in a fresh process `--runs` times and prints
the best wall time, the CPU time (user + sys) of that run, the peak RSS of all runs so far, the findings count and the verdict
against the 3 s target. The machine's load average is printed too: on a shared machine the CPU time is
the steadier number. `--profile` adds a cProfile summary of one in-process check of the largest size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TODAY = "2026-11-24"
TARGET_SECONDS = 3.0
TARGET_ITEMS = 20_000


def generate(n: int, out: Path) -> Path:
    project = out / f"check-{n}"
    if not (project / "content").is_dir():
        shutil.rmtree(project, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "gen.py"), str(n), str(project)], check=True, stdout=subprocess.DEVNULL)
    return project


def run_check(project: Path) -> tuple[float, float, float, int, int]:
    """One `gongkai check` in a new process: (wall s, CPU s of that process, peak RSS MiB, exit code, findings)."""
    cmd = [sys.executable, "-m", "gongkai.cli", "check", "--root", str(project), "--today", TODAY, "--format", "json"]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    findings = len(json.loads(proc.stdout)) if proc.stdout.strip().startswith(b"[") else -1
    if proc.returncode not in (0, 1):
        print(proc.stderr.decode("utf-8", "replace")[-2000:], file=sys.stderr)
    return wall, cpu, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, proc.returncode, findings


def profile(project: Path) -> None:
    import cProfile
    import pstats

    from gongkai.loader import load

    today = dt.date.fromisoformat(TODAY)
    prof = cProfile.Profile()
    prof.enable()
    load(project, today=today, check=True)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    args.out.mkdir(parents=True, exist_ok=True)
    load1, load5, _ = os.getloadavg()
    print(f"gongkai check benchmark — {os.cpu_count()} CPUs, load average {load1:.1f} / {load5:.1f}, today {TODAY}")
    print(f"{'items':>7} {'wall s':>8} {'cpu s':>7} {'ms/item':>8} {'RSS MiB':>8} {'exit':>5} {'findings':>9}")
    verdict = ""
    for n in sizes:
        project = generate(n, args.out)
        best: tuple[float, float, float, int, int] | None = None
        for _ in range(max(1, args.runs)):
            result = run_check(project)
            if best is None or result[0] < best[0]:
                best = result
        assert best is not None
        wall, cpu, rss, code, findings = best
        print(f"{n:>7} {wall:>8.2f} {cpu:>7.2f} {wall / n * 1000:>8.3f} {rss:>8.0f} {code:>5} {findings:>9}")
        if n == TARGET_ITEMS:
            ok = "within" if wall <= TARGET_SECONDS else "OVER"
            verdict = f"{TARGET_ITEMS} items: {wall:.2f} s wall ({cpu:.2f} s CPU) — {ok} the {TARGET_SECONDS:.0f} s target"
    if verdict:
        print(verdict)
    if args.profile and sizes:
        profile(generate(max(sizes), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
