"""Benchmark search at N items: Pagefind index time, peak RSS, index size, and what a reader's browser fetches.

    python bench/search.py N[,N…] [DIR] [--transfer-only] [--no-build] [--queries=Q1,Q2,…]

Generates a project with bench/gen.py (unless DIR/content exists; default bench/out/search-N) and builds it
twice with `mkdocs build` in fresh processes: with Pagefind switched off (`gongkai-search: {pagefind: false}`)
and on (`--transfer-only`: only on). Pagefind indexes each page while the build goes on
(`gongkai.pagefind_service.PagefindStream`), so its cost is the difference of the two wall times; its peak
RSS is that of the Pagefind binary (the largest child of the build, from RUSAGE_CHILDREN). Then it serves
the site on 127.0.0.1, gzipping text like a production server (README, 部署), and opens `search/?q=...` in
headless Chromium, cold (a fresh context per query), for a title word, a title substring, a full 发文字号
and a full 索引号 taken from the site. It sums every response the page received, as transferred: the
search page, the theme's CSS/JS, Pagefind and the lookup files (issue #19's targets: ≤ 400 KB at 20,000
items, ≤ 150 KB for an exact lookup). After an exact hit it also uses the 「查看全文检索结果」 button and
records the total by then. Prints Markdown rows (with the load average before and after) and writes
DIR/search-bench.json. `--queries=` measures more queries the same way (kind 其他, e.g. single common
characters, longer title substrings, a word and a year); `--no-build` measures the site already in DIR/site.

Platform mode (issue #18's target: a body-scoped first query transfers no more than the same query on a single-body
site of that body's size; the portal-wide first query reported):

    python bench/search.py N DIR --bodies=B [--body=X] [--queries=…] [--no-build]

generates the platform (`bench/gen.py N DIR --bodies B`, unless DIR/content exists), builds it into DIR/site, and
builds body X (default: the last 部门 of site_config/platform.yml) alone from the same generated items as a
single-body project in DIR-X (its bodies/X.yml as body.yml, content/X/ as content/, as
tests/fixtures/platform/check_bodies.sh assembles a body). The queries come from X's own item pages; each is opened
cold three times: on X's single-body site (`search/`), on X's scoped search page of the platform (`X/search/`) and
on the portal-wide search page (`search/`). Prints one row per query and writes DIR/search-platform-X.json.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
TEXT_TYPES = {".js": "text/javascript", ".json": "application/json", ".css": "text/css", ".html": "text/html; charset=utf-8"}
DONE = (
    "() => { const s = document.querySelector('[data-gk-status]');"
    " return s && /^(找到|没有)/.test(s.textContent) && !document.querySelector('[aria-busy]'); }"
)
BUILD_CHILD = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True)
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def dir_size(path: Path, pattern: str = "**/*") -> int:
    return sum(p.stat().st_size for p in path.glob(pattern) if p.is_file())


def build(project: Path, pagefind: bool) -> tuple[Path, dict[str, float]]:
    """Build with the project's mkdocs.yml, Pagefind on or off; wall seconds and the peak RSS of the largest process."""
    cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["plugins"] = [{"gongkai-search": {"pagefind": pagefind}} if p == "gongkai-search" else p for p in cfg["plugins"]]
    cfg_path = project / "mkdocs.yml"
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = project / "site"
    env = {**os.environ, "GONGKAI_TODAY": "2026-11-24", "NO_MKDOCS_2_WARNING": "1"}
    cmd = [PY, "-m", "mkdocs", "build", "-q", "-f", str(cfg_path), "-d", str(site)]
    child = subprocess.run([PY, "-c", BUILD_CHILD, *cmd], check=True, env=env, cwd=project, capture_output=True, text=True)
    return site, json.loads(child.stdout.strip().splitlines()[-1])


