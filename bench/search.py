"""Benchmark search at N items: Pagefind index time, peak RSS, index size, bytes for a first query.

    python bench/search.py N [DIR]

Generates a project with bench/gen.py (unless DIR/content exists) and builds it twice with `mkdocs build`
in fresh processes: with Pagefind switched off (`gongkai-search: {pagefind: false}`) and on. Pagefind
indexes each page while the build goes on (`gongkai.pagefind_service.PagefindStream`), so its cost is the
difference of the two wall times; its peak RSS is that of the Pagefind binary (the largest child of the
build, from RUSAGE_CHILDREN). Then it serves the site on 127.0.0.1 and opens
`search/?q=...` in headless Chromium (cold, one fresh context per query), summing the bodies of the
responses for `pagefind/*` and `search/exact/*`. Prints a Markdown table row set and writes
DIR/search-bench.json.
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


def first_query_bytes(site: Path, queries: list[tuple[str, str]]) -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
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

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            for kind, query in queries:
                context = browser.new_context()
                page = context.new_page()
                sizes: dict[str, int] = {}
                wire: dict[str, int] = {}

                def finished(r: Any, sizes: dict[str, int] = sizes, wire: dict[str, int] = wire) -> None:
                    response = r.response()
                    sizes[r.url] = len(response.body()) if response else 0
                    wire[r.url] = r.sizes()["responseBodySize"]

                page.on("requestfinished", finished)
                page.goto(f"{base}/search/?q={urllib.parse.quote(query)}")
                page.wait_for_function(DONE, timeout=60000)
                page.wait_for_load_state("networkidle")
                search = {u: n for u, n in sizes.items() if "/pagefind/" in u or "/search/exact/" in u}
                search_wire = sum(n for u, n in wire.items() if u in search)
                first = page.evaluate("() => (document.querySelector('.gk-result__title a') || {}).textContent || ''")
                out.append(
                    {
                        "kind": kind,
                        "query": query,
                        "search_bytes": search_wire,
                        "search_file_bytes": sum(search.values()),
                        "search_requests": len(search),
                        "page_bytes": sum(wire.values()),
                        "first_result": first,
                        "requests": {u.split("/", 3)[-1]: wire[u] for u in sorted(wire)},
                        "status": page.inner_text("[data-gk-status]"),
                    }
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def main() -> None:
    n = int(sys.argv[1])
    project = Path(sys.argv[2] if len(sys.argv) > 2 else REPO / "bench" / "out" / f"search-{n}").resolve()
    if not (project / "content").exists():
        subprocess.run([PY, str(REPO / "bench" / "gen.py"), str(n), str(project)], check=True)
    if (REPO / "overrides").is_dir() and not (project / "overrides").exists():
        shutil.copytree(REPO / "overrides", project / "overrides")
    _, without = build(project, pagefind=False)
    site, with_index = build(project, pagefind=True)
    bundle = site / "pagefind"
    meta = next(bundle.glob("*.pf_meta"))
    ui_files = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight", "pagefind-worker")
    result = {
        "items": n,
        "build_seconds_without_index": round(without["seconds"], 1),
        "build_seconds_with_index": round(with_index["seconds"], 1),
        "index_seconds": round(with_index["seconds"] - without["seconds"], 1),
        "indexed_pages": len(list((bundle / "fragment").iterdir())),
        "peak_rss_mb": round(with_index["peak_rss_mb"]),
        "pf_meta_bytes": meta.stat().st_size,
        "index_bytes": sum(dir_size(bundle, pattern) for pattern in ("index/*", "fragment/*", "filter/*", "*.pf_meta")),
        "bundle_bytes": dir_size(bundle) - sum(dir_size(bundle, f"{name}.*") for name in ui_files),
        "exact_lookup_bytes": dir_size(site / "search" / "exact"),
        "queries": first_query_bytes(site, queries_for(site)),
    }
    (project / "search-bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(
        f"| {n} | {result['build_seconds_without_index']} s | {result['build_seconds_with_index']} s | {result['index_seconds']} s "
        f"| {result['peak_rss_mb']} MB | {result['index_bytes'] / 1e6:.1f} MB |"
    )
    for q in result["queries"]:
        kb, files_kb = q["search_bytes"] / 1024, q["search_file_bytes"] / 1024
        print(
            f"|   {q['kind']} `{q['query']}` | {kb:.0f} KB transferred ({files_kb:.0f} KB of files) in {q['search_requests']} requests "
            f"| first: {q['first_result'][:30]}"
        )


if __name__ == "__main__":
    main()
