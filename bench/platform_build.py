"""Platform benchmark (issue #18 item 9): a platform of N items over B bodies, built whole and in partitions.

    python bench/platform_build.py [--items 2000] [--bodies 10] [--partitions 4] [--out bench/out]
    python bench/platform_build.py --items 100000 --bodies 100 --partitions 4 --no-full [--pool 2]

In one run, each build in a fresh process, with the project's mkdocs.yml (every plugin, Pagefind included):

1. the N items as one body (`bench/gen.py N`) against the same N items as a platform of B bodies (`--bodies B`);
   `--no-full` skips both (one MkDocs process over 100,000 items is what partitions exist to avoid);
2. the platform as P partitions (`gongkai build --partition k/P`, each indexing its own pages) and their assembly
   (`gongkai assemble`: no Pagefind pass, a merge of every partition's index parts).
   Two figures: the single-machine wall time (every partition on this machine, one after another, or `--pool 2`
   at a time, plus the assembly) and the P-machine wall time (a CI matrix: the slowest partition plus the assembly;
   with `--pool` above 1 each partition's wall time is taken while sharing the machine, so this figure is pessimistic);
3. one body's rebuild after an edit: an item of the last department changed, that body built alone
   (`gongkai build --body X`); putting it back into the site costs one assembly (step 2).

Peak RSS is sampled per process (VmHWM of every process of the build's tree, every 0.1 s): the MkDocs process, the
largest Pagefind process (a build runs one per part of `pages_per_index` pages, one after another) and the merge of the index
parts (`python -m gongkai.pagefind_merge`) apart, and any other Python process (the assembly runs no MkDocs) in the
MkDocs column.
The ratios are against the whole platform's build, or with `--no-full` against the single-machine wall time.
`--no-partitions` stops after step 1; `--pairs K` then builds the pair K times, in alternating order, and gives each
pair's ratio and their median (this 2-core VM's speed varies by several per cent from one minute to the next).
`--fresh-fs` (root, `mkfs.ext4`, loop devices) builds each site on a new ext4 file system without a journal, the
kind this machine has, mounted at `OUT/fs`: on such a file system a file created within minutes after others were
removed costs system time (the kernel skips recently deleted inodes one by one: `perf` showed `recently_deleted`
and `find_inode_bit` on top), so a build measured after an earlier build's removals ran up to 10 s slower; a fresh
file system is what a CI runner gives each build. As in bench/run.py (see there why), the outputs of an earlier run are removed
first and, before each build, the benchmark syncs and waits `--settle` seconds (default 65), because every build
removes its index parts at its end; with `--pool 1` the single-machine figure is the sum of the partitions' own wall
times, without those waits.
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
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from run import SETTLE, settle

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
        program = cmd.split(" ", 1)[0]  # the Pagefind binary indexes a part (`--site`) or serves (`--service`)
        kind = "pagefind" if "pagefind" in program.rsplit("/", 1)[-1] else "mkdocs" if " -m mkdocs " in cmd else "python"
        kind = "merge" if " -m gongkai.pagefind_merge " in cmd else kind
        peaks[kind] = max(peaks.get(kind, 0.0), hwm / 1024)


def measure(cmd: list[str], cwd: Path, env: dict[str, str], log_path: Path | None = None) -> Run:
    """Run `cmd` (output to a file, not a pipe); wall seconds and the peak RSS of each kind of process in its tree."""
    log_path = log_path or cwd / ".bench-log"
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


def partitions(build: list[str], plat: Path, env: dict[str, str], parts: list[Path], pool: int) -> tuple[list[Run], float]:
    """Every partition built, `pool` at a time (1: one after another); each one's run and the wall time of them all."""
    total = len(parts)

    def one(k: int) -> Run:
        if pool == 1:
            settle()  # the build before removed its index parts at its end
        parts[k - 1].parent.mkdir(parents=True, exist_ok=True)
        cmd = [*build, "--partition", f"{k}/{total}", "--site-dir", str(parts[k - 1])]
        return measure(cmd, plat, env, parts[k - 1].parent / f".bench-log-{k}")

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=pool) as executor:  # threads only wait: each build is its own process
        runs = list(executor.map(one, range(1, total + 1)))
    if pool == 1:
        return runs, sum(run.wall for run in runs)  # one after another, without the waits between them
    return runs, time.perf_counter() - start


FS_SIZE = 64 << 30
"""The fresh file system's image (sparse: only what the build writes takes room)."""


