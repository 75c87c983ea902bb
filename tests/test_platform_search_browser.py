"""Portal-wide search with a 机关 facet, body-scoped search pages and the staff dashboard's platform table (issue #18),
in real headless Chromium over one real MkDocs + extended Pagefind build of a three-body platform served on 127.0.0.1.

The platform: the fixture county as 本级政府 (make_project), the department fgw and the township czz with their
config files from tests/fixtures/platform/site_config/bodies/, and items written here. Every body has an item
titled …工作要点 (one query finds all three bodies); fgw has a 联合发文 with czz (发文机关 names both bodies).
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CODE, mkdocs_build, serve
from search_site import DONE, recording_tab
from test_platform import CZZ, FGW, county_item, czz_item, fgw_item, make_platform

ITEMS = {
    "qtwj/2026-00001.md": county_item(标题="示例县2026年政务公开工作要点"),
    "qtwj/2026-00002.md": county_item("2026-00002", 标题="示例县防汛抗旱应急预案"),
    "fgw/qtwj/2026-00001.md": fgw_item(标题="发展改革委2026年价格监测工作要点"),
    "fgw/qtwj/2026-00002.md": fgw_item(
        "2026-00002",
        标题="关于做好城关镇农产品价格监测的联合通知",
        发文机关=["示例县发展和改革委员会", "示例县城关镇人民政府"],
        发布日期="2026-04-01",
    ),
    "czz/qtwj/2026-00001.md": czz_item(标题="城关镇2026年农业农村工作要点"),
    "czz/qtwj/2026-00002.md": czz_item("2026-00002", 标题="城关镇春耕生产工作安排"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_platform(tmp_path_factory.mktemp("platform-search") / "p", ITEMS)
    result = mkdocs_build(project)
    assert result.ok, result.output
    return result.site


@pytest.fixture(scope="module")
def site_url(built: Path) -> Iterator[str]:
    yield from serve(built)


@pytest.fixture
def tab(browser: Any, site_url: str) -> Iterator[Any]:
    """A fresh page recording console errors and requests to any host but the local server."""
    yield from recording_tab(browser, site_url, viewport={"width": 1280, "height": 900})


def open_search(tab: Any, url: str) -> list[str]:
    tab.goto(url)
    tab.wait_for_function(DONE)
    return result_paths(tab)


def result_paths(tab: Any) -> list[str]:
    return sorted(urllib.parse.urlparse(a.get_attribute("href")).path for a in tab.query_selector_all(".gk-result__title a"))


def items(paths: list[str]) -> list[str]:
    """The item pages among the results (the 指南 pages mention 工作要点 too)."""
    return [p for p in paths if "/qtwj/" in p]


def test_the_portal_search_lists_every_body_in_the_body_facet_and_the_facet_filters_in_chromium(tab: Any, site_url: str) -> None:
    everything = open_search(tab, f"{site_url}/search/?q={urllib.parse.quote('工作要点')}")
    assert items(everything) == ["/czz/qtwj/2026-00001/", "/fgw/qtwj/2026-00001/", "/qtwj/2026-00001/"]
    boxes = tab.query_selector_all("input[name='机关']")
    assert [b.get_attribute("value") for b in boxes] == ["示例县人民政府", "示例县发展和改革委员会", "示例县城关镇人民政府"]
    tab.check("input[name='机关'][value='示例县城关镇人民政府']")
    tab.wait_for_function(DONE)
    assert items(result_paths(tab)) == ["/czz/qtwj/2026-00001/"]
    assert all(p.startswith("/czz/") for p in result_paths(tab))  # its 指南 too, nothing of another body
    assert "机关=" in urllib.parse.unquote(tab.url)
    # a 联合发文 is found under every platform body it names: fgw's joint notice under 城关镇
    joint = open_search(tab, f"{site_url}/search/?q={urllib.parse.quote('价格监测')}&机关={urllib.parse.quote('示例县城关镇人民政府')}")
    assert joint == ["/fgw/qtwj/2026-00002/"]
    shown = tab.inner_text(".gk-result")
    assert "示例县发展和改革委员会、示例县城关镇人民政府" in shown  # each result names its bodies (its 机关 filter)


def bundle_requests(tab: Any, site_url: str) -> list[str]:
    """Start recording the page's requests for Pagefind bundle files (paths); the list fills as they are made."""
    paths: list[str] = []
    tab.on("request", lambda r: "pagefind" in r.url and paths.append(urllib.parse.urlparse(r.url).path))
    return paths


