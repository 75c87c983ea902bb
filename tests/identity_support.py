"""Helpers for the footer / provenance / print / site-map tests: small real projects, real git, HTML parsing."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from conftest import make_project, set_plugins

MINE = ["gongkai", "gongkai-identity", "gongkai-provenance"]


def project(root: Path, items: dict[str, str] | None = None, *, edit_body: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """A project with only the core and this area's plugins (fast builds, nav reduced to the home page)."""
    make_project(root, items)
    set_plugins(root, MINE)
    cfg_path = root / "mkdocs.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["nav"] = [{"首页": "index.md"}]
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if edit_body is not None:
        body_path = root / "site_config" / "body.yml"
        body = yaml.safe_load(body_path.read_text(encoding="utf-8"))
        edit_body(body)
        body_path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def git(repo: Path, *args: str, when: str | None = None) -> str:
    """Run real git in `repo` as a fixed author; `when` (ISO) sets both author and committer dates."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    proc = subprocess.run(
        ["git", "-c", "user.name=信息员", "-c", "user.email=staff@example.gov.cn", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return proc.stdout


def commit_all(repo: Path, message: str, when: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)


class Page(HTMLParser):
    """Collects what the tests look at: links, images, meta, scripts, and text by CSS class / element id."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.images: list[dict[str, str]] = []
        self.meta: dict[str, str] = {}
        self.scripts: list[str] = []
        self.stylesheets: list[tuple[str, str]] = []  # (href, media)
        self.forms: list[dict[str, str]] = []
        self.inputs: list[dict[str, str]] = []
        self.buttons: list[dict[str, str]] = []
        self._texts: dict[str, list[str]] = {}
        self._open: list[tuple[str, list[str]]] = []  # (tag, keys collecting text)
        self._link: list[str] | None = None
        self._href = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        keys = [f".{c}" for c in a.get("class", "").split()] + ([f"#{a['id']}"] if "id" in a else []) + [tag]
        if tag not in ("img", "meta", "link", "input", "br", "hr"):
            self._open.append((tag, keys))
        if tag == "a":
            self._link, self._href = [], a.get("href", "")
        elif tag == "img":
            self.images.append(a)
        elif tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        elif tag == "script" and "src" in a:
            self.scripts.append(a["src"])
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append((a.get("href", ""), a.get("media", "")))
        elif tag == "form":
            self.forms.append(a)
        elif tag == "input":
            self.inputs.append(a)
        elif tag == "button":
            self.buttons.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append((self._href, "".join(self._link).strip()))
            self._link = None
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.append(data)
        for _, keys in self._open:
            for key in keys:
                self._texts.setdefault(key, []).append(data)

    def text(self, key: str) -> str:
        """All text inside elements matching `.class`, `#id` or a tag name, whitespace collapsed."""
        return " ".join("".join(self._texts.get(key, [])).split())


def read_page(site: Path, rel: str) -> Page:
    return Page((site / rel).read_text(encoding="utf-8"))