def fresh_fs(out: Path) -> Path:
    """A new, empty ext4 file system without a journal, mounted at `out/fs` (the one before unmounted)."""
    mnt, image = out / "fs", out / "fs.img"
    subprocess.run(["umount", str(mnt)], capture_output=True, check=False)
    if os.path.ismount(mnt):
        raise SystemExit(f"cannot unmount {mnt}: close what uses it, then run again")
    image.unlink(missing_ok=True)
    with image.open("wb") as f:
        f.truncate(FS_SIZE)
    subprocess.run(["mkfs.ext4", "-q", "-O", "^has_journal", "-F", str(image)], check=True)
    mnt.mkdir(exist_ok=True)
    subprocess.run(["mount", "-o", "loop", str(image), str(mnt)], check=True)
    return mnt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--bodies", type=int, default=10)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--no-full", action="store_true", help="skip the single-body and whole-platform builds")
    parser.add_argument("--pool", type=int, default=1, help="partitions built at once on this machine (default 1: one after another)")
    parser.add_argument("--no-partitions", action="store_true", help="only the single-body and whole-platform builds")
    parser.add_argument("--settle", type=float, default=SETTLE["seconds"], help="seconds to wait before each build (see bench/run.py)")
    parser.add_argument("--pairs", type=int, default=1, help="with --no-partitions: the single body and the platform built K times")
    parser.add_argument("--fresh-fs", action="store_true", help="each site on a new ext4 file system (root only; see above)")
    args = parser.parse_args()
    SETTLE["seconds"] = args.settle
    n, b, p, out = args.items, args.bodies, args.partitions, args.out.resolve()
    if p < 1 or args.pool < 1:
        parser.error("--partitions and --pool must be at least 1")
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_TODAY": "2026-11-24"}
    gongkai = [sys.executable, "-m", "gongkai.cli"]
    build = [*gongkai, "build", "-f", "mkdocs.yml"]
    plat = generate(n, b, out)
    single = None if args.no_full else generate(n, 1, out)
    for name in (f"site-single-{n}", f"site-platform-{n}-{b}", f"parts-{n}-{b}", f"site-assembled-{n}-{b}", f"parts-{n}-{b}-edit"):
        shutil.rmtree(out / name, ignore_errors=True)  # an earlier run's outputs: removed before anything is measured
    settle()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"# {when} · {platform.node()} · {os.cpu_count()} CPU · Python {platform.python_version()}")
    print(f"# load average before: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"# {n} items · platform of {b} bodies · {p} partitions, {args.pool} at a time on this machine; peak RSS in MiB per process\n")
    base = "whole platform" if single else "single machine"
    print(f"| build | wall s | MkDocs (assembly: Python) MiB | largest Pagefind process MiB | merge MiB | vs {base} |")
    print("|---|---:|---:|---:|---:|---:|")

    def row(name: str, run: Run, ref: float) -> None:
        if run.code != 0:
            raise SystemExit(f"{name} failed")
        python = run.peak("mkdocs") if "mkdocs" in run.peaks else run.peak("python")  # the assembly runs no MkDocs
        print(f"| {name} | {run.wall:.1f} | {python} | {run.peak('pagefind')} | {run.peak('merge')} | {run.wall / ref:.2f} |", flush=True)

    whole = None
    if single is not None:
        ratios = []
        for k in range(args.pairs if args.no_partitions else 1):
            site = fresh_fs(out) if args.fresh_fs else out
            builds = [("one", single, site / f"site-single-{n}"), ("platform", plat, site / f"site-platform-{n}-{b}")]
            walls: dict[str, Run] = {}
            for what, project, site_dir in builds if k % 2 == 0 else builds[::-1]:  # alternating: neither always first
                if what != builds[0 if k % 2 == 0 else 1][0]:
                    site = fresh_fs(out) if args.fresh_fs else site
                    site_dir = site / site_dir.name
                    settle()
                walls[what] = measure([*build, "--site-dir", str(site_dir)], project, env)
            one, whole = walls["one"], walls["platform"]
            row(f"{n} items as one body" + (f" (pair {k + 1})" if args.pairs > 1 else ""), one, whole.wall)
            row(f"{n} items, platform of {b} bodies" + (f" (pair {k + 1})" if args.pairs > 1 else ""), whole, whole.wall)
            ratios.append(whole.wall / one.wall)
            if k + 1 < args.pairs:
                settle()
        print(f"\nplatform / one body: {', '.join(f'{r:.3f}' for r in ratios)}; median {statistics.median(ratios):.3f}")
        if args.no_partitions:
            print(f"\n# load average after: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
            return 0
        settle()
    parts = [out / f"parts-{n}-{b}" / str(k) for k in range(1, p + 1)]
    runs, stage = partitions(build, plat, env, parts, args.pool)
    settle()
    assembly = measure([*gongkai, "assemble", *map(str, parts), "--site-dir", str(out / f"site-assembled-{n}-{b}")], plat, env)
    sequential = stage + assembly.wall
    ref = whole.wall if whole is not None else sequential
    for k, run in enumerate(runs, 1):
        row(f"partition {k}/{p}", run, ref)
    row("assembly", assembly, ref)
    how = "one after another" if args.pool == 1 else f"{args.pool} at a time"
    label = f"single machine: {p} partitions {how} ({stage:.1f} s) + assembly"
    print(f"| **{label}** | **{sequential:.1f}** | | | | **{sequential / ref:.2f}** |")
    partitioned = max(r.wall for r in runs) + assembly.wall
    print(f"| **{p} machines: slowest partition + assembly** | **{partitioned:.1f}** | | | | **{partitioned / ref:.2f}** |")
    if whole is not None:
        print(f"| {p} machines against the single machine | | | | | **{partitioned / sequential:.2f}** |")
    department = yaml.safe_load((plat / "site_config/platform.yml").read_text(encoding="utf-8"))["部门"][-1]
    edited, original = edit_one_item(plat, department)
    try:
        settle()
        alone = measure([*build, "--body", department, "--site-dir", str(out / f"parts-{n}-{b}-edit" / department)], plat, env)
        row(f"one body's rebuild after an edit ({department} alone)", alone, ref)
        total = alone.wall + assembly.wall
        print(f"| **{department} rebuilt + assembly** | **{total:.1f}** | | | | **{total / ref:.2f}** |")
    finally:
        edited.write_text(original, encoding="utf-8")
    print(f"\n# load average after: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
