"""Paired benchmark: two checkouts of Gongkai build and check the same synthetic items, runs alternating.

    python bench/paired.py A_DIR B_DIR [--sizes 1000,20000] [--runs 3] [--out bench/out]

A_DIR and B_DIR are two checkouts (e.g. a `git worktree` of the commit before a refactoring and the current
one), each with its own `.venv` (`make install` in it). For each N the same `bench/gen.py` corpus is built with
each checkout's `mkdocs.yml` and `overrides/`, and checked with each checkout's `gongkai check`, in the order
A, B, A, B, ... so that drift in the machine's load falls on both sides alike. Every run is printed (wall time,
CPU time and peak RSS including child processes, i.e. Pagefind), then the medians and the ratio B / A.
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import measure

HERE = Path(__file__).resolve().parent


def corpus(n: int, out: Path, gen_from: Path) -> Path:
    """The N-item corpus, generated once by A's bench/gen.py (so both sides read the very same files)."""
    project = out / f"paired-{n}"
    if not (project / "content").is_dir():
        shutil.rmtree(project, ignore_errors=True)
        subprocess.run([str(gen_from / ".venv/bin/python"), str(gen_from / "bench/gen.py"), str(n), str(project)], check=True)
    return project


def side(project: Path, checkout: Path, name: str) -> Path:
    """A copy of the corpus carrying this checkout's mkdocs.yml and overrides/ (content is hard-linked)."""
    target = project.parent / f"{project.name}-{name}"
    if not target.is_dir():
        shutil.copytree(project, target, copy_function=os.link)
    shutil.copy(checkout / "mkdocs.yml", target / "mkdocs.yml")
    shutil.rmtree(target / "overrides", ignore_errors=True)
    if (checkout / "overrides").is_dir():
        shutil.copytree(checkout / "overrides", target / "overrides")
    return target


def one_run(kind: str, checkout: Path, project: Path, out: Path, env: dict[str, str]) -> tuple[float, float, float]:
    venv = checkout / ".venv" / "bin"
    if kind == "build":
        cmd = [str(venv / "mkdocs"), "build", "-q", "-f", "mkdocs.yml", "-d", str(out / f"site-{project.name}")]
    else:
        cmd = [str(venv / "gongkai"), "check", "--root", str(project), "--today", "2026-11-24", "--format", "json"]
    wall, cpu, rss, code = measure(cmd, project, env)
    if code not in (0, 1) or (kind == "build" and code != 0):
        raise SystemExit(f"{kind} failed in {checkout} on {project}")
    return wall, cpu, rss


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--sizes", default="1000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", default="build,check")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_TODAY": "2026-11-24"}
    revs = {name: subprocess.run(["git", "-C", str(d), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
            for name, d in (("A", args.a), ("B", args.b))}
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} · {platform.node()} · {os.cpu_count()} CPU · A={revs['A']} B={revs['B']}")
    print("| kind | N | run | A s | A CPU s | A MiB | B s | B CPU s | B MiB | B/A wall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        project = corpus(n, args.out, args.a)
        sides = {"A": side(project, args.a, "A"), "B": side(project, args.b, "B")}
        for kind in args.kinds.split(","):
            walls: dict[str, list[float]] = {"A": [], "B": []}
            for run in range(1, args.runs + 1):
                a = one_run(kind, args.a, sides["A"], args.out, env)
                b = one_run(kind, args.b, sides["B"], args.out, env)
                walls["A"].append(a[0])
                walls["B"].append(b[0])
                cells = [f"{a[0]:.2f}", f"{a[1]:.2f}", f"{a[2]:.0f}", f"{b[0]:.2f}", f"{b[1]:.2f}", f"{b[2]:.0f}", f"{b[0] / a[0]:.3f}"]
                print(f"| {kind} | {n} | {run} | {' | '.join(cells)} |", flush=True)
            med_a, med_b = statistics.median(walls["A"]), statistics.median(walls["B"])
            print(f"| {kind} | {n} | median | {med_a:.2f} | | | {med_b:.2f} | | | {med_b / med_a:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