def test_a_body_search_page_returns_only_that_bodys_items_until_widened(tab: Any, site_url: str) -> None:
    requests = bundle_requests(tab, site_url)
    own = open_search(tab, f"{site_url}/fgw/search/?q={urllib.parse.quote('工作要点')}")
    assert items(own) == ["/fgw/qtwj/2026-00001/"] and all(p.startswith("/fgw/") for p in own)
    # scoped: only the body's own bundle is loaded (its script, wasm, entry, meta, index chunks, fragments)
    assert requests and all(p.startswith("/fgw/pagefind/") for p in requests), requests
    assert any(p.endswith(".pf_meta") for p in requests) and any(p.endswith(".pf_index") for p in requests)
    assert not any(p.endswith(".pf_filter") for p in requests)  # no filter file loaded for a query without filters
    requests.clear()
    assert tab.inner_text("h1") == "示例县发展和改革委员会 全文检索"
    assert tab.inner_text("[data-gk-scope-text]") == "检索范围：示例县发展和改革委员会。"
    assert tab.is_checked("input[name='机关'][value='示例县发展和改革委员会']")
    tab.check("input[name='年份'][value='2026']")
    tab.wait_for_function(DONE)
    tab.click("[data-gk-clear]")  # 清除筛选 clears the reader's filters, not the page's scope
    tab.wait_for_function(DONE)
    assert urllib.parse.urlparse(tab.url).path == "/fgw/search/" and "年份" not in urllib.parse.unquote(tab.url)
    assert tab.is_checked("input[name='机关'][value='示例县发展和改革委员会']") and not tab.is_checked("input[name='年份']")
    assert items(result_paths(tab)) == ["/fgw/qtwj/2026-00001/"]
    tab.select_option("[data-gk-sort]", "desc")  # the widen link carries the query, the sort and the filters chosen
    tab.wait_for_function(DONE)
    assert tab.get_attribute("[data-gk-widen]", "href").endswith(f"/search/?q={urllib.parse.quote('工作要点')}&sort=desc")
    requests.clear()
    with tab.expect_navigation():
        tab.click("[data-gk-widen]")  # a link (WCAG: it goes to another page) to the portal's search page
    tab.wait_for_function(DONE)
    widened = ["/czz/qtwj/2026-00001/", "/fgw/qtwj/2026-00001/", "/qtwj/2026-00001/"]
    assert urllib.parse.urlparse(tab.url).path == "/search/" and tab.input_value("#gk-q") == "工作要点"
    assert tab.input_value("[data-gk-sort]") == "desc"
    assert items(result_paths(tab)) == widened
    assert requests and all(p.startswith("/pagefind/") for p in requests), requests  # widened: the portal's bundle
    assert tab.query_selector("[data-gk-scope]") is None and tab.inner_text("h1") == "全文检索"
    # an old widened address of the body's page (范围=全站) goes to the portal's page too
    open_search(tab, f"{site_url}/fgw/search/?q={urllib.parse.quote('工作要点')}&范围=全站")
    assert urllib.parse.urlparse(tab.url).path == "/search/" and "范围" not in urllib.parse.unquote(tab.url)
    assert items(result_paths(tab)) == widened
    # the body's own pages search the body first: its header search form submits to /fgw/search/
    tab.goto(f"{site_url}/fgw/")
    action = tab.eval_on_selector("form[role=search], form[name=search]", "f => new URL(f.action, location.href).pathname")
    assert action == "/fgw/search/"


