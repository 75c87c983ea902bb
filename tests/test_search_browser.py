"""The 全文检索 page in real headless Chromium over a real build (extended Pagefind) served on 127.0.0.1.

Queries cover title words, two-character words, substrings that cross jieba's word boundaries, mixed
Chinese and digits, full 发文字号 (also typed with [] brackets) and full 索引号; plus facets, sorting,
the header search box by keyboard alone, a 320 px viewport, and the page without JavaScript.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import CODE, serve
from search_site import DONE, build_search_site, recording_tab


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    result = build_search_site(tmp_path_factory.mktemp("search-browser"))
    assert result.ok, result.output
    yield from serve(result.site)


@pytest.fixture
def tab(browser: Any, site_url: str) -> Iterator[Any]:
    """A fresh page recording console errors and requests to any host but the local server."""
    yield from recording_tab(browser, site_url)


def search(tab: Any, site_url: str, query: str, extra: str = "") -> list[str]:
    tab.goto(f"{site_url}/search/?q={urllib.parse.quote(query)}{extra}")
    tab.wait_for_function(DONE)
    return result_paths(tab)


def result_paths(tab: Any) -> list[str]:
    return [urllib.parse.urlparse(a.get_attribute("href")).path for a in tab.query_selector_all(".gk-result__title a")]


QUERIES = [
    ("春耕", "/qtwj/2024-00001/"),  # two-character word of a title
    ("医疗保险", "/gfxwj/2023-00012/"),  # title word
    ("统计公报", "/tjxx/2025-00030/"),
    ("耕生", "/qtwj/2024-00001/"),  # crosses jieba's 春耕|生产: found through the character phrase
    ("疗保", "/gfxwj/2023-00012/"),  # crosses 医疗|保险
    ("政办发", "/qtwj/2024-00001/"),  # inside the 机关代字 示政办发
    ("最低生活保障", "/gfxwj/2024-00003/"),
    ("2024年春耕", "/qtwj/2024-00001/"),  # Chinese and digits
    ("2025年财政预算", "/czyjs/2025-00011/"),
    ("生产总值", "/tjxx/2025-00030/"),  # body text only
    ("防汛", "/qtwj/2024-00050/"),
    ("示政办发〔2024〕3号", "/qtwj/2024-00001/"),  # full 发文字号
    ("示府发〔2023〕12号", "/gfxwj/2023-00012/"),
    ("示政办发[2024]3号", "/qtwj/2024-00001/"),  # typed with ASCII brackets
    (f"{CODE}/2025-00007", "/xzsyxsf/2025-00007/"),  # full 索引号
    ("2024-00040", "/czyjs/2024-00040/"),  # 后段码 only
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_query_returns_the_expected_item_first(tab: Any, site_url: str, query: str, expected: str) -> None:
    paths = search(tab, site_url, query)
    assert paths, f"no result for {query}"
    assert paths[0] == expected


def test_full_doc_no_is_marked_as_exact_match_and_not_repeated(tab: Any, site_url: str) -> None:
    paths = search(tab, site_url, "示财发〔2025〕7号")
    first = tab.query_selector(".gk-result")
    assert "gk-result--exact" in first.get_attribute("class")
    assert "完全匹配" in first.inner_text()
    assert paths.count("/xzsyxsf/2025-00007/") == 1


def test_results_show_index_number_doc_number_and_date(tab: Any, site_url: str) -> None:
    search(tab, site_url, "春耕")
    meta = tab.inner_text(".gk-result .gk-result__meta")
    assert "示政办发〔2024〕3号" in meta
    assert f"{CODE}/2024-00001" in meta
    assert "2024年3月8日" in meta


def test_unknown_query_says_nothing_found(tab: Any, site_url: str) -> None:
    assert search(tab, site_url, "航天飞机") == []
    assert "没有找到" in tab.inner_text("[data-gk-status]")


def test_title_with_markup_is_shown_as_text(tab: Any, site_url: str) -> None:
    paths = search(tab, site_url, "转义检查")
    assert paths[0] == "/qtwj/2026-00002/"
    assert "<script>" in tab.inner_text(".gk-result__title")
    assert tab.evaluate("() => document.querySelectorAll('.gk-search__list script').length") == 0


def test_column_facet_keeps_only_that_column(tab: Any, site_url: str) -> None:
    search(tab, site_url, "示例县")
    before = result_paths(tab)
    assert any(not p.startswith("/czyjs/") for p in before)
    tab.get_by_label("财政预决算", exact=False).first.check()  # the change event starts a new search at once
    tab.wait_for_function(DONE)
    after = result_paths(tab)
    assert after and all(p.startswith("/czyjs/") for p in after)
    assert "栏目=" in urllib.parse.unquote(tab.url)


def test_facet_counts_load_only_when_the_reader_turns_to_the_filters(tab: Any, site_url: str) -> None:
    filter_files: list[str] = []
    tab.on("request", lambda r: "/pagefind/filter/" in r.url and filter_files.append(r.url))
    search(tab, site_url, "示例县")
    assert filter_files == []  # a plain query does not fetch the facet counts (≈ 225 KB at 20,000 items)
    assert tab.get_by_role("checkbox", name="财政预决算", exact=True).count() == 1  # values are in the page already
    tab.get_by_role("group", name="栏目").click()
    tab.wait_for_function("() => document.querySelector('.gk-facet__count').textContent !== ''")
    assert len(filter_files) == 5
    counts = tab.evaluate("() => [...document.querySelectorAll('.gk-facet')].map((f) => f.querySelector('legend').textContent)")
    assert counts == ["栏目", "年份", "发文机关", "有效性", "主题分类"]
    label = tab.locator("label", has_text="财政预决算").inner_text()
    assert label.startswith("财政预决算（") and label != "财政预决算（0）"  # the query's count for that column


def test_year_and_validity_facets_combine(tab: Any, site_url: str) -> None:
    paths = search(tab, site_url, "", "&年份=2019&有效性=已废止")
    assert paths == ["/gfxwj/2019-00020/"]
    assert tab.get_by_role("checkbox", name="已废止（1）").is_checked()


def test_issuer_and_topic_facets_filter(tab: Any, site_url: str) -> None:
    paths = search(tab, site_url, "", "&发文机关=示例县财政局")
    assert sorted(paths) == ["/czyjs/2024-00040/", "/czyjs/2025-00011/", "/xzsyxsf/2025-00007/"]
    paths = search(tab, site_url, "", "&主题分类=卫生、体育")
    assert sorted(paths) == ["/gfxwj/2019-00020/", "/gfxwj/2023-00012/"]


def test_sort_by_publication_date(tab: Any, site_url: str) -> None:
    search(tab, site_url, "财政")
    tab.select_option("#gk-sort", "desc")
    tab.wait_for_function(DONE)
    assert "sort=desc" in tab.url
    dates = [d.inner_text() for d in tab.query_selector_all(".gk-result__meta div:last-child dd")]
    assert dates[:2] == ["2025年2月12日", "2025年1月20日"]


def test_header_box_leads_to_results_by_keyboard_alone(tab: Any, site_url: str) -> None:
    tab.goto(f"{site_url}/")
    tab.focus("#gk-header-q")
    tab.keyboard.type("防汛抗旱")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/search/?q=*")
    tab.wait_for_function(DONE)
    assert result_paths(tab)[0] == "/qtwj/2024-00050/"
    # Tab from the search box reaches the first result link without a mouse.
    tab.focus("#gk-q")
    for _ in range(30):
        tab.keyboard.press("Tab")
        if tab.evaluate("() => document.activeElement.matches('.gk-result__title a')"):
            break
    assert tab.evaluate("() => document.activeElement.getAttribute('href')").endswith("/qtwj/2024-00050/")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/qtwj/2024-00050/")


def test_search_page_fits_a_320px_phone(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="zh-CN")
    pg = context.new_page()
    pg.goto(f"{site_url}/search/?q={urllib.parse.quote('示例县')}")
    pg.wait_for_function(DONE)
    assert pg.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert pg.is_visible("#gk-q") and pg.is_visible(".gk-search__results")
    pg.click("summary")
    assert pg.is_visible(".gk-facet input")
    context.close()


def test_without_javascript_the_page_points_to_the_directory(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    pg = context.new_page()
    pg.goto(f"{site_url}/search/?q=春耕")
    link = pg.get_by_role("link", name="政府信息公开目录")
    assert link.is_visible()
    assert link.get_attribute("href").endswith("mulu/")
    assert not pg.is_visible("#gk-search")
    context.close()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("示政办发（2024）3号", "/qtwj/2024-00001/"),
        ("示府发【2023】12号", "/gfxwj/2023-00012/"),
        (" 示应急发 〔2024〕 2号 ", "/qtwj/2024-00050/"),
        (f"{CODE.lower()}/2025-00030", "/tjxx/2025-00030/"),
    ],
)
def test_exact_lookup_accepts_the_forms_staff_and_readers_type(tab: Any, site_url: str, typed: str, expected: str) -> None:
    """search.js normalises and hashes the query as gongkai.views.search does in Python, so the right shard answers."""
    paths = search(tab, site_url, typed)
    assert paths[0] == expected
    assert "gk-result--exact" in tab.query_selector(".gk-result").get_attribute("class")


def test_exact_lookup_loads_no_pagefind_until_the_reader_asks_for_full_text(tab: Any, site_url: str) -> None:
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(urllib.parse.urlparse(r.url).path))
    paths = search(tab, site_url, "示府发〔2023〕12号")
    assert paths == ["/gfxwj/2023-00012/"]
    assert "search/exact/" in " ".join(requests)
    assert [p for p in requests if "/pagefind/" in p] == []  # no pagefind.js, no WebAssembly, no pf_meta
    assert "完全匹配" in tab.inner_text(".gk-result")
    # The button is reached and used by keyboard alone.
    tab.focus("#gk-q")
    for _ in range(40):
        tab.keyboard.press("Tab")
        if tab.evaluate("() => document.activeElement.matches('[data-gk-full]')"):
            break
    assert tab.evaluate("() => document.activeElement.textContent") == "查看全文检索结果"
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => document.querySelector('[data-gk-full]').hidden")
    tab.wait_for_function(DONE)
    loaded = [p.rsplit("/", 1)[-1] for p in requests if "/pagefind/" in p]
    assert "pagefind.js" in loaded and any(name.endswith(".pf_meta") for name in loaded)
    paths = result_paths(tab)
    assert paths[0] == "/gfxwj/2023-00012/" and paths.count("/gfxwj/2023-00012/") == 1  # the exact hit stays first, once
    assert "/gfxwj/2019-00020/" in paths  # full text: the document it replaced names it
    assert tab.inner_text("[data-gk-status]").startswith(f"找到与「示府发〔2023〕12号」相关的信息 {len(paths)} 条")
    assert tab.evaluate("() => document.activeElement.closest('.gk-result') !== null")


def test_sort_by_date_in_both_directions_over_a_filter(tab: Any, site_url: str) -> None:
    dates = "() => [...document.querySelectorAll('.gk-result__meta div:last-child dd')].map((d) => d.textContent)"
    search(tab, site_url, "", "&主题分类=财政、金融、审计&sort=asc")
    assert tab.evaluate(dates) == ["2024年8月15日", "2025年1月20日", "2025年2月12日"]
    search(tab, site_url, "", "&主题分类=财政、金融、审计&sort=desc")
    assert tab.evaluate(dates) == ["2025年2月12日", "2025年1月20日", "2024年8月15日"]


def test_turning_to_the_filters_after_an_exact_hit_loads_the_counts_and_keeps_the_answer(tab: Any, site_url: str) -> None:
    assert search(tab, site_url, "示财发〔2025〕7号") == ["/xzsyxsf/2025-00007/"]
    answer = tab.inner_text("[data-gk-status]")
    tab.focus("[data-gk-facets-box] summary")  # Pagefind loads now, for the facet counts
    tab.wait_for_function("() => document.querySelector('.gk-facet__count').textContent !== ''")
    assert tab.inner_text("[data-gk-status]") == answer
    assert result_paths(tab) == ["/xzsyxsf/2025-00007/"]
    assert tab.locator("label", has_text="行政事业性收费").inner_text() == "行政事业性收费（1）"
