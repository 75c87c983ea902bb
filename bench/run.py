"""Build benchmark: the project against bare Material on the same synthetic items.

    python bench/run.py [--sizes 1000,5000,20000] [--out bench/out] [--no-bare]

For each N it generates a synthetic body with `bench/gen.py` (kept in --out for reuse), builds it with
the project's mkdocs.yml (all Gongkai plugins, Pagefind included) and with bare Material (theme only,
no plugins, a one-entry nav), each in a fresh process, and prints wall time, peak RSS, time per item
and the ratio project / bare. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """Run `cmd`; return (wall seconds, CPU seconds, peak RSS in MiB, exit code), CPU and RSS including child processes."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would stall the build (and Pagefind)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            log.seek(0)
            print(log.read().decode("utf-8", "replace")[-3000:], file=sys.stderr)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


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
    index = project / "content" / "index.md"
    if not index.exists():
        index.write_text("# 首页\n", encoding="utf-8")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-Material baseline")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_TODAY": "2026-11-24"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.node()} · {os.cpu_count()} CPU · Python {platform.python_version()}")
    print("| N | project s | project CPU s | project MiB | bare s | bare CPU s | bare MiB | ratio (wall) | project ms/item |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        project = generate(n, args.out)
        t_proj, c_proj, m_proj, code = measure([*mkdocs, "-f", "mkdocs.yml", "-d", str(args.out / f"site-{n}")], project, env)
        if code != 0:
            print(f"project build failed at N={n}", file=sys.stderr)
            return 1
        t_bare = c_bare = m_bare = float("nan")
        if not args.no_bare:
            cfg = bare_config(project)
            t_bare, c_bare, m_bare, code = measure([*mkdocs, "-f", cfg.name, "-d", str(args.out / f"bare-{n}")], project, env)
            (project / "content" / "index.md").unlink(missing_ok=True)
            if code != 0:
                print(f"bare build failed at N={n}", file=sys.stderr)
                return 1
        ratio = t_proj / t_bare if t_bare == t_bare else float("nan")
        project_cols = f"{t_proj:.1f} | {c_proj:.1f} | {m_proj:.0f}"
        bare_cols = f"{t_bare:.1f} | {c_bare:.1f} | {m_bare:.0f}"
        print(f"| {n} | {project_cols} | {bare_cols} | {ratio:.2f} | {1000 * t_proj / n:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