def queries_for(site: Path) -> list[tuple[str, str]]:
    """A title word, a title substring, a full 发文字号 and a full 索引号 taken from a real item page."""
    for page in sorted(site.glob("*/*/index.html")):
        html = page.read_text(encoding="utf-8")
        doc_no = re.search(r'<th scope="row">发文字号</th><td>([^<—]+)<', html)
        index_no = re.search(r'<td class="gk-index">([^<]+)<', html)
        title = re.search(r"<h1>([^<]+)</h1>", html)
        if doc_no and index_no and title:
            text = re.sub(r"[^\u4e00-\u9fff]", "", title.group(1))
            return [("标题词", text[-6:-4]), ("标题子串", text[3:6]), ("发文字号", doc_no.group(1)), ("索引号", index_no.group(1))]
    raise SystemExit("no item page with a 发文字号 found")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzip-compressed for browsers that accept it (nginx `gzip on` with these types)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in TEXT_TYPES or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", TEXT_TYPES[path.suffix])
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class Recorder:
    """Every request of one browser page: bytes as transferred (gzip for text) and as files."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.wire: dict[str, int] = {}
        self.files: dict[str, int] = {}
        self.pending: set[Any] = set()
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))
        page.on("requestfinished", self.finished)

    def finished(self, request: Any) -> None:
        response = request.response()
        body = len(response.body()) if response else 0
        self.files[request.url] = body
        transferred = request.sizes()["responseBodySize"]
        self.wire[request.url] = transferred if transferred >= 0 else body  # Chromium gives -1 when it cannot tell
        self.pending.discard(request)

    def settle(self) -> None:
        """Wait until every request the page started has finished and been counted."""
        self.page.wait_for_load_state("networkidle")
        for _ in range(200):
            if not self.pending:
                return
            self.page.wait_for_timeout(50)
        raise RuntimeError(f"requests not finished: {[r.url for r in self.pending]}")

    def summary(self) -> dict[str, object]:
        self.settle()
        pagefind = [u for u in self.wire if "/pagefind/" in u]
        return {
            "total_bytes": sum(self.wire.values()),
            "total_file_bytes": sum(self.files.values()),
            "requests": len(self.wire),
            "pagefind_bytes": sum(self.wire[u] for u in pagefind),
            "pagefind_requests": len(pagefind),
            "by_url": {u.split("/", 3)[-1]: self.wire[u] for u in sorted(self.wire)},
        }


def first_query_bytes(site: Path, queries: list[tuple[str, str]], page_path: str = "search/") -> list[dict[str, object]]:
    """Each query opened cold (a fresh browser context) at `search/?q=…`: everything the browser fetched.

    After an exact 发文字号/索引号 hit (answered without Pagefind) the 「查看全文检索结果」 button is used
    too, and what the page has fetched by then is recorded as well (`after_full_text`).
    """
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            for kind, query in queries:
                context = browser.new_context()
                page = context.new_page()
                recorder = Recorder(page)
                page.goto(f"{base}/{page_path}?q={urllib.parse.quote(query)}")
                page.wait_for_function(DONE, timeout=120000)
                first = page.evaluate("() => (document.querySelector('.gk-result__title a') || {}).textContent || ''")
                row: dict[str, object] = {"kind": kind, "query": query, **recorder.summary(), "first_result": first}
                row["status"] = page.inner_text("[data-gk-status]")
                if page.is_visible("[data-gk-full]"):
                    page.click("[data-gk-full]")
                    page.wait_for_function("() => document.querySelector('[data-gk-full]').hidden", timeout=120000)
                    page.wait_for_function(DONE, timeout=120000)
                    row["after_full_text"] = {**recorder.summary(), "status": page.inner_text("[data-gk-status]")}
                out.append(row)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


TARGET_KB = {"发文字号": 150, "索引号": 150}
"""Issue #19: a cold page load plus any benchmark query ≤ 400 KB at 20,000 items; an exact lookup ≤ 150 KB."""


