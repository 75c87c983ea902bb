"""Preview benchmark (issue #19 item 1): from saving an item file to the change being served by `mkdocs serve`.

    python bench/serve.py [--sizes 1000,5000,20000] [--out bench/out] [--project DIR] [--rounds 2]

For each N it generates a synthetic body with `bench/gen.py` (kept in --out for reuse; --project uses a corpus that
exists already, with this repository's mkdocs.yml and overrides copied in), starts a real `mkdocs serve` on a free
port, waits for the first full build, then makes, --rounds times each, the edits staff make: a new title for the newest
item of the largest column, a new item (newest, so every page of its column shifts), a move to another column, a
new 发布日期, a deletion. Each is timed from the write to the moment the new state is served over HTTP on the item's
page and on the directory page that lists it (polled every 50 ms), and the server's own line
("预览已更新：N 个页面，用时 X 秒") gives the pages it rendered. Prints one row per edit and the load average.
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "plugins"))

from gongkai import loader  # noqa: E402  (the bench runs from a checkout, like bench/run.py's children)

TODAY = "2026-11-24"
TIMEOUT = 600.0


def project_for(n: int, out: Path, given: Path | None) -> Path:
    project = given or out / f"project-{n}"
    if given is None and not (project / "content").is_dir():
        subprocess.run([sys.executable, str(HERE / "gen.py"), str(n), str(project)], check=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.rmtree(project / "overrides", ignore_errors=True)
    shutil.copytree(REPO / "overrides", project / "overrides")
    return project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, project: Path) -> None:
        self.project = project
        self.port = free_port()
        self.log = project / "serve-bench.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_TODAY": TODAY}
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{self.port}"]
        with self.log.open("w", encoding="utf-8") as out:
            self.proc = subprocess.Popen(cmd, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
        self.base = f"http://127.0.0.1:{self.port}/xxgk/"  # mkdocs.yml's site_url path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=TIMEOUT) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


def wait(condition: Callable[[], bool]) -> float:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > TIMEOUT:
            raise TimeoutError("the change was not served in time")
        time.sleep(0.05)
    return time.perf_counter() - start


def item_text(path: Path, **changes: str) -> str:
    text = path.read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    return text


def _plain(column: loader.Column) -> bool:
    return column.kind == "条目" and not column.lifecycle


def url_of(item: loader.Item) -> str:
    return item.dest_uri.removesuffix("index.html")


class Edits:
    """The edits staff make, each timed from the write to the served change, with the server's own report line."""

    def __init__(self, server: Server, project: Path) -> None:
        self.server, self.project = server, project
        model = loader.load(project, today=dt.date.fromisoformat(TODAY)).platform.bodies[0]
        plain = {s: items for s, items in model.by_column.items() if items and _plain(items[0].column)}
        slug, listed = max(plain.items(), key=lambda kv: len(kv[1]))  # the largest column of plain items (no 有效性, no 解读对象)
        other = next(s for s in plain if s != slug)
        self.newest, self.column, self.target = listed[0], listed[0].column, model.by_column[other][0].column
        self.rows: list[tuple[str, float, str]] = []

    def timed(self, kind: str, write: Callable[[], None], served: Callable[[], bool]) -> None:
        output = self.server.output
        before = output().count("预览已更新")
        write()
        seconds = wait(served)
        wait(lambda: output().count("预览已更新") > before or "预览未更新" in output())
        self.rows.append((kind, seconds, re.findall(r"预览(?:已|未)更新[^\n]*", output())[-1]))

    def round(self, r: int) -> None:
        get, newest, column, target = self.server.get, self.newest, self.column, self.target
        path = self.project / "content" / newest.src_uri
        title = f"{newest.title}（第{r + 1}次修改）"
        self.timed("改标题", lambda: path.write_text(item_text(path, 标题=title), "utf-8"),
                   lambda: title in get(url_of(newest))[1] and title in get(column.url)[1])  # fmt: skip
        new = self.project / "content" / f"bench-new-{r}.md"
        number = f"{newest.index_no.split('/')[0]}/2026-{90000 + r:05d}"
        name = f"预览基准新增信息{r + 1}"
        self.timed("新增信息", lambda: new.write_text(item_text(path, 标题=name, 索引号=number, 发布日期=TODAY), "utf-8"),
                   lambda: name in get(column.url)[1])  # fmt: skip
        self.timed("改栏目", lambda: new.write_text(item_text(new, 栏目=target.name), "utf-8"),
                   lambda: name in get(target.url)[1] and name not in get(column.url)[1])  # fmt: skip
        self.timed("改发布日期", lambda: new.write_text(item_text(new, 发布日期="2026-01-02"), "utf-8"),
                   lambda: "2026年1月2日" in get(f"{target.url}{number.split('/')[1]}/")[1])  # fmt: skip
        self.timed("删除信息", new.unlink, lambda: get(f"{target.url}{number.split('/')[1]}/")[0] == 404)


def run(n: int, project: Path, rounds: int) -> None:
    server = Server(project)
    try:
        first = wait(lambda: "Serving on" in server.output() or server.proc.poll() is not None)
        if server.proc.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped:\n{server.output()[-3000:]}")
        print(f"N={n}: first full build and serve {first:.1f} s; load average {os.getloadavg()[0]:.2f}", flush=True)
        edits = Edits(server, project)
        for r in range(rounds):
            edits.round(r)
        for kind, seconds, report in edits.rows:
            print(f"  {kind}\t{seconds:.2f} s\t{report}", flush=True)
        print(f"  load average after: {os.getloadavg()[0]:.2f}")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    for n in (int(x) for x in args.sizes.split(",")):
        project = project_for(n, args.out, args.project.resolve() if args.project else None)
        original = {p: p.read_bytes() for p in (project / "content").rglob("*.md")}
        try:
            run(n, project, args.rounds)
        finally:  # the corpus as it was (the edits leave it changed)
            for p, data in original.items():
                p.write_bytes(data)
            for p in (project / "content").glob("bench-new-*.md"):
                p.unlink()


if __name__ == "__main__":
    main()
