"""Each site-wide URL is declared once and set by the plugin that makes the page (gongkai.views.urls): moving the search
page with gongkai-search's `page` option moves every search form; switching gongkai-directory's feeds off removes
every link to them."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CODE, item_md, make_project, mkdocs_build


def _configure(project: Path, plugin: str, options: str) -> None:
    cfg = project / "mkdocs.yml"
    text, found = re.subn(rf"^  - {plugin}\b.*$", f"  - {plugin}:\n{options}", cfg.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert found, plugin
    cfg.write_text(text, encoding="utf-8")


def _items() -> dict[str, str]:
    rule = item_md(标题="示例县某管理办法", 栏目="行政规范性文件", 索引号=f"{CODE}/2024-00002", 有效性={"状态": "有效"})
    return {"a.md": item_md(), "b.md": rule}


def _search_actions(html: str) -> set[str]:
    """The action of every search form (role="search") of a page."""
    forms = [tag for tag in re.findall(r"<form\b[^>]*>", html) if 'role="search"' in tag]
    return {m.group(1) for tag in forms if (m := re.search(r'action="([^"]*)"', tag))}


def test_the_search_page_option_moves_every_search_form_and_nothing_links_to_the_default(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", _items())
    _configure(project, "gongkai-search", "      page: jiansuo/index.md")
    result = mkdocs_build(project)
    assert result.ok, result.output
    assert (result.site / "jiansuo/index.html").is_file() and not (result.site / "search/index.html").exists()
    forms = {}
    for url in ("", "zhinan/", "wjk/", "qtwj/2024-00001/", "404.html"):
        path = result.site / url if url.endswith(".html") else result.site / url / "index.html"
        forms[url] = _search_actions(path.read_text(encoding="utf-8"))
    assert all(forms.values()), forms
    for url, actions in forms.items():
        assert all(a.rstrip("/").endswith("jiansuo") for a in actions), (url, actions)


def test_without_feeds_neither_the_home_nor_the_guide_links_to_them(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", _items())
    _configure(project, "gongkai-directory", "      feeds: false")
    result = mkdocs_build(project)
    assert result.ok, result.output
    assert not (result.site / "feeds/rss.xml").exists()
    for url in ("", "zhinan/"):
        html = (result.site / url / "index.html").read_text(encoding="utf-8")
        assert "rss.xml" not in html and "atom.xml" not in html, url
