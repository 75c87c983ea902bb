"""The primary nav is rendered once per set of relative links (gongkai.views.navcache) and stays right on every page.

Checked on the real sample build: every nav link of a page, resolved against that page's URL, reaches the
same nav pages, whether the page sits under a nav section (/zhidu/2025-00028/ under /zhidu/) or not; a page
in the nav marks its own entry active and no item page does.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import yaml
from conftest import CODE, item_md, make_project, mkdocs_build, set_plugins

NAV_TARGETS = ["/", "/zhinan/", "/zhidu/", "/fdzdgknr/", "/nianbao/", "/mulu/"]


class PrimaryNav(HTMLParser):
    """The links of the theme's primary sidebar (`md-sidebar--primary`) and which of them is active."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self.depth:
            if tag == "div":
                self.depth += 1
            if tag == "a" and "md-nav__link" in a.get("class", ""):
                self.links.append((a.get("href", ""), "md-nav__link--active" in a.get("class", "")))
        elif tag == "div" and "md-sidebar--primary" in a.get("class", ""):
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1


def nav_of(site: Path, url: str) -> list[tuple[str, bool]]:
    parser = PrimaryNav()
    parser.feed((site / url.strip("/") / "index.html").read_text(encoding="utf-8"))
    base = "https://site.example" + url
    return [(urljoin(base, href).removeprefix("https://site.example"), active) for href, active in parser.links]


def test_item_pages_anywhere_in_the_tree_link_to_the_same_nav_pages(sample_site: Path) -> None:
    for url in ("/gfxwj/2024-00004/", "/zhidu/2025-00028/", "/gfxwj/", "/gfxwj/archive/", "/search/"):
        links = nav_of(sample_site, url)
        assert [href for href, _ in links] == NAV_TARGETS, url
        assert not any(active for _, active in links), url


def test_a_page_in_the_nav_marks_its_own_entry_active(sample_site: Path) -> None:
    links = nav_of(sample_site, "/zhinan/")
    assert [href for href, _ in links] == NAV_TARGETS
    assert [href for href, active in links if active] == ["/zhinan/"]


def test_a_nav_entry_added_by_a_plugin_is_rendered_as_active_on_its_page(tmp_path: Path) -> None:
    # gongkai-guide puts 指南 into the nav itself when mkdocs.yml does not list it (after the core's nav step).
    project = make_project(tmp_path, {"qtwj/a.md": item_md()})
    set_plugins(project, ["gongkai", "gongkai-guide"], nav=[{"首页": "index.md"}])
    result = mkdocs_build(project)
    assert result.ok, result.output
    assert [href for href, active in nav_of(result.site, "/zhinan/") if active] == ["/zhinan/"]
    pages = [p.parent for p in result.site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(pages) > 5
    for folder in pages:
        url = "/" + folder.relative_to(result.site).as_posix().strip(".") + "/"
        url = "/" if url == "//" else url
        links = nav_of(result.site, url)
        assert [href for href, _ in links] == ["/", "/zhinan/"], url
        assert [href for href, on in links if on] in ([], [url]), url  # a page marks at most its own entry


HEADER_TOPIC = re.compile(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)
SEARCH_ACTION = re.compile(r'<form class="gk-header-search" role="search" action="([^"]*)"')
JIUCUO_PAGE = re.compile(r'href="https://zfwzgl\.www\.gov\.cn/exposure/jiucuo\.html\?[^"]*url=([^"&]*)"')
CONFIG_BASE = re.compile(r'<script id="__config" type="application/json">\{[^<]*"base": "([^"]*)"')


def _two_items_without_pagefind(tmp_path: Path) -> Path:
    project = make_project(
        tmp_path,
        {
            "qtwj/a.md": item_md(标题="示例县人民政府关于甲事项的通知"),
            "qtwj/b.md": item_md(标题="示例县人民政府关于乙事项的通知", 索引号=f"{CODE}/2024-00002"),
        },
    )
    set_plugins(project, ["gongkai", "gongkai-search", "gongkai-directory", "gongkai-identity"])
    cfg_path = project / "mkdocs.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["plugins"] = [{"gongkai-search": {"pagefind": False}} if p == "gongkai-search" else p for p in cfg["plugins"]]
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def test_pages_sharing_one_header_rendering_each_show_their_own_title_and_links(tmp_path: Path) -> None:
    # The header and Material's __config block are rendered once per set of links (gongkai.views.navcache.Fragments):
    # the search page and a column page sit at the same depth but link to the search page differently.
    result = mkdocs_build(_two_items_without_pagefind(tmp_path))
    assert result.ok, result.output
    pages = {url: (result.site / url.strip("/") / "index.html").read_text(encoding="utf-8") for url in
             ("/qtwj/2024-00001/", "/qtwj/2024-00002/", "/search/", "/qtwj/")}
    assert HEADER_TOPIC.findall(pages["/qtwj/2024-00001/"]) == ["示例县人民政府关于甲事项的通知"]
    assert HEADER_TOPIC.findall(pages["/qtwj/2024-00002/"]) == ["示例县人民政府关于乙事项的通知"]
    expected = {"/qtwj/2024-00001/": "../../search/", "/qtwj/2024-00002/": "../../search/", "/search/": "./", "/qtwj/": "../search/"}
    assert {url: SEARCH_ACTION.findall(html) for url, html in pages.items()} == {url: [a] for url, a in expected.items()}
    reported = {url: [unquote(u) for u in JIUCUO_PAGE.findall(html)] for url, html in pages.items()}
    # the footer's 找错 link reports the page itself
    assert reported == {url: [f"https://www.example.gov.cn/xxgk{url}"] for url in pages}, reported
    bases = {url: CONFIG_BASE.findall(html) for url, html in pages.items()}
    assert bases == {"/qtwj/2024-00001/": ["../.."], "/qtwj/2024-00002/": ["../.."], "/search/": [".."], "/qtwj/": [".."]}


@pytest.mark.parametrize("partial", ["gongkai/partials/elder_mode.html", "gongkai/partials/identity_footer.html"])
def test_a_site_override_of_a_header_or_footer_partial_is_rendered_for_every_page(tmp_path: Path, partial: str) -> None:
    # A partial the header or the footer includes, overridden by the site, may print something of the page: not shared then.
    project = _two_items_without_pagefind(tmp_path)
    probe = project / "overrides" / partial
    probe.parent.mkdir(parents=True)
    probe.write_text('<span class="probe">{{ page.url }}</span>{{ jiucuo_hole or "" }}\n', encoding="utf-8")  # a copy keeps the hole
    result = mkdocs_build(project)
    assert result.ok, result.output
    for url in ("qtwj/2024-00001/", "qtwj/2024-00002/", "search/"):
        html = (result.site / url / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'<span class="probe">([^<]*)</span>', html) == [url]
