"""What `mkdocs build` produces for search: Pagefind attributes on item pages, the search page, the
header search box, the exact-lookup files and the Pagefind bundle (real build, real extended Pagefind)."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import CODE, Build, item_md, make_project, mkdocs_build, set_plugins
from gongkai.model import Column, Item
from gongkai.search import fnv1a, normalize_key, phrase_words, shard_count
from search_site import build_search_site


class Tags(HTMLParser):
    """Every start tag with its attributes, plus the text inside <noscript>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.noscript = ""
        self._in_noscript = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_noscript = self._in_noscript or tag == "noscript"

    def handle_endtag(self, tag: str) -> None:
        if tag == "noscript":
            self._in_noscript = False

    def handle_data(self, data: str) -> None:
        if self._in_noscript:
            self.noscript += data

    def having(self, attr: str) -> list[tuple[str, dict[str, str]]]:
        return [(t, a) for t, a in self.tags if attr in a]


def parse(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build_search_site(tmp_path_factory.mktemp("search-build"))
    assert result.ok, result.output
    return result


def test_item_page_marks_only_the_article_as_search_body(built: Build) -> None:
    tags = parse(built.site / "qtwj/2024-00001/index.html")
    assert [t for t, _ in tags.having("data-pagefind-body")] == ["article"]
    ignored = [a.get("class", "") for _, a in tags.having("data-pagefind-ignore")]
    assert "gk-infocard" in ignored


def test_item_page_carries_facets_meta_and_date_sort(built: Build) -> None:
    tags = parse(built.site / "gfxwj/2023-00012/index.html")
    filters = {(a["data-pagefind-filter"].split("[")[0], a.get("data-value", "")) for _, a in tags.having("data-pagefind-filter")}
    assert filters == {
        ("栏目", "行政规范性文件"),
        ("年份", "2023"),
        ("发文机关", "示例县人民政府"),
        ("有效性", "有效"),
        ("主题分类", "卫生、体育"),
    }
    metas = {a["data-pagefind-meta"].split("[")[0] for _, a in tags.having("data-pagefind-meta")}
    assert {"索引号", "发文字号", "发布日期"} <= metas
    sorts = tags.having("data-pagefind-sort")
    assert sorts == [("time", sorts[0][1])] and sorts[0][1]["datetime"] == "2023-06-05"


def test_search_page_is_generated_and_points_to_the_directory_without_javascript(built: Build) -> None:
    page = built.site / "search/index.html"
    tags = parse(page)
    assert "政府信息公开目录" in tags.noscript
    hrefs = [a["href"] for t, a in tags.tags if t == "a" and "href" in a]
    assert "../mulu/" in hrefs
    box = next(a for t, a in tags.tags if a.get("id") == "gk-search")
    assert box["data-facets"].split(",") == ["栏目", "年份", "发文机关", "有效性", "主题分类"]
    labels = [a.get("for") for t, a in tags.tags if t == "label"]
    assert "gk-q" in labels and "gk-sort" in labels


def test_every_page_has_the_header_search_form(built: Build) -> None:
    for rel in ("index.html", "qtwj/2024-00001/index.html", "search/index.html"):
        tags = parse(built.site / rel)
        form = next(a for t, a in tags.tags if t == "form" and "gk-header-search" in a.get("class", ""))
        page_url = "https://site.example/" + rel.removesuffix("index.html")
        assert urljoin(page_url, form["action"]) == "https://site.example/search/" and form["method"] == "get"
        assert any(t == "input" and a.get("name") == "q" and a.get("id") == "gk-header-q" for t, a in tags.tags)
        assert any(t == "label" and a.get("for") == "gk-header-q" for t, a in tags.tags)


def test_pagefind_bundle_is_written_in_chinese_with_every_item(built: Build) -> None:
    entry = json.loads((built.site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-cn"]  # <html lang="zh-CN">
    assert entry["languages"]["zh-cn"]["page_count"] == 10  # the items only: no home, search or 404 page
    assert not (built.site / "search/search_index.json").exists()  # Material's search plugin is not used


def test_exact_lookup_finds_doc_numbers_and_index_numbers(built: Build) -> None:
    shards = list((built.site / "search/exact").glob("*.json"))
    assert len(shards) == shard_count(16)
    table: dict[str, list[str]] = {}
    for shard in shards:
        data = json.loads(shard.read_text(encoding="utf-8"))
        assert all(fnv1a(key) % len(shards) == int(shard.stem) for key in data)
        table.update(data)
    assert table[normalize_key("示政办发[2024]3号")][0] == "qtwj/2024-00001/"
    assert table[normalize_key(f"{CODE}/2025-00007")][0] == "xzsyxsf/2025-00007/"


def test_normalize_key_unifies_the_brackets_staff_type() -> None:
    forms = ["示政办发〔2024〕3号", "示政办发[2024]3号", "示政办发【2024】3号", "示政办发（2024）3号"]
    forms += ["示政办发(2024)3号", " 示政办发 〔2024〕3号"]
    assert {normalize_key(f) for f in forms} == {"示政办发〔2024〕3号"}
    assert normalize_key(f"{CODE.lower()}/2024-00001") == f"{CODE}/2024-00001"


def test_phrase_words_split_chinese_into_characters_and_keep_number_runs() -> None:
    column = Column("其他文件", "qtwj", "条目", "", None)
    title = "关于做好2024年春耕工作的通知"
    item = Item("a.md", "content/a.md", title, f"{CODE}/2024-00001", column, ("办",), dt.date(2024, 3, 8), doc_no="示政办发〔2024〕3号")
    assert phrase_words(item) == "关 于 做 好 2024 年 春 耕 工 作 的 通 知 ⁂ 示 政 办 发 2024 3 号"


def test_build_fails_with_install_hint_when_extended_pagefind_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, {"a.md": item_md()})
    set_plugins(project, ["gongkai", "gongkai-search"])
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such" / "pagefind"))
    result = mkdocs_build(project)
    assert not result.ok
    assert "pip install 'pagefind[extended]==1.5.2'" in result.output
    assert "Traceback" not in result.output
