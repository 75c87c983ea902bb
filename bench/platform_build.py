"""Platform benchmark (issue #18 item 9): a platform of N items over B bodies, built whole and in partitions.

    python bench/platform_build.py [--items 2000] [--bodies 10] [--partitions 4] [--out bench/out]

In one run, each build in a fresh process, with the project's mkdocs.yml (every plugin, Pagefind included):

1. the N items as one body (`bench/gen.py N`) against the same N items as a platform of B bodies (`--bodies B`);
2. the platform as P partitions (`gongkai build --partition k/P`, one after another: the wall time of each is
   what a CI matrix job takes) and their assembly (`gongkai assemble`, one Pagefind pass over every partition);
   the partitioned wall time is the slowest partition plus the assembly;
3. one body's rebuild after an edit: an item of the last department changed, that body built alone
   (`gongkai build --body X`); putting it back into the site costs one assembly (step 2).

Peak RSS is sampled per process (VmHWM of every process of the build's tree, every 0.1 s): the MkDocs process
and the Pagefind indexer apart (the assembly's own Python process in the MkDocs column). Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


@dataclass
class Run:
    wall: float
    code: int
    peaks: dict[str, float] = field(default_factory=dict)  # process kind -> peak RSS MiB

    def peak(self, kind: str) -> str:
        return f"{self.peaks[kind]:.0f}" if kind in self.peaks else "–"


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found


def _sample(pid: int, peaks: dict[str, float]) -> None:
    stack = [pid]
    while stack:
        p = stack.pop()
        stack += _children(p)
        try:
            with open(f"/proc/{p}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
            with open(f"/proc/{p}/status") as fh:
                hwm = next((int(line.split()[1]) for line in fh if line.startswith("VmHWM:")), 0)
        except OSError:
            continue
        kind = "pagefind" if "pagefind" in cmd and "--service" in cmd else "mkdocs" if " -m mkdocs " in cmd else "python"
        peaks[kind] = max(peaks.get(kind, 0.0), hwm / 1024)


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run `cmd` (output to a file, not a pipe); wall seconds and the peak RSS of each kind of process in its tree."""
    log_path = cwd / ".bench-log"
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=log)
        run = Run(0.0, 0)
        done = threading.Event()

        def poll() -> None:
            while not done.wait(0.1):
                _sample(proc.pid, run.peaks)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        run.code = proc.wait()
        done.set()
        poller.join()
        run.wall = time.perf_counter() - start
    if run.code != 0:
        print(log_path.read_text(encoding="utf-8", errors="replace")[-3000:], file=sys.stderr)
    return run


def generate(n: int, bodies: int, out: Path) -> Path:
    project = out / (f"platform-{n}-{bodies}" if bodies > 1 else f"project-{n}")
    if not (project / "content").is_dir():
        shutil.rmtree(project, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "gen.py"), str(n), str(project), "--bodies", str(bodies)], check=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    if (REPO / "overrides").is_dir():
        shutil.copytree(REPO / "overrides", project / "overrides", dirs_exist_ok=True)
    return project


def edit_one_item(project: Path, body: str) -> tuple[Path, str]:
    """Append a paragraph to the first item file of `body` (a department); returns the file and its text before."""
    path = sorted((project / "content" / body).rglob("20*.md"))[0]
    before = path.read_text(encoding="utf-8")
    path.write_text(before + "\n补充说明：本条信息已根据最新情况更新。\n", encoding="utf-8")
    return path, before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--bodies", type=int, default=10)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    n, b, p, out = args.items, args.bodies, args.partitions, args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_TODAY": "2026-11-24"}
    gongkai = [sys.executable, "-m", "gongkai.cli"]
    build = [*gongkai, "build", "-f", "mkdocs.yml"]
    single, plat = generate(n, 1, out), generate(n, b, out)
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.node()} · {os.cpu_count()} CPU · Python {platform.python_version()}")
    print(f"# {n} items · platform of {b} bodies · {p} partitions; peak RSS in MiB per process (MkDocs / Pagefind)\n")
    print("| build | wall s | MkDocs (assembly: Python) MiB | Pagefind MiB | vs platform |")
    print("|---|---:|---:|---:|---:|")
    rows: list[tuple[str, Run]] = []

    def row(name: str, run: Run, base: float | None) -> None:
        if run.code != 0:
            raise SystemExit(f"{name} failed")
        ratio = f"{run.wall / base:.2f}" if base else "1.00"
        python = run.peak("mkdocs") if "mkdocs" in run.peaks else run.peak("python")  # the assembly runs no MkDocs
        print(f"| {name} | {run.wall:.1f} | {python} | {run.peak('pagefind')} | {ratio} |", flush=True)
        rows.append((name, run))

    one = measure([*build, "--site-dir", str(out / f"site-single-{n}")], single, env)
    whole = measure([*build, "--site-dir", str(out / f"site-platform-{n}-{b}")], plat, env)
    row(f"{n} items as one body", one, whole.wall)
    row(f"{n} items, platform of {b} bodies", whole, None)
    parts = [out / f"parts-{n}-{b}" / str(k) for k in range(1, p + 1)]
    walls = []
    for k, part in enumerate(parts, 1):
        run = measure([*build, "--partition", f"{k}/{p}", "--site-dir", str(part)], plat, env)
        row(f"partition {k}/{p}", run, whole.wall)
        walls.append(run.wall)
    assembly = measure([*gongkai, "assemble", *map(str, parts), "--site-dir", str(out / f"site-assembled-{n}-{b}")], plat, env)
    row("assembly (one Pagefind pass)", assembly, whole.wall)
    partitioned = max(walls) + assembly.wall
    print(f"| **{p} partitions: slowest + assembly** | **{partitioned:.1f}** | | | **{partitioned / whole.wall:.2f}** |")
    department = yaml.safe_load((plat / "site_config/platform.yml").read_text(encoding="utf-8"))["部门"][-1]
    edited, original = edit_one_item(plat, department)
    try:
        alone = measure([*build, "--body", department, "--site-dir", str(out / f"parts-{n}-{b}-edit" / department)], plat, env)
        row(f"one body's rebuild after an edit ({department} alone)", alone, whole.wall)
        total = alone.wall + assembly.wall
        print(f"| **{department} rebuilt + assembly** | **{total:.1f}** | | | **{total / whole.wall:.2f}** |")
    finally:
        edited.write_text(original, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
