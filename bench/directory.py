"""What the directory costs: the same generated items built bare, with the core plugin, and with core + directory.

    python bench/directory.py N [--out DIR]

Generates N items with `bench/gen.py` (reused when DIR/project-N exists), writes three configs next to them
(bare Material with no plugins and a one-entry nav; `gongkai`; `gongkai` + `gongkai-directory`), builds each in
a fresh process and prints wall time, CPU time (user + sys), peak RSS and, from inside the build, the CPU spent
rendering each template and in each plugin event. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CONFIGS = {"bare": None, "core": ["gongkai"], "directory": ["gongkai", "gongkai-directory"]}


def write_configs(project: Path) -> None:
    base = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    home = [{"首页": "index.md"}]
    for name, plugins in CONFIGS.items():
        if plugins is None:
            cfg: dict[str, Any] = {
                "site_name": "bare",
                "docs_dir": "content",
                "theme": {"name": "material", "language": "zh", "font": False},
            }
            cfg.update(plugins=[], nav=home)
        else:
            cfg = {**base, "plugins": plugins, "nav": home + ([{"目录": "mulu/index.md"}] if "gongkai-directory" in plugins else [])}
        (project / f"mkdocs-{name}.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    index = project / "content" / "index.md"
    if not index.exists():
        index.write_text("# 首页\n", encoding="utf-8")  # the same home page for all three builds
    if (REPO / "overrides").is_dir():
        shutil.copytree(REPO / "overrides", project / "overrides", dirs_exist_ok=True)


def measure_inside(cfg: str, site: str) -> None:
    """Run one build in this process, timing page rendering per template and each plugin event (CPU seconds)."""
    from mkdocs import plugins as mp
    from mkdocs.commands import build as mb
    from mkdocs.config import load_config

    render: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])
    events: dict[str, float] = collections.defaultdict(float)
    build_page, run_event = mb._build_page, mp.PluginCollection.run_event

    def timed_page(page: Any, *args: Any, **kwargs: Any) -> None:
        start = time.process_time()
        build_page(page, *args, **kwargs)
        slot = render[str(page.meta.get("template", "(default)"))]
        slot[0] += 1
        slot[1] += time.process_time() - start

    def timed_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return run_event(self, name, item, **kwargs)
        finally:
            events[name] += time.process_time() - start

    mb._build_page = timed_page  # type: ignore[assignment]
    mp.PluginCollection.run_event = timed_event  # type: ignore[method-assign]
    start = time.process_time()
    mb.build(load_config(cfg, site_dir=site))
    out = {"cpu": time.process_time() - start, "render": render, "events": {k: v for k, v in events.items() if v >= 0.05}}
    print("RESULT " + json.dumps(out))


def run(project: Path, name: str, out: Path) -> dict[str, Any]:
    """One build in a fresh process: wall time and peak RSS from wait4, the breakdown from the child itself."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_TODAY": "2026-11-24"}
    cmd = [sys.executable, __file__, "--measure", f"mkdocs-{name}.yml", str(out / f"site-{name}")]
    log = out / f"directory-{name}.log"
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=fh, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    text = log.read_text(encoding="utf-8")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{name} build failed:\n{text[-3000:]}")
    result = json.loads(next(line for line in text.splitlines() if line.startswith("RESULT "))[7:])
    result.update(wall=wall, rss=usage.ru_maxrss / 1024, cpu_total=usage.ru_utime + usage.ru_stime)
    return result


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        measure_inside(sys.argv[2], sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    project = args.out / f"project-{args.n}"
    if not (project / "content").is_dir():
        subprocess.run([sys.executable, str(HERE / "gen.py"), str(args.n), str(project)], check=True)
    write_configs(project)
    print(f"# N={args.n} · {os.cpu_count()} CPU · {time.strftime('%Y-%m-%d %H:%M')}")
    print("| build | wall s | CPU s (user+sys) | peak RSS MiB | pages | directory pages: render CPU s | post_build CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in CONFIGS:
        r = run(project, name, args.out)
        pages = sum(c for c, _ in r["render"].values())
        directory = sum(t for k, (_, t) in r["render"].items() if k.startswith("gongkai/directory"))
        post = r["events"].get("post_build", 0)
        print(f"| {name} | {r['wall']:.1f} | {r['cpu_total']:.1f} | {r['rss']:.0f} | {pages} | {directory:.2f} | {post:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