def test_a_body_bundle_holds_its_pages_and_the_joint_items_naming_it_and_sorts_facets_work(tab: Any, site_url: str) -> None:
    requests = bundle_requests(tab, site_url)
    joint = open_search(tab, f"{site_url}/czz/search/?q={urllib.parse.quote('价格监测')}")
    assert joint == ["/fgw/qtwj/2026-00002/"]  # fgw's 联合发文 names 城关镇: in czz's own bundle too
    assert all(p.startswith("/czz/pagefind/") for p in requests), requests
    # the body's own bundle answers as the portal's bundle with the body's 机关 filter: the same results, in the same
    # order by date (by relevance the order may differ: the ranking weighs words by their share of the bundle's pages)
    czz = urllib.parse.quote("示例县城关镇人民政府")
    for query in ("工作", "价格监测", "春耕"):
        for sort in ("", "&sort=asc", "&sort=desc"):
            q = urllib.parse.quote(query)
            open_search(tab, f"{site_url}/czz/search/?q={q}{sort}")
            scoped = [a.get_attribute("href") for a in tab.query_selector_all(".gk-result__title a")]
            open_search(tab, f"{site_url}/search/?q={q}{sort}&机关={czz}")
            portal = [a.get_attribute("href") for a in tab.query_selector_all(".gk-result__title a")]
            assert (scoped if sort else sorted(scoped)) == (portal if sort else sorted(portal)) and scoped, (query, sort)
    # choosing another 机关 too (czz's page lists the 机关 of its bundle's pages: itself and fgw, by the joint notice)
    # goes to the portal's page, which searches the portal's bundle with both 机关
    assert items(open_search(tab, f"{site_url}/czz/search/?q={urllib.parse.quote('工作要点')}")) == ["/czz/qtwj/2026-00001/"]
    requests.clear()
    with tab.expect_navigation():
        tab.check("input[name='机关'][value='示例县发展和改革委员会']")
    tab.wait_for_function(DONE)
    assert urllib.parse.urlparse(tab.url).path == "/search/"
    assert items(result_paths(tab)) == ["/czz/qtwj/2026-00001/", "/fgw/qtwj/2026-00001/"]
    assert [b.get_attribute("value") for b in tab.query_selector_all("input[name='机关']:checked")] == [
        "示例县发展和改革委员会",
        "示例县城关镇人民政府",
    ]
    # (touching the filter box first loaded the body bundle's filter files, for the counts of the scoped results)
    portal = [p for p in requests if p.startswith("/pagefind/")]
    assert any(p.endswith(".pf_index") for p in portal) and any(p.endswith(".pf_filter") for p in portal), requests
    assert all(p.startswith("/czz/pagefind/filter/") for p in requests if p not in portal), requests


