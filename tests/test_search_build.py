"""What `mkdocs build` produces for search: the Pagefind records of items (read back from the real bundle),
the search page, the header search box, the exact-lookup files and the Pagefind bundle (real build, real
extended Pagefind)."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import CODE, Build, item_md, make_project, mkdocs_build, set_plugins
from gongkai import pagefind_bundle
from gongkai.model import Column, Item
from gongkai.pagefind_service import PagefindBatch
from gongkai.views import search
from gongkai.views.search import fnv1a, normalize_key, phrase_words, shard_count
from search_site import ITEMS, build_search_site


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


def indexed(site: Path) -> dict[str, dict]:
    """The records in the Pagefind bundle by URL: each fragment is gzip of `pagefind_dcd` + JSON."""
    records = {}
    for path in (site / "pagefind/fragment").glob("**/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd") :])
        records[record["url"]] = record
    return records


def test_item_is_indexed_from_its_search_document_not_its_page(built: Build) -> None:
    record = indexed(built.site)["/qtwj/2024-00001/"]
    text = record["content"].replace("\u200b", "")  # Pagefind marks jieba's word breaks with zero-width spaces
    assert record["meta"]["title"] == "示例县人民政府办公室关于做好2024年春耕生产工作的通知"
    assert "春耕生产" in text and "保障化肥、种子等农资供应" in text  # title and body
    assert "信息卡片" not in text and "更新记录" not in text and "打印本页" not in text  # page furniture
    assert not parse(built.site / "qtwj/2024-00001/index.html").having("data-pagefind-body")  # the page itself is not read


def test_item_record_carries_facets_and_result_metadata(built: Build) -> None:
    record = indexed(built.site)["/gfxwj/2023-00012/"]
    assert record["filters"] == {
        "栏目": ["行政规范性文件"],
        "年份": ["2023"],
        "发文机关": ["示例县人民政府"],
        "有效性": ["有效"],
        "主题分类": ["卫生、体育"],
    }
    meta = record["meta"]
    assert meta["索引号"].endswith("/2023-00012") and meta["发文字号"] and meta["发布日期"] == "2023年6月5日"
    assert "image" not in meta  # no footer badge taken for a result image


def test_a_page_sent_after_the_index_is_being_written_is_refused(tmp_path: Path) -> None:
    part = PagefindBatch(tmp_path / "pagefind")
    assert part.add_page("/a/", "<html lang='zh-CN'><body><article data-pagefind-body><h1>公告</h1></article></body></html>")
    assert not part.add_page("/b/", "<html><body><p>没有检索正文</p></body></html>")
    part.finish_in_background()
    with pytest.raises(RuntimeError, match="索引开始写出之后"):
        part.add_page("/c/", "<html lang='zh-CN'><body><article data-pagefind-body><h1>迟到</h1></article></body></html>")
    assert part.result() == 1
    assert (tmp_path / "pagefind/pagefind-entry.json").is_file()


def test_an_overridden_item_page_marked_as_search_body_is_not_indexed_twice(tmp_path: Path) -> None:
    # A site may override gongkai/item.html, e.g. from an older copy that still marks the article for Pagefind.
    project = make_project(tmp_path, {"qtwj/a.md": item_md(), "qtwj/b.md": item_md(索引号=f"{CODE}/2024-00002", 标题="第二条信息")})
    set_plugins(project, ["gongkai", "gongkai-search"])
    override = project / "overrides/gongkai/item.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    template = '{% extends "main.html" %}{% block content %}<article data-pagefind-body><h1>{{ item.title }}</h1>{{ page.content }}'
    override.write_text(template + "</article>{% endblock %}", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.ok, result.output
    assert sorted(indexed(result.site)) == ["/qtwj/2024-00001/", "/qtwj/2024-00002/"]


def test_a_dirty_build_keeps_the_last_full_index(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"qtwj/a.md": item_md(), "qtwj/b.md": item_md(索引号=f"{CODE}/2024-00002", 标题="第二条信息")})
    set_plugins(project, ["gongkai", "gongkai-search"])
    assert mkdocs_build(project).ok
    item = project / "content/qtwj/b.md"
    item.write_text(item.read_text(encoding="utf-8").replace("这是正文", "这是改过的正文"), encoding="utf-8")
    result = mkdocs_build(project, strict=False, extra=["--dirty", "--no-strict"])  # MkDocs itself warns about --dirty
    assert result.ok, result.output
    assert "不更新全文检索索引" in result.output
    assert sorted(indexed(result.site)) == ["/qtwj/2024-00001/", "/qtwj/2024-00002/"]  # not only the changed page


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
    assert "预览模式" not in page.read_text(encoding="utf-8")  # only `mkdocs serve` says that search may lag (test_serve_preview)


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
    # a platform of one: one bundle, no body's own (`search.scope_bundle`), and the search page names none
    assert [p.relative_to(built.site).as_posix() for p in built.site.rglob("pagefind-entry.json")] == ["pagefind/pagefind-entry.json"]
    assert "data-scope-bundle" not in (built.site / "search/index.html").read_text(encoding="utf-8")


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


def bundle_meta(site: Path) -> list:
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    name = f"pagefind.{entry['languages']['zh-cn']['hash']}.pf_meta"
    return pagefind_bundle.decode((site / "pagefind" / name).read_bytes(), name)


def test_fragment_names_carry_the_publication_order_and_pf_meta_has_no_sort_table(built: Build) -> None:
    meta = bundle_meta(built.site)
    assert meta[4] == []  # the date order lives in the fragment names, not in a 20,000-entry table
    dates = {str(fields["索引号"]): str(fields["发布日期"]) for fields in ITEMS.values()}
    by_rank = {}
    for name, _ in meta[1]:
        rank = name.split("/")[1]
        data = gzip.decompress((built.site / "pagefind/fragment" / f"{name}.pf_fragment").read_bytes())
        by_rank[int(rank)] = dates[json.loads(data[len(b"pagefind_dcd") :])["meta"]["索引号"]]
    assert sorted(by_rank) == list(range(len(ITEMS)))
    assert [by_rank[rank] for rank in range(len(ITEMS))] == sorted(dates.values())


def test_filter_files_list_their_values_in_order_and_are_named_by_their_content(built: Build) -> None:
    meta = bundle_meta(built.site)
    assert [name for name, _ in meta[3]] == sorted(search.FACETS)
    for facet, hashed in meta[3]:
        data = (built.site / "pagefind/filter" / f"{hashed}.pf_filter").read_bytes()
        assert hashed == "zh-cn_" + hashlib.sha256(data).hexdigest()[:12]
        name, values = pagefind_bundle.decode(data, hashed)
        assert name == facet and values == sorted(values)
    _, years = pagefind_bundle.decode((built.site / "pagefind/filter" / f"{dict(meta[3])['年份']}.pf_filter").read_bytes(), "年份")
    assert [value for value, _ in years] == ["2019", "2023", "2024", "2025", "2026"]
    assert sum(len(pages) for _, pages in years) == len(ITEMS)  # every item under its one year


def test_a_scoped_search_page_lists_a_body_box_only_with_another_body_in_it() -> None:
    """A body's own page keeps 机关 among its facets (search.js holds the scope as that filter) but lists the box only
    where its bundle holds another body's 联合发文: a box of its own body alone offers nothing the widen link does not."""
    alone = search.SearchView(1, 10, [], [("机关", ["示例县城关镇人民政府"]), ("栏目", ["其他文件"])], "示例县城关镇人民政府")
    assert not alone.body_box and alone.facets[0] == "机关" and [name for name, _ in alone.facet_values] == ["栏目"]
    joint = search.SearchView(1, 10, [], [("机关", ["示例县发展和改革委员会", "示例县城关镇人民政府"])], "示例县城关镇人民政府")
    assert joint.body_box and joint.facet_values == [("机关", ["示例县发展和改革委员会", "示例县城关镇人民政府"])]
    portal = search.SearchView(1, 10, [], [("机关", ["示例县人民政府"]), ("栏目", ["其他文件"])])
    assert portal.body_box and portal.facets[0] == "机关"  # the portal's page lists every body, even one
    single = search.SearchView(1, 10, [], [("栏目", ["其他文件"])])
    assert not single.body_box and "机关" not in single.facets
