"""Shared fixtures: throwaway projects in tmp_path, real MkDocs builds, a local HTTP server, Chromium.

Every build here is the real `mkdocs build` with the real plugins (and Pagefind where enabled);
browser tests drive Debian's Chromium through Playwright (`executable_path`), never a stub.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
# The body every test builds: the fictional 示例县 (content/, site_config/ and its mkdocs.yml keys), kept here
# so that the suite never depends on the repository's own content/ or site_config/ (which `gongkai init`
# replaces with a real body's). Only tests/test_fresh_clone.py builds whatever the repository holds.
FIXTURE_BODY = REPO / "tests" / "fixtures" / "county"
BODY_MKDOCS_KEYS = ("site_name", "site_description", "site_url")
TODAY = "2026-11-24"
CODE = "11360999001234567C"
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ["GONGKAI_TODAY"] = TODAY


def item_md(body: str = "这是正文。\n", **fields: Any) -> str:
    """An item file: the given fields (Chinese keys) as YAML front matter, then the body."""
    meta = {
        "标题": "示例县人民政府关于做好2024年春耕生产工作的通知",
        "索引号": f"{CODE}/2024-00001",
        "栏目": "其他文件",
        "发文机关": "示例县人民政府办公室",
        "发布日期": "2024-03-08",
    }
    for key, value in fields.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{body}"


def fixture_mkdocs_yml(body: Path = FIXTURE_BODY) -> str:
    """The product's mkdocs.yml (plugins, nav, theme) with the fixture body's own keys (site_name, site_url …)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    own = yaml.safe_load((body / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in BODY_MKDOCS_KEYS:
        line = f"{key}: {json.dumps(own[key], ensure_ascii=False)}"
        text, found = re.subn(rf"^{key}:.*$", lambda _m, line=line: line, text, count=1, flags=re.M)
        if not found:
            text = f"{line}\n{text}"
    return text


def _form_files() -> list[str]:
    """The fixture body's 申请表 files (site_config/body.yml → 政府信息公开指南 → 申请表), paths under content/."""
    raw = yaml.safe_load((FIXTURE_BODY / "site_config/body.yml").read_text(encoding="utf-8"))
    forms = (raw.get("政府信息公开指南") or {}).get("申请表") or {}
    return list(forms.values()) if isinstance(forms, dict) else [forms]


def make_project(root: Path, items: dict[str, str] | None = None, *, sample: bool = False) -> Path:
    """A project folder like the repo's: the product's catalog_schema/, overrides/ and mkdocs.yml with the
    fixture body's site_config/ and mkdocs.yml keys, and content/.

    `items` maps paths under content/ to file text; `sample=True` copies the fixture county's content/.
    """
    root.mkdir(parents=True, exist_ok=True)
    for name in ("catalog_schema", "overrides"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    shutil.copytree(FIXTURE_BODY / "site_config", root / "site_config", dirs_exist_ok=True)
    (root / "mkdocs.yml").write_text(fixture_mkdocs_yml(), encoding="utf-8")
    if sample:
        shutil.copytree(FIXTURE_BODY / "content", root / "content", dirs_exist_ok=True)
    (root / "content").mkdir(exist_ok=True)
    for rel in _form_files():  # the body's configured application forms are part of its setup, like site_config/
        target = root / "content" / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(FIXTURE_BODY / "content" / rel, target)
    for rel, text in (items or {}).items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def set_plugins(project: Path, keep: list[str], nav: list[Any] | None = None) -> None:
    """Limit mkdocs.yml's plugins to `keep` (by name), e.g. to build fast without search.

    The nav is reduced to `nav` (default: the home page only), since other entries point at pages
    that the dropped plugins would have generated.
    """
    cfg_path = project / "mkdocs.yml"
    text = cfg_path.read_text(encoding="utf-8")
    cfg = yaml.safe_load(text)
    cfg["plugins"] = [p for p in cfg["plugins"] if (p if isinstance(p, str) else next(iter(p))) in keep]
    cfg["nav"] = nav if nav is not None else [{"首页": "index.md"}]
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")


@dataclass
class Build:
    ok: bool
    site: Path
    output: str
    returncode: int


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` (POSIX path relative to it) with its bytes: two trees compare byte for byte."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mkdocs_build(project: Path, *, strict: bool = True, extra: list[str] | None = None) -> Build:
    """Run the real `mkdocs build` as staff and CI do, and capture what it printed."""
    site = project / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    cmd += extra or []
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env={**os.environ, "GONGKAI_TODAY": TODAY})
    return Build(proc.returncode == 0, site, proc.stdout + proc.stderr, proc.returncode)


def gongkai(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the `gongkai` CLI in a subprocess (exit code and output exactly as a user sees them); `stdin` is typed in."""
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        input=stdin if stdin is not None else "",
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project holding the fixture county (tests/fixtures/county), made once per test process."""
    return make_project(tmp_path_factory.mktemp("sample"), sample=True)


@pytest.fixture(scope="session")
def sample_site(sample_project: Path) -> Path:
    """The fixture county (tests/fixtures/county), built once per test process with every plugin of mkdocs.yml."""
    result = mkdocs_build(sample_project)
    assert result.ok, result.output
    return result.site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    """The built sample served over HTTP on 127.0.0.1 (a random free port)."""
    yield from serve(sample_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: run `make browser-deps`"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, sample_url: str) -> Iterator[Any]:
    """A fresh browser page that records console errors and every request to another host."""
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.foreign_requests = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.on("request", lambda r: (not r.url.startswith(sample_url) and not r.url.startswith("data:")) and pg.foreign_requests.append(r.url))
    yield pg
    context.close()


@pytest.fixture(autouse=True)
def _no_stray_logging() -> Iterator[None]:
    logging.getLogger("mkdocs").propagate = True
    yield