def run(n: int, project: Path, transfer_only: bool, extra: list[str], rebuild: bool = True) -> dict[str, Any]:
    if not (project / "content").exists():
        subprocess.run([PY, str(REPO / "bench" / "gen.py"), str(n), str(project)], check=True)
    if (REPO / "overrides").is_dir() and not (project / "overrides").exists():
        shutil.copytree(REPO / "overrides", project / "overrides")
    load_before = os.getloadavg()
    without = None if transfer_only or not rebuild else build(project, pagefind=False)[1]
    site, with_index = build(project, pagefind=True) if rebuild else (project / "site", None)
    bundle = site / "pagefind"
    meta = next(bundle.glob("*.pf_meta"))
    ui_files = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight", "pagefind-worker")
    result: dict[str, Any] = {
        "items": n,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_before": [round(x, 2) for x in load_before],
        "build_seconds_without_index": round(without["seconds"], 1) if without else None,
        "build_seconds_with_index": round(with_index["seconds"], 1) if with_index else None,
        "index_seconds": round(with_index["seconds"] - without["seconds"], 1) if without and with_index else None,
        "indexed_pages": len(list(bundle.glob("fragment/**/*.pf_fragment"))),
        "peak_rss_mb": round(with_index["peak_rss_mb"]) if with_index else None,
        "pf_meta_bytes": meta.stat().st_size,
        "index_bytes": sum(dir_size(bundle, pattern) for pattern in ("index/*", "fragment/**/*", "filter/*", "*.pf_meta")),
        "bundle_bytes": dir_size(bundle) - sum(dir_size(bundle, f"{name}.*") for name in ui_files),
        "exact_lookup_bytes": dir_size(site / "search" / "exact"),
        "queries": first_query_bytes(site, queries_for(site) + [("其他", query) for query in extra]),
    }
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    (project / "search-bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def print_rows(result: dict[str, Any]) -> None:
    """Markdown rows: the build, then one row per query (cold page load + query, gzip, everything fetched)."""
    n = result["items"]
    load = " / ".join(f"{x:.1f}" for x in result["load_average_before"][:1] + result["load_average_after"][:1])
    without = f"{result['build_seconds_without_index']} s / " if result["build_seconds_without_index"] else ""
    built = f"{without}{result['build_seconds_with_index']} s | peak RSS {result['peak_rss_mb']} MB"
    print(
        f"build | {result['date']} | {n:,} | load {load} | {built if result['peak_rss_mb'] is not None else 'site reused (--no-build)'} "
        f"| index {result['index_bytes'] / 1e6:.1f} MB | pf_meta {result['pf_meta_bytes'] / 1024:.0f} KB"
    )
    for q in result["queries"]:
        target = TARGET_KB.get(q["kind"], 400)
        total = q["total_bytes"] / 1024
        cells = [
            result["date"][:10],
            f"{n:,}",
            load,
            f"{q['kind']} `{q['query']}`",
            f"**{total:.0f} KB** ({q['requests']} requests)",
            f"{q['pagefind_bytes'] / 1024:.0f} KB ({q['pagefind_requests']})",
            f"≤ {target} KB: {'yes' if total <= target else 'NO'}",
        ]
        full = q.get("after_full_text")
        cells.append(f"{full['total_bytes'] / 1024:.0f} KB ({full['requests']} requests)" if full else "—")
        print("| " + " | ".join(cells) + " |")


def single_body_project(platform: Path, body: str, root: Path) -> Path:
    """Body `body` of a generated platform as a single-body project of the same items (as check_bodies.sh assembles it)."""
    if not (root / "content").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(REPO / "catalog_schema", root / "catalog_schema")
        (root / "site_config").mkdir(parents=True)
        for shared in ("holidays.yml", "县域轮廓.geojson"):
            if (platform / "site_config" / shared).is_file():
                shutil.copy(platform / "site_config" / shared, root / "site_config" / shared)
        shutil.copy(platform / "site_config" / "bodies" / f"{body}.yml", root / "site_config" / "body.yml")
        shutil.copytree(platform / "content" / body, root / "content")
    if (REPO / "overrides").is_dir() and not (root / "overrides").exists():
        shutil.copytree(REPO / "overrides", root / "overrides")
    return root


def run_platform(n: int, bodies: int, project: Path, body: str, extra: list[str], rebuild: bool) -> dict[str, Any]:
    """Platform mode: X's queries on X's single-body site, on X's scoped search page and on the portal-wide one."""
    if not (project / "content").exists():
        subprocess.run([PY, str(REPO / "bench" / "gen.py"), str(n), str(project), "--bodies", str(bodies)], check=True)
    if (REPO / "overrides").is_dir() and not (project / "overrides").exists():
        shutil.copytree(REPO / "overrides", project / "overrides")
    listed = yaml.safe_load((project / "site_config" / "platform.yml").read_text(encoding="utf-8"))
    body = body or listed["部门"][-1]
    if body not in listed["部门"] + listed["乡镇"]:
        raise SystemExit(f"--body={body}: not a department or township of {project}/site_config/platform.yml")
    single = single_body_project(project, body, project.parent / f"{project.name}-{body}")
    load_before = os.getloadavg()
    built = {}
    for name, where in (("platform", project), ("single", single)):
        built[name] = build(where, pagefind=True)[1] if rebuild or not (where / "site").is_dir() else None
    queries = queries_for(single / "site") + [("其他", query) for query in extra]
    result: dict[str, Any] = {
        "items": n,
        "bodies": bodies,
        "body": body,
        "body_items": len(list((single / "content").rglob("*.md"))),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_before": [round(x, 2) for x in load_before],
        "builds": built,
        "single": first_query_bytes(single / "site", queries),
        "scoped": first_query_bytes(project / "site", queries, f"{body}/search/"),
        "portal": first_query_bytes(project / "site", queries),
    }
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    (project / f"search-platform-{body}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def print_platform_rows(result: dict[str, Any]) -> None:
    """One row per query: bytes transferred (gzip) on X's single-body site, X's scoped search, the portal-wide search."""
    body, n_body = result["body"], result["body_items"]
    print(f"# {result['date']} · {result['items']:,} items over {result['bodies']} bodies · body {body} ({n_body:,} items)")
    print(f"# load average {result['load_average_before'][0]:.1f} → {result['load_average_after'][0]:.1f}\n")
    print(f"| query | single-body site of {body} | {body}'s scoped search on the platform | portal-wide search | scoped / single |")
    print("|---|---:|---:|---:|---:|")

    def cell(q: dict[str, Any]) -> str:
        return f"{q['total_bytes'] / 1024:.0f} KB ({q['requests']} req, Pagefind {q['pagefind_bytes'] / 1024:.0f} KB)"

    for one, scoped, portal in zip(result["single"], result["scoped"], result["portal"], strict=True):
        ratio = scoped["total_bytes"] / one["total_bytes"]
        verdict = "yes" if ratio <= 1 else "NO"
        print(f"| {one['kind']} `{one['query']}` | {cell(one)} | {cell(scoped)} | {cell(portal)} | {ratio:.2f} (≤ 1: {verdict}) |")


def option(name: str) -> str | None:
    """The value of `--name=value` on the command line (None when absent)."""
    return next((a.split("=", 1)[1] for a in sys.argv if a.startswith(f"--{name}=")), None)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    bodies = int(option("bodies") or 1)
    if bodies > 1:
        n = int(args[0])
        project = Path(args[1] if len(args) > 1 else REPO / "bench" / "out" / f"search-{n}-{bodies}").resolve()
        extra = [q for q in (option("queries") or "").split(",") if q]
        print_platform_rows(run_platform(n, bodies, project, option("body") or "", extra, "--no-build" not in sys.argv))
        return
    sizes = [int(x) for x in args[0].split(",")]
    for n in sizes:
        default = REPO / "bench" / "out" / f"search-{n}"
        project = Path(args[1] if len(args) > 1 and len(sizes) == 1 else default).resolve()
        extra = [q for a in sys.argv if a.startswith("--queries=") for q in a.removeprefix("--queries=").split(",") if q]
        print_rows(run(n, project, "--transfer-only" in sys.argv, extra, rebuild="--no-build" not in sys.argv))


if __name__ == "__main__":
    main()
