"""Benchmark search at N items: Pagefind index time, peak RSS, index size, bytes for a first query.

    python bench/search.py N [DIR]

Generates a project with bench/gen.py (unless DIR/content exists), builds it with `mkdocs build`
with Pagefind switched off (`gongkai-search: {pagefind: false}`), then indexes the built site with
`gongkai.search.run_pagefind` in a child process (wall time; peak RSS of the Pagefind binary, from
RUSAGE_CHILDREN of that process). Then it serves the site on 127.0.0.1 and opens
`search/?q=...` in headless Chromium (cold, one fresh context per query), summing the bodies of the
responses for `pagefind/*` and `search/exact/*`. Prints a Markdown table row set and writes
DIR/search-bench.json.
"""

from __future__ import annotations

import functools
import http.server
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

import yaml

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
DONE = (
    "() => { const s = document.querySelector('[data-gk-status]');"
    " return s && /^(找到|没有)/.test(s.textContent) && !document.querySelector('[aria-busy]'); }"
)
INDEX_CHILD = """
import json, resource, sys, time
from pathlib import Path
from gongkai.search import run_pagefind
t = time.perf_counter()
result = run_pagefind(Path(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - t, "pages": result.pages,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def dir_size(path: Path, pattern: str = "**/*") -> int:
    return sum(p.stat().st_size for p in path.glob(pattern) if p.is_file())


def build(project: Path) -> tuple[Path, float]:
    cfg_path = project / "mkdocs.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["plugins"] = [{"gongkai-search": {"pagefind": False}} if p == "gongkai-search" else p for p in cfg["plugins"]]
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = project / "site"
    env = {**os.environ, "GONGKAI_TODAY": "2026-11-24", "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([PY, "-m", "mkdocs", "build", "-q", "-f", str(cfg_path), "-d", str(site)], check=True, env=env, cwd=project)
    return site, time.perf_counter() - start


def queries_for(site: Path) -> list[tuple[str, str]]:
    """A title word, a title substring, a full 发文字号 and a full 索引号 taken from a real item page."""
    for page in sorted(site.glob("*/*/index.html")):
        html = page.read_text(encoding="utf-8")
        doc_no = re.search(r'data-pagefind-meta="发文字号">([^<]+)<', html)
        index_no = re.search(r'data-pagefind-meta="索引号">([^<]+)<', html)
        title = re.search(r"<h1>([^<]+)</h1>", html)
        if doc_no and index_no and title:
            text = re.sub(r"[^\u4e00-\u9fff]", "", title.group(1))
            return [("标题词", text[-6:-4]), ("标题子串", text[3:6]), ("发文字号", doc_no.group(1)), ("索引号", index_no.group(1))]
    raise SystemExit("no item page with a 发文字号 found")


def first_query_bytes(site: Path, queries: list[tuple[str, str]]) -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

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
                page.on("requestfinished", lambda r, sizes=sizes: sizes.__setitem__(r.url, len(r.response().body()) if r.response() else 0))
                page.goto(f"{base}/search/?q={urllib.parse.quote(query)}")
                page.wait_for_function(DONE, timeout=60000)
                page.wait_for_load_state("networkidle")
                search = {u: n for u, n in sizes.items() if "/pagefind/" in u or "/search/exact/" in u}
                first = page.evaluate("() => (document.querySelector('.gk-result__title a') || {}).textContent || ''")
                out.append({
                    "kind": kind,
                    "query": query,
                    "search_bytes": sum(search.values()),
                    "search_requests": len(search),
                    "page_bytes": sum(sizes.values()),
                    "first_result": first,
                    "status": page.inner_text("[data-gk-status]"),
                })
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
    site, build_seconds = build(project)
    child = subprocess.run([PY, "-c", INDEX_CHILD, str(site)], check=True, capture_output=True, text=True)
    index = json.loads(child.stdout.strip().splitlines()[-1])
    bundle = site / "pagefind"
    ui_files = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight", "pagefind-worker")
    result = {
        "items": n,
        "build_seconds_without_index": round(build_seconds, 1),
        "index_seconds": round(index["seconds"], 1),
        "indexed_pages": index["pages"],
        "pagefind_peak_rss_mb": round(index["peak_rss_mb"]),
        "index_bytes": sum(dir_size(bundle, pattern) for pattern in ("index/*", "fragment/*", "filter/*", "*.pf_meta")),
        "bundle_bytes": dir_size(bundle) - sum(dir_size(bundle, f"{name}.*") for name in ui_files),
        "exact_lookup_bytes": dir_size(site / "search" / "exact"),
        "queries": first_query_bytes(site, queries_for(site)),
    }
    (project / "search-bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"| {n} | {result['index_seconds']} s | {result['pagefind_peak_rss_mb']} MB | {result['index_bytes'] / 1e6:.1f} MB |")
    for q in result["queries"]:
        kb = q["search_bytes"] / 1024
        print(f"|   {q['kind']} `{q['query']}` | {kb:.0f} KB in {q['search_requests']} requests | first: {q['first_result'][:30]}")


if __name__ == "__main__":
    main()
