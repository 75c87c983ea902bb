"""Build benchmark: the project against what a body would otherwise run, bare Material followed by the `pagefind` CLI.

    python bench/run.py [--sizes 1000,5000,20000] [--runs 1] [--out bench/out]

For each N a synthetic body is generated with `bench/gen.py` (kept in --out for reuse). Each run builds it twice,
each build in fresh processes, in the order A, B, A, B, ... so that drift in the machine's load falls on both:

- A, the project: `mkdocs build` with the project's mkdocs.yml (every Gongkai plugin; its pages are indexed during
  the build in parts, each by a `pagefind` child process, and the parts merged, gongkai.pagefind_service);
- B, the baseline: `mkdocs build` with bare Material (theme only, no plugins, a one-entry nav) on the same files,
  then the `pagefind` CLI over its output (`pagefind --site DIR`, the same extended binary the project uses,
  `gongkai.pagefind_service.extended_binary`).

Printed as Markdown: every run with the load average before and after it, wall time, CPU time and time per item;
peak RSS per process, side by side: the MkDocs process (project / bare) and the indexing process (the project's
largest Pagefind process / the Pagefind CLI); then medians and the issue's targets (issue #19 items 2 and 3).

How the per-process figures are taken (bench/selfpeak.py): every MkDocs build runs in a process that writes, at exit,
its own `getrusage(RUSAGE_SELF)` (the MkDocs process alone: peak RSS and CPU) and `RUSAGE_CHILDREN` (CPU of every
child it waited for). The project's Pagefind processes (one per part of `pages_per_index` pages, one after another,
gongkai.pagefind_service.PagefindParts) are started through a script standing for the binary (`PAGEFIND_BINARY_PATH`),
which runs the real binary as its only child and writes `wait4`'s figures for it, one file per process: the indexer's
peak is the LARGEST process's peak, its CPU the sum over the processes. The CLI's figures are `wait4`'s own. Pagefind
starts no process, so these are per process. All are the kernel's high-water marks, exact, not samples. The rest of
the children's CPU is the loader's forked workers and the merge of the index parts (`python -m
gongkai.pagefind_merge`). Speed is measured here, never asserted in tests.

Files freed just before a build slow it down on this machine kind (ext4 without a journal: a new file's inode is not
taken from those freed in the last minute or more, and every creation checks them one by one, `recently_deleted` in
the kernel; measured with `perf`, it cost a 20,000-item build about 10 s of system time). So every build writes into a
folder of its own (`site-N-RUN`, `bare-N-RUN`) and nothing is removed while the benchmark runs (the outputs of an
earlier benchmark are removed before the first build), and before each build the benchmark syncs and waits
`--settle` seconds (default 65) after a step that removed files: the project's build removes its index parts at its
end, which would otherwise slow the bare build after it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGETS = {5000: 1.15, 20000: 1.1}  # whole build / (bare Material + pagefind CLI), issue #19 item 2
PER_ITEM_TARGET = 1.2  # time per item at 20,000 / at 1,000
MKDOCS_RSS_TARGET = 1.5  # MkDocs process peak / bare Material's, issue #19 item 3
INDEXER_RSS_TARGET = 1.0  # largest Pagefind process peak / pagefind CLI's


@dataclass
class Proc:
    """One process (or one side's sequence of processes): wall and CPU seconds, peak RSS in MiB, exit code."""

    wall: float
    cpu: float
    mib: float
    code: int = 0


@dataclass
class Pair:
    """One run at one size: the project's MkDocs process and its indexer against bare MkDocs and the CLI."""

    n: int
    run: int
    project: Proc  # the MkDocs process alone (CPU: its own)
    service: Proc  # the project's Pagefind processes as one indexer (wall: the whole build's)
    workers_cpu: float  # CPU seconds of the MkDocs process's other children: the loader's forked workers, the index merge
    bare: Proc
    cli: Proc
    load_before: float
    load_after: float

    @property
    def project_wall(self) -> float:
        return self.project.wall

    @property
    def baseline_wall(self) -> float:
        return self.bare.wall + self.cli.wall

    @property
    def ratio(self) -> float:
        return self.project_wall / self.baseline_wall

    @property
    def cpu_ratio(self) -> float:
        """CPU seconds of every process, project / baseline: what a loaded machine's wall times follow."""
        return (self.project.cpu + self.workers_cpu + self.service.cpu) / (self.bare.cpu + self.cli.cpu)


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, os.struct_rusage]:
    """Run `cmd` with its output in a file (a full pipe would stall the build); wall seconds, exit code, wait4 usage."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            log.seek(0)
            print(log.read().decode("utf-8", "replace")[-3000:], file=sys.stderr)
    return wall, code, usage


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """Run `cmd`; (wall s, CPU s, peak RSS MiB, exit code), CPU and RSS over the whole process tree (bench/paired.py)."""
    wall, code, usage = _run(cmd, cwd, env)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def _figures(path: Path) -> dict[str, float]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _services(reports: list[Path]) -> dict[str, float]:
    """The Pagefind processes of one build as one indexer: the largest peak, the CPU of all."""
    figures = [_figures(path) for path in reports]
    if not figures:
        return {}
    return {"self_kib": max(f["self_kib"] for f in figures), "self_cpu": sum(f["self_cpu"] for f in figures), "count": len(figures)}


def indexer_wrapper(out: Path, pagefind: Path) -> Path:
    """A script standing for the Pagefind binary (PAGEFIND_BINARY_PATH) that runs it under bench/selfpeak.py --exec."""
    script = out / "measured" / pagefind.name  # the name keeps "extended": gongkai.pagefind_service checks it
    script.parent.mkdir(parents=True, exist_ok=True)
    report = '"$GONGKAI_BENCH_INDEXER.$$"'  # one file per process: a build may run several (see the module docstring)
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{HERE / "selfpeak.py"}" {report} --exec "{pagefind}" "$@"\n')
    script.chmod(0o755)
    return script


def mkdocs_build(config: str, site: Path, cwd: Path, env: dict[str, str]) -> tuple[Proc, Proc, Proc]:
    """`mkdocs build` through bench/selfpeak.py: the MkDocs process, all its children, its Pagefind service (exact peaks)."""
    with tempfile.TemporaryDirectory() as tmp:
        report, indexer = Path(tmp) / "mkdocs.json", Path(tmp) / "indexer.json"
        cmd = [sys.executable, str(HERE / "selfpeak.py"), str(report), "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)]
        wall, code, _ = _run(cmd, cwd, {**env, "GONGKAI_BENCH_INDEXER": str(indexer)})
        own, service = _figures(report), _services(sorted(Path(tmp).glob(indexer.name + ".*")))
    nan = float("nan")
    return (
        Proc(wall, own.get("self_cpu", nan), own.get("self_kib", nan) / 1024, code),
        Proc(wall, own.get("children_cpu", nan), own.get("children_kib", nan) / 1024, code),
        Proc(wall, service.get("self_cpu", nan), service.get("self_kib", nan) / 1024, code),
    )


def generate(n: int, out: Path) -> Path:
    project = out / f"project-{n}"
    if not (project / "content").is_dir():
        shutil.rmtree(project, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "gen.py"), str(n), str(project)], check=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("overrides",):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, project / name, dirs_exist_ok=True)
    return project


def bare_config(project: Path) -> Path:
    """mkdocs-bare.yml: the same items, theme Material, no plugins, one nav entry."""
    cfg = {
        "site_name": "bare",
        "docs_dir": "content",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [],
        "nav": [{"首页": "index.md"}],
    }
    path = project / "mkdocs-bare.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return path


def baseline(project: Path, out: Path, pagefind: Path, env: dict[str, str]) -> tuple[Proc, Proc]:
    """Bare Material on the project's items, then the pagefind CLI over its output: (MkDocs process, CLI process)."""
    index = project / "content" / "index.md"  # the one nav entry, there only while the bare build runs
    index.write_text("# 首页\n", encoding="utf-8")
    try:
        bare, _, _ = mkdocs_build(bare_config(project).name, out, project, env)
    finally:
        index.unlink(missing_ok=True)
    if bare.code != 0:
        raise SystemExit(f"bare build failed at {project}")
    wall, code, usage = _run([str(pagefind), "--site", str(out)], project, env)
    if code != 0:
        raise SystemExit(f"pagefind CLI failed over {out}")
    return bare, Proc(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def one_pair(n: int, run: int, project: Path, out: Path, pagefind: Path, env: dict[str, str]) -> Pair:
    load_before = os.getloadavg()[0]
    measured = {**env, "PAGEFIND_BINARY_PATH": str(indexer_wrapper(out, pagefind))}
    own, children, service = mkdocs_build("mkdocs.yml", out / f"site-{n}-{run}", project, measured)
    if own.code != 0:
        raise SystemExit(f"project build failed at N={n}")
    settle()  # the project's build removed its index parts at its end
    bare, cli = baseline(project, out / f"bare-{n}-{run}", pagefind, env)
    return Pair(n, run, own, service, children.cpu - service.cpu, bare, cli, load_before, os.getloadavg()[0])


SETTLE = {"seconds": 65.0}  # --settle


def settle() -> None:
    """Sync, then wait until files freed by the step before no longer slow the creation of new ones (module docstring)."""
    os.sync()
    time.sleep(SETTLE["seconds"])


def clear_outputs(out: Path) -> None:
    """Remove the sites of an earlier benchmark in `out` (the generated projects are kept for reuse)."""
    for old in [*out.glob("site-*"), *out.glob("bare-*"), *out.glob("measured")]:
        shutil.rmtree(old, ignore_errors=True)


def _f(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}"


def time_table(pairs: list[Pair]) -> list[str]:
    lines = [
        "| N | run | load before → after | project s | bare Material s | pagefind CLI s | bare + CLI s | **ratio** "
        "| project CPU s (MkDocs + its other children: loader workers, index merge + Pagefind processes) "
        "| bare + CLI CPU s (MkDocs + CLI) | CPU ratio | project ms/item |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in pairs:
        cpu = f"{_f(p.project.cpu + p.workers_cpu + p.service.cpu)} ({_f(p.project.cpu)} + {_f(p.workers_cpu)} + {_f(p.service.cpu)})"
        base_cpu = f"{_f(p.bare.cpu + p.cli.cpu)} ({_f(p.bare.cpu)} + {_f(p.cli.cpu)})"
        lines.append(
            f"| {p.n} | {p.run} | {p.load_before:.2f} → {p.load_after:.2f} | {_f(p.project_wall)} | {_f(p.bare.wall)} "
            f"| {_f(p.cli.wall)} | {_f(p.baseline_wall)} | **{p.ratio:.3f}** | {cpu} | {base_cpu} "
            f"| {p.cpu_ratio:.3f} | {1000 * p.project_wall / p.n:.2f} |"
        )
    return lines


def memory_table(pairs: list[Pair]) -> list[str]:
    lines = [
        "| N | run | MkDocs process: project MiB | bare Material MiB | **ratio** | indexer: largest Pagefind process MiB "
        "| pagefind CLI MiB | **ratio** |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in pairs:
        lines.append(
            f"| {p.n} | {p.run} | {p.project.mib:.0f} | {p.bare.mib:.0f} | **{p.project.mib / p.bare.mib:.2f}** "
            f"| {p.service.mib:.0f} | {p.cli.mib:.0f} | **{p.service.mib / p.cli.mib:.2f}** |"
        )
    return lines


def summary(pairs: list[Pair]) -> list[str]:
    """Medians per size against the issue's targets."""
    sizes = sorted({p.n for p in pairs})
    per_item: dict[int, float] = {}
    lines = ["| N | runs | median ratio (wall) | target | median CPU ratio | median project ms/item | MkDocs peak ratio (worst run) "
             "| indexer peak ratio (worst run) |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        mine = [p for p in pairs if p.n == n]
        ratio = statistics.median(p.ratio for p in mine)
        per_item[n] = statistics.median(1000 * p.project_wall / n for p in mine)
        target = f"≤ {TARGETS[n]}" if n in TARGETS else "–"
        mk = max(p.project.mib / p.bare.mib for p in mine)
        ix = max(p.service.mib / p.cli.mib for p in mine)
        cpu = statistics.median(p.cpu_ratio for p in mine)
        lines.append(f"| {n} | {len(mine)} | {ratio:.3f} | {target} | {cpu:.3f} | {per_item[n]:.2f} | {mk:.2f} (≤ {MKDOCS_RSS_TARGET}) "
                     f"| {ix:.2f} (≤ {INDEXER_RSS_TARGET}) |")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        growth = per_item[large] / per_item[small]
        lines.append("")
        lines.append(f"Time per item at {large} / at {small}: {growth:.3f} (target ≤ {PER_ITEM_TARGET} for 20000 / 1000).")
    return lines


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--runs", type=int, default=1, help="pairs per size, alternating project / baseline")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--settle", type=float, default=SETTLE["seconds"], help="seconds to wait after a step that removed files")
    args = parser.parse_args()
    SETTLE["seconds"] = args.settle
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    clear_outputs(out)
    from gongkai.pagefind_service import extended_binary  # the very binary the project's build runs

    pagefind = extended_binary()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_TODAY": "2026-11-24"}
    rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"# {time.strftime('%Y-%m-%d %H:%M %Z')} · {platform.node()} · {os.cpu_count()} CPU · Python "
          f"{platform.python_version()} · {rev} · {pagefind.name}")
    print(f"# before: {_uptime()}", flush=True)
    pairs: list[Pair] = []
    for n in (int(s) for s in args.sizes.split(",")):
        project = generate(n, out)
        settle()  # the outputs of an earlier benchmark were removed, a corpus may have been written
        for run in range(1, args.runs + 1):
            pair = one_pair(n, run, project, out, pagefind, env)
            pairs.append(pair)
            print(f"N={n} run {run}: project {pair.project_wall:.1f} s, bare + CLI {pair.baseline_wall:.1f} s "
                  f"({pair.ratio:.3f}); MkDocs {pair.project.mib:.0f} / {pair.bare.mib:.0f} MiB, "
                  f"indexer {pair.service.mib:.0f} / {pair.cli.mib:.0f} MiB", file=sys.stderr, flush=True)
    print(f"# after: {_uptime()}\n")
    print("\n".join(["## Build time (issue #19 item 2)", "", *time_table(pairs), "",
                     "## Peak RSS per process (issue #19 item 3)", "", *memory_table(pairs), "",
                     "## Medians against the targets", "", *summary(pairs)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
