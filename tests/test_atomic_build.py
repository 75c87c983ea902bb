"""Atomic builds (issue 16, deliverable 6): `site/` changes only when a build succeeded.

Real `mkdocs build --strict` runs on a throwaway project: build, snapshot every file's bytes and
mtime, break the content in several ways, and compare; plus `mkdocs serve`, which must still build and
reload.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import CODE, TODAY, item_md, make_project, mkdocs_build, set_plugins


def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(site.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if p.name.startswith(".site")]


def good_project(tmp_path: Path) -> Path:
    items = {"qtwj/a.md": item_md("第一版正文。\n"), "qtwj/b.md": item_md("另一条。\n", 索引号=f"{CODE}/2024-00002")}
    project = make_project(tmp_path / "p", items=items)
    set_plugins(project, ["gongkai", "gongkai-directory"], nav=[{"首页": "index.md"}])
    return project


BREAKAGES = {
    "content-error": ("qtwj/a.md", item_md("正文。\n", 发布日期="2024-02-30"), "错误[date-invalid]"),
    "unsafe-html": ("qtwj/a.md", item_md("正文。\n\n<script>alert(1)</script>\n"), "错误[html-unsafe]"),
    "strict-warning": (
        "qtwj/a.md",
        item_md("正文。\n", 发文字号="示政发[2024]3号", 成文日期="2024-03-01"),
        "严格模式（--strict）下警告也会停止生成",
    ),
    "yaml-error": ("qtwj/a.md", "---\n标题: [未闭合\n---\n正文\n", "错误["),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_a_failed_build_leaves_the_previous_site_byte_identical(tmp_path: Path, case: str) -> None:
    project = good_project(tmp_path)
    first = mkdocs_build(project)
    assert first.ok, first.output
    before = snapshot(first.site)
    assert "qtwj/2024-00001/index.html" in before
    time.sleep(0.05)
    rel, text, says = BREAKAGES[case]
    (project / "content" / rel).write_text(text, encoding="utf-8")
    failed = mkdocs_build(project)
    assert not failed.ok
    assert says in failed.output and ("网站未生成" in failed.output or "未生成网站" in failed.output)
    assert "原网站保持不变" in failed.output
    assert "Traceback" not in failed.output
    assert snapshot(first.site) == before  # every file: same bytes, same mtime; none added or removed
    assert leftovers(project) == []  # the staging folder is gone


def test_a_successful_build_replaces_the_site_and_leaves_it_readable(tmp_path: Path) -> None:
    project = good_project(tmp_path)
    assert mkdocs_build(project).ok
    (project / "site" / "stale.txt").write_text("上次留下的文件", encoding="utf-8")
    (project / "content" / "qtwj" / "a.md").write_text(item_md("第二版正文。\n"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.ok, result.output
    page = (result.site / "qtwj" / "2024-00001" / "index.html").read_text(encoding="utf-8")
    assert "第二版正文" in page and "第一版正文" not in page
    assert not (result.site / "stale.txt").exists()  # a clean build, as MkDocs does it
    mask = os.umask(0)
    os.umask(mask)
    assert (result.site.stat().st_mode & 0o777) == 0o777 & ~mask  # not the private mode of a temporary folder
    assert leftovers(project) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_mkdocs_serve_still_builds_and_reloads_after_an_edit(tmp_path: Path) -> None:
    project = good_project(tmp_path)
    port = _free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "GONGKAI_TODAY": TODAY})
    base = urllib.parse.urlsplit(yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path
    url = f"http://127.0.0.1:{port}{base}qtwj/2024-00001/"  # serve mounts the site at site_url's path
    try:
        page = _wait_for(lambda: _get(url), lambda text: "第一版正文" in text)
        assert "Content-Security-Policy" in page
        (project / "content" / "qtwj" / "a.md").write_text(item_md("服务中修改的正文。\n"), encoding="utf-8")
        _wait_for(lambda: _get(url), lambda text: "服务中修改的正文" in text)
        assert not (project / "site").exists() and leftovers(project) == []  # serve never touches site/
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    assert "Traceback" not in output


def _wait_for(fetch, ok, timeout: float = 90.0) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch()
            if ok(last):
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out; last response: {last[:300]}")


def test_a_dirty_build_starts_from_the_published_site_and_fails_just_as_safely(tmp_path: Path) -> None:
    project = good_project(tmp_path)
    assert mkdocs_build(project).ok
    (project / "content" / "qtwj" / "a.md").write_text(item_md("脏构建修改的正文。\n"), encoding="utf-8")
    result = mkdocs_build(project, strict=False, extra=["--dirty", "--no-strict"])  # MkDocs itself warns about every dirty build
    assert result.ok, result.output
    assert "脏构建修改的正文" in (result.site / "qtwj" / "2024-00001" / "index.html").read_text(encoding="utf-8")
    assert (result.site / "qtwj" / "2024-00002" / "index.html").is_file()  # unchanged pages are still there
    before = snapshot(result.site)
    (project / "content" / "qtwj" / "a.md").write_text(item_md("<script>alert(1)</script>\n"), encoding="utf-8")
    failed = mkdocs_build(project, strict=False, extra=["--dirty", "--no-strict"])
    assert not failed.ok and "Traceback" not in failed.output
    assert snapshot(result.site) == before and leftovers(project) == []