def test_each_body_but_the_county_publishes_its_own_bundle_of_its_pages(built: Path) -> None:
    assert (built / "pagefind" / "pagefind-entry.json").is_file()
    assert sorted(p.parent.parent.name for p in built.glob("*/pagefind/pagefind-entry.json")) == ["czz", "fgw"]
    for body in ("czz", "fgw"):
        entry = json.loads((built / body / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        portal = json.loads((built / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert 0 < entry["languages"]["zh-cn"]["page_count"] < portal["languages"]["zh-cn"]["page_count"]
        assert (built / body / "pagefind" / "pagefind.js").read_bytes() == (built / "pagefind" / "pagefind.js").read_bytes()


@pytest.fixture(scope="module")
def without_czz_bundle(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site as it is for a body without indexed pages (no public item, no 指南 or 年报 page): czz has no
    czz/pagefind/ (the merge writes a body's bundle only from its pages), while its scoped page still names it."""
    site = tmp_path_factory.mktemp("without-czz-bundle") / "site"
    shutil.copytree(built, site)
    shutil.rmtree(site / "czz" / "pagefind")
    yield from serve(site)


def missing_bundle_errors(tab: Any) -> None:
    """Take from the tab's console errors the browser's own lines for czz's missing bundle files (the script's
    probe of czz/pagefind/: its entry and pagefind.js, answered 404); nothing else may be there."""
    missing = [e for e in tab.console_errors if e == "Failed to load resource: the server responded with a status of 404 (File not found)"]
    assert 1 <= len(missing) <= 2 and len(missing) == len(tab.console_errors), tab.console_errors
    tab.console_errors.clear()


@pytest.fixture
def tab_without(browser: Any, without_czz_bundle: str) -> Iterator[Any]:
    yield from recording_tab(browser, without_czz_bundle, viewport={"width": 1280, "height": 900})


def test_a_body_without_its_own_bundle_searches_the_portals_with_its_body_filter(tab_without: Any, without_czz_bundle: str) -> None:
    tab, url = tab_without, without_czz_bundle
    requests = bundle_requests(tab, url)
    failed: list[str] = []
    tab.on("response", lambda r: r.status == 404 and failed.append(urllib.parse.urlparse(r.url).path))
    own = open_search(tab, f"{url}/czz/search/?q={urllib.parse.quote('工作要点')}")
    assert items(own) == ["/czz/qtwj/2026-00001/"] and all(p.startswith("/czz/") for p in own), own
    assert "检索功能加载失败" not in tab.inner_text("[data-gk-status]")
    assert tab.inner_text("[data-gk-scope-text]") == "检索范围：示例县城关镇人民政府。"  # nothing else shown
    assert "范围=" not in urllib.parse.unquote(tab.url) and "机关=" not in urllib.parse.unquote(tab.url)
    assert failed and all(p.startswith("/czz/pagefind/") for p in failed), failed
    portal = [p for p in requests if p.startswith("/pagefind/")]
    assert any(p.endswith(".pf_filter") for p in portal), requests  # the 机关 filter, on the portal's bundle
    assert all(p.startswith(("/pagefind/", "/czz/pagefind/")) for p in requests), requests
    missing_bundle_errors(tab)
    # the same results as the portal with the body's 机关 filter (as czz's own bundle gives them, see above)
    czz = urllib.parse.quote("示例县城关镇人民政府")
    for query in ("工作", "价格监测", "春耕"):
        q = urllib.parse.quote(query)
        scoped = open_search(tab, f"{url}/czz/search/?q={q}")
        missing_bundle_errors(tab)
        assert scoped == open_search(tab, f"{url}/search/?q={q}&机关={czz}"), query
        assert scoped and all(p.startswith("/czz/") or p == "/fgw/qtwj/2026-00002/" for p in scoped), scoped  # its 联合发文
    # a filter chosen in the address loads the filter counts first: from the portal's bundle too
    open_search(tab, f"{url}/czz/search/?q={urllib.parse.quote('工作要点')}&年份=2026")
    assert items(result_paths(tab)) == ["/czz/qtwj/2026-00001/"]
    count = "i => document.querySelector(`label[for='${i.id}'] .gk-facet__count`).textContent"
    shown = tab.eval_on_selector("input[name='机关'][value='示例县城关镇人民政府']", count)
    assert shown.startswith("（") and shown != "（0）", shown
    missing_bundle_errors(tab)
    # widened: the portal's page, every body, with the filter chosen
    with tab.expect_navigation():
        tab.click("[data-gk-widen]")
    tab.wait_for_function(DONE)
    assert urllib.parse.urlparse(tab.url).path == "/search/" and "年份=2026" in urllib.parse.unquote(tab.url)
    assert items(result_paths(tab)) == ["/czz/qtwj/2026-00001/", "/fgw/qtwj/2026-00001/", "/qtwj/2026-00001/"]


def exact_requests(tab: Any) -> list[str]:
    """Start recording the page's requests for exact-lookup shards (paths)."""
    paths: list[str] = []
    tab.on("request", lambda r: "/exact/" in r.url and paths.append(urllib.parse.urlparse(r.url).path))
    return paths


def assert_czz_item_pinned(tab: Any, page_url: str) -> None:
    """Open a search page for czz's 索引号 …/2026-00002: its item comes first, with its body named."""
    open_search(tab, f"{page_url}?q={urllib.parse.quote(f'{CZZ}/2026-00002')}")
    pinned = tab.query_selector(".gk-result--exact")
    assert pinned is not None
    assert urllib.parse.urlparse(pinned.query_selector("a").get_attribute("href")).path == "/czz/qtwj/2026-00002/"
    assert "示例县城关镇人民政府" in pinned.inner_text() and "城关镇春耕生产工作安排" in pinned.inner_text()


def test_an_exact_lookup_on_a_body_scoped_page_reads_the_bodys_own_shard_and_finds_its_item(tab: Any, site_url: str) -> None:
    requests = exact_requests(tab)
    assert_czz_item_pinned(tab, f"{site_url}/czz/search/")
    assert len(requests) == 1 and requests[0].startswith("/czz/search/exact/"), requests  # one request, the body's shard
    # a 联合发文 of another body naming czz is in czz's own lookup, and names every body it names
    requests.clear()
    open_search(tab, f"{site_url}/czz/search/?q={urllib.parse.quote(f'{FGW}/2026-00002')}")
    assert "关于做好城关镇农产品价格监测的联合通知" in tab.inner_text(".gk-result--exact")
    assert "示例县发展和改革委员会、示例县城关镇人民政府" in tab.inner_text(".gk-result--exact")
    assert len(requests) == 1 and requests[0].startswith("/czz/search/exact/"), requests


def test_an_exact_index_number_of_another_body_is_found_on_a_body_scoped_search_page(tab: Any, site_url: str) -> None:
    requests = exact_requests(tab)
    assert_czz_item_pinned(tab, f"{site_url}/fgw/search/")
    # not in fgw's own lookup: then the portal's, one more request
    assert [p.split("/exact/")[0] for p in requests] == ["/fgw/search", "/search"], requests
    # a word query with digits that is not shaped like an identifier asks the body's lookup only
    requests.clear()
    open_search(tab, f"{site_url}/fgw/search/?q={urllib.parse.quote('2026年价格监测')}")
    assert len(requests) == 1 and requests[0].startswith("/fgw/search/exact/"), requests
    # and the county's own 索引号 from the portal page, from the portal's lookup
    requests.clear()
    open_search(tab, f"{site_url}/search/?q={urllib.parse.quote(f'{CODE}/2026-00002')}")
    assert "示例县防汛抗旱应急预案" in tab.inner_text(".gk-result--exact")
    assert len(requests) == 1 and requests[0].startswith("/search/exact/"), requests


def lookup(folder: Path) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    for shard in folder.glob("*.json"):
        entries |= json.loads(shard.read_text(encoding="utf-8"))
    return entries


def test_the_exact_lookup_entries_name_the_body(built: Path) -> None:
    entries = lookup(built / "search" / "exact")
    title = "关于做好城关镇农产品价格监测的联合通知"
    both = "示例县发展和改革委员会、示例县城关镇人民政府"  # a 联合发文 names every platform body it names
    assert entries[f"{FGW}/2026-00002"] == ["fgw/qtwj/2026-00002/", title, both]
    # each body's own lookup: its items (without its own name, as on a single-body site) and the 联合发文 naming it,
    # URLs relative to the body's folder (as a single-body site's are to its root)
    fgw, czz = lookup(built / "fgw" / "search" / "exact"), lookup(built / "czz" / "search" / "exact")
    assert fgw[f"{FGW}/2026-00002"] == ["qtwj/2026-00002/", title, both]
    assert czz[f"{FGW}/2026-00002"] == ["../fgw/qtwj/2026-00002/", title, both]
    assert fgw[f"{FGW}/2026-00001"] == ["qtwj/2026-00001/", "发展改革委2026年价格监测工作要点"]  # its own body alone: left out
    assert czz[f"{CZZ}/2026-00002"] == ["qtwj/2026-00002/", "城关镇春耕生产工作安排"]
    assert set(fgw) == {k for k in entries if k.startswith(FGW)}
    assert set(czz) == {k for k in entries if k.startswith(CZZ)} | {f"{FGW}/2026-00002"}
    assert sorted(p.name for p in (built / "fgw" / "search" / "exact").iterdir()) == ["0.json"]  # sized by its own entries
    folders = sorted(str(p.relative_to(built)) for p in built.rglob("exact") if p.is_dir())
    assert folders == ["czz/search/exact", "fgw/search/exact", "search/exact"]  # the county's is the portal's


def facet_listing(tab: Any, url: str) -> dict[str, list[str]]:
    """The facet values a search page lists (opened without a query)."""
    tab.goto(url)
    tab.wait_for_selector("#gk-search:not([hidden])")
    return tab.eval_on_selector_all(
        "[data-gk-facets] fieldset",
        "sets => Object.fromEntries(sets.map(f => [f.querySelector('legend').textContent,"
        " Array.from(f.querySelectorAll('input'), i => i.value)]))",
    )


def test_a_body_scoped_page_lists_only_its_bodys_facet_values_and_the_widened_search_filters_by_any(tab: Any, site_url: str) -> None:
    portal, fgw, czz = (facet_listing(tab, f"{site_url}/{where}search/") for where in ("", "fgw/", "czz/"))
    assert portal["机关"] == ["示例县人民政府", "示例县发展和改革委员会", "示例县城关镇人民政府"]
    assert fgw["机关"] == czz["机关"] == ["示例县发展和改革委员会", "示例县城关镇人民政府"]  # fgw's 联合发文 names both, no county
    assert fgw["发文机关"] == ["示例县发展和改革委员会", "示例县城关镇人民政府"]  # its items' issuers only
    assert czz["发文机关"] == ["示例县城关镇人民政府", "示例县发展和改革委员会"]
    assert set(portal["发文机关"]) > set(fgw["发文机关"]) | set(czz["发文机关"])  # the county's issuers: on the portal's page only
    for name, values in (fgw | czz).items():
        assert set(values) <= set(portal[name]), name
    # widened to the portal's page, the facets of every body filter its results
    tab.goto(f"{site_url}/fgw/search/")
    with tab.expect_navigation():
        tab.click("[data-gk-widen]")
    tab.wait_for_selector("#gk-search:not([hidden])")
    assert urllib.parse.urlparse(tab.url).path == "/search/" and facet_listing(tab, tab.url) == portal
    county = next(v for v in portal["发文机关"] if v not in fgw["发文机关"] + czz["发文机关"])
    tab.fill("#gk-q", "工作要点")
    tab.press("#gk-q", "Enter")
    tab.wait_for_function(DONE)
    assert items(result_paths(tab)) == ["/czz/qtwj/2026-00001/", "/fgw/qtwj/2026-00001/", "/qtwj/2026-00001/"]
    tab.check(f"input[name='发文机关'][value='{county}']")
    tab.wait_for_function(DONE)
    assert items(result_paths(tab)) == ["/qtwj/2026-00001/"]


def test_the_dashboard_platform_table_has_one_row_per_body_with_its_counts_and_sorts(tab: Any, site_url: str) -> None:
    tab.goto(f"{site_url}/staff/dashboard/")
    assert tab.get_attribute("meta[name=robots]", "content") == "noindex, nofollow"
    rows = tab.eval_on_selector_all(
        "#gk-dash-platform tbody tr",
        "rows => rows.map(r => [r.dataset.body, r.cells[0].querySelector('a').textContent,"
        " ...Array.from(r.cells, c => c.textContent.trim()).slice(1)])",
    )
    assert [r[0] for r in rows] == ["xzf", "fgw", "czz"]
    by_id = {r[0]: r[1:] for r in rows}
    # 机关, 类型, 本年信息, 超期栏目, 空栏目, 缺少解读, 上一年度年报, 错误, 警告
    assert by_id["xzf"][:3] == ["示例县人民政府", "本级政府", "2"]
    assert by_id["fgw"][:3] == ["示例县发展和改革委员会", "部门", "2"]
    assert by_id["czz"][:3] == ["示例县城关镇人民政府", "乡镇", "2"]
    assert by_id["fgw"][6].startswith("2025年度 未发布（期限 2026-01-31）")
    assert by_id["czz"][6].startswith("2025年度 未发布（期限 2026-03-31）")
    assert all(r[8] == "0" for r in rows)  # no errors
    assert all(int(r[4]) > 0 and int(r[5]) > 0 for r in rows)  # few items: columns are stale and empty
    assert "已达单项否决：空白栏目" in tab.inner_text("#gk-dash-platform tbody tr[data-body=xzf] th")  # ≥5 blank columns
    assert tab.get_attribute("#gk-dash-platform tbody tr[data-body=fgw] th a", "href") in ("../../fgw/", "/fgw/")
    # sortable: 本年信息 descending after two clicks keeps the platform order among equals; 警告 ascending reorders
    warnings = [int(r[9]) for r in rows]
    tab.click("#gk-dash-platform thead th:nth-child(9) button")
    sorted_rows = tab.eval_on_selector_all("#gk-dash-platform tbody tr", "rows => rows.map(r => Number(r.cells[8].textContent))")
    assert sorted_rows == sorted(warnings)
    assert tab.get_attribute("#gk-dash-platform thead th:nth-child(9)", "aria-sort") == "ascending"
    tab.click("#gk-dash-platform thead th:nth-child(9) button")
    descending = tab.eval_on_selector_all("#gk-dash-platform tbody tr", "rows => rows.map(r => Number(r.cells[8].textContent))")
    assert descending == sorted(warnings, reverse=True)
    # the findings list is the whole platform's and names each finding's body
    assert tab.inner_text(".gk-dash-counts").startswith("示例县人民政府门户网站（全平台 3 个机关）：信息 6 条；")
    findings = "section[aria-labelledby=gk-dash-findings-h] table"
    heads = tab.eval_on_selector_all(f"{findings} thead th", "ths => ths.map(t => t.textContent)")
    assert heads[:3] == ["级别", "机关", "文件"]
    listed = tab.eval_on_selector_all(f"{findings} tbody tr", "rows => rows.map(r => [r.cells[1].textContent, r.cells[2].textContent])")
    assert {body for body, _ in listed} >= {"示例县人民政府", "示例县发展和改革委员会", "示例县城关镇人民政府"}
    assert all(body == "示例县城关镇人民政府" for body, file in listed if file.startswith("content/czz/"))


def test_the_dashboard_is_linked_from_no_public_page_and_not_in_the_sitemap(built: Path) -> None:
    pages = [p for p in built.rglob("*.html") if "staff" not in p.parts]
    assert pages and not [p for p in pages if "staff/dashboard" in p.read_text(encoding="utf-8")]
    assert "staff/dashboard" not in (built / "sitemap.xml").read_text(encoding="utf-8")
    assert (built / "gongkai" / "dashboard.js").is_file()


def test_a_body_scoped_search_page_with_results_and_its_filters_open_has_no_wcag21_aa_violations(tab: Any, site_url: str) -> None:
    from a11y_support import axe_violations, describe

    open_search(tab, f"{site_url}/czz/search/?q={urllib.parse.quote('工作')}&年份=2026")  # the filter box open, counts in
    widen = urllib.parse.urlparse(tab.get_attribute("[data-gk-widen]", "href"))
    assert tab.is_visible("[data-gk-widen]") and widen.path == "/search/" and "年份=2026" in urllib.parse.unquote(widen.query)
    violations = axe_violations(tab)
    assert violations == [], describe(violations)


def test_a_result_names_its_body_from_its_filter_and_no_item_carries_a_meta_copy_of_it(built: Path) -> None:
    """The 机关 of a result is its 机关 filter: no 机关 meta field, which Pagefind would index as one more word on every
    page and keep a second copy of in every fragment."""
    from gongkai import pagefind_bundle

    for bundle in ("pagefind", "fgw/pagefind", "czz/pagefind"):
        folder = built / bundle
        info = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["zh-cn"]
        meta = pagefind_bundle.decode((folder / f"pagefind.{info['hash']}.pf_meta").read_bytes(), bundle)
        assert "机关" not in meta[5] and "索引号" in meta[5], bundle
        assert "机关" in dict(meta[3]), bundle  # fgw and czz: two values each (their 联合发文)
        chunks = [pagefind_bundle.decode((folder / "index" / f"{name}.pf_index").read_bytes(), name)[0] for _, _, name in meta[2]]
        words = {word[0] for chunk in chunks for word in chunk}
        assert not words & {"示例县人民政府", "示例县发展和改革委员会", "示例县城关镇人民政府"}, bundle  # a meta value was one word
