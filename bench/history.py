"""Time the 更新记录 history read (gongkai.provenance) on a generated repository.

    python bench/history.py [N] [DIR]      (default N = 20000, DIR = bench/out/history-N)

Makes a project of N items with bench/gen.py, turns it into a git repository with 3 commits after
publication (1: all items; 2: a third of the items get a real edit with a `公开说明:` trailer; 3: another
third are reformatted only — key order, trailing spaces — and 100 files are moved), then times:

- the single `git log --raw` walk over content/ (`source.gitlog.read_log`), and
- building every item's history (`provenance.histories`: one `git cat-file --batch` for the changed
  versions plus the front-matter/body comparison that drops formatting-only changes).

Prints one line per figure; nothing here is asserted (speed lives in bench/, not in tests).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # bench/gen.py, next to this file
from gongkai import loader, provenance
from gongkai.source import gitlog

TODAY = dt.date(2026, 11, 24)


def git(repo: Path, *args: str, when: str = "") -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    cmd = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.gov.cn", *args]
    subprocess.run(cmd, cwd=repo, env=env, check=True, capture_output=True)


def make_repo(n: int, root: Path) -> Path:
    if (root / ".git").exists():
        return root
    gen.generate(n, root)
    files = sorted((root / "content").rglob("*.md"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "发布", when="2026-11-21T10:00:00+08:00")
    for f in files[0::3]:
        f.write_text(f.read_text(encoding="utf-8") + "\n补充说明：本文件自发布之日起施行。\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "补充施行日期\n\n公开说明: 补充施行日期", when="2026-11-22T10:00:00+08:00")
    for f in files[1::3]:
        text = f.read_text(encoding="utf-8")
        head, _, body = text[4:].partition("\n---\n")
        lines = head.splitlines()
        f.write_text("---\n" + "\n".join(reversed(lines)) + "\n---\n" + body.replace("\n", "  \n"), encoding="utf-8")
    for f in files[2::3][:100]:
        f.rename(f.with_name("moved-" + f.name))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "格式整理", when="2026-11-23T10:00:00+08:00")
    return root


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 20000
    root = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parent / "out" / f"history-{n}"
    t0 = time.perf_counter()
    make_repo(n, root)
    print(f"repository of {n} items, 3 commits: ready in {time.perf_counter() - t0:.1f} s")
    model = loader.load(root, today=TODAY).model
    assert model is not None
    items = [i for i in model.items if i.public]
    docs = root / "content"
    t0 = time.perf_counter()
    log = gitlog.read_log(docs)
    walk = time.perf_counter() - t0
    cache: dict[str, list[object]] = {}
    t0 = time.perf_counter()
    history = provenance.histories(items, log, docs, cache)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    provenance.histories(items, log, docs, cache)
    warm = time.perf_counter() - t0
    changed = sum(1 for h in history.values() if h.changes)
    print(f"git log walk (1 process): {walk:.2f} s for {sum(map(len, log.events.values()))} file events")
    print(f"histories of {len(items)} items, first build (1 cat-file process + {len(cache)} comparisons): {cold:.2f} s")
    print(f"histories, later builds (comparisons reused from the cache): {warm:.2f} s; {changed} items with changes")
    print(f"per build: {walk + cold:.2f} s first, {walk + warm:.2f} s after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
