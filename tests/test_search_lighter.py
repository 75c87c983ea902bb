"""What a query costs the reader (issue #19): the index chunks that Pagefind's browser code loads, and the positions
the chunks carry (real build, real extended Pagefind, real Chromium).

The project built here has eleven items with 防汛 in the title (one page of results and one more), one whose title
holds 防汛 only across jieba's words (消防|汛期: the character phrase finds it, the word search does not), and one
whose body repeats 汛 20,000 times, so that Pagefind closes an index chunk after the word 汛: the character phrase
`"防 汛"` then needs a chunk that the word 防汛 does not.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CODE, Build, item_md, make_project, mkdocs_build, serve, set_plugins
from gongkai import pagefind_bundle
from gongkai.pagefind_bundle import capped_positions
from search_site import DONE

MEETINGS = 11
CROSSING = "示例县消防汛期安全检查的通知"
FOUR_TIMES = "示例县防汛防火防疫防震工作方案"


def items() -> dict[str, str]:
    out = {}
    for n in range(1, MEETINGS + 1):
        out[f"qtwj/m{n}.md"] = item_md(
            "做好防汛值班和防汛物资储备。\n",
            标题=f"示例县2024年第{n}次防汛会商纪要",
            索引号=f"{CODE}/2024-{n:05d}",
            发布日期=f"2024-06-{n:02d}",
        )
    checks = "检查消防设施，检查疏散通道，检查灭火器材，检查消防水源。\n"  # 检查 four times, on this page only
    out["qtwj/crossing.md"] = item_md(checks, 标题=CROSSING, 索引号=f"{CODE}/2024-00100", 发布日期="2024-07-01")
    out["qtwj/four.md"] = item_md("做好各项准备。\n", 标题=FOUR_TIMES, 索引号=f"{CODE}/2024-00101", 发布日期="2024-07-02")
    out["qtwj/heavy.md"] = item_md("汛 " * 20000 + "\n", 标题="示例县汛情记录", 索引号=f"{CODE}/2024-00102", 发布日期="2024-07-03")
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = make_project(tmp_path_factory.mktemp("search-lighter"), items())
    set_plugins(project, ["gongkai", "gongkai-search"])
    result = mkdocs_build(project)
    assert result.ok, result.output
    return result


def bundle(site: Path) -> tuple[list, dict[str, list]]:
    """pf_meta, and every index chunk's words by chunk name."""
    meta_path = next((site / "pagefind").glob("*.pf_meta"))
    meta = pagefind_bundle.decode(meta_path.read_bytes(), meta_path.name)
    chunks = {}
    for _, _, name in meta[2]:
        path = site / "pagefind" / "index" / f"{name}.pf_index"
        chunks[name] = pagefind_bundle.decode(path.read_bytes(), path.name)[0]
    return meta, chunks


def chunk_for(meta: list, term: str) -> str:
    """The chunk Pagefind's browser code loads for a query word: the first whose range holds it."""
    return next(name for start, end, name in meta[2] if start <= term <= end)


def word_pages(meta: list, chunks: dict[str, list], word: str) -> dict[str, list[int]]:
    """Fragment name → the word's position list on that page (page numbers are delta-coded)."""
    entry = next(w for w in chunks[chunk_for(meta, word)] if w[0] == word)
    out, page = {}, 0
    for delta, locs, *_ in entry[1]:
        page += delta
        out[meta[1][page][0]] = locs
    return out


def runs(locs: list[int]) -> dict[int, int]:
    """Weight marker (0: the leading run without one) → number of positions."""
    out: dict[int, int] = {}
    marker = 0
    for loc in locs:
        if loc < 0:
            marker = loc
        out[marker] = out.get(marker, 0) + (loc >= 0)
    return out


def test_capped_positions_keep_three_of_ordinary_text_and_every_other_run() -> None:
    # leading run (weight 25: the title characters), ordinary text (-25), a heading (-145), the title (-169)
    locs = [400, 2, 9, 1, -25, 10, 5, 5, 5, 5, -145, 60, 3, 3, 3, -169, 1, 4, 2, 2]
    assert capped_positions(locs) == [400, 2, 9, 1, -25, 10, 5, 5, -145, 60, 3, 3, 3, -169, 1, 4, 2, 2]
    assert capped_positions(locs, 1) == [400, 2, 9, 1, -25, 10, -145, 60, 3, 3, 3, -169, 1, 4, 2, 2]
    assert capped_positions([-25, 7, 1]) == [-25, 7, 1]
    assert capped_positions([-25, 1, 1, 1, 1, -25, 2, 2, 2, 2]) == [-25, 1, 1, 1, -25, 2, 2, 2]


def test_index_lists_every_page_of_a_word_but_only_three_body_positions_and_every_title_character(built: Build) -> None:
    meta, chunks = bundle(built.site)
    for words in chunks.values():
        for word in words:
            for _, locs, *_ in word[1]:
                assert runs(locs).get(pagefind_bundle.ORDINARY_TEXT, 0) <= pagefind_bundle.BODY_POSITIONS, word[0]
    pages = {name.split("/")[1]: name for name, _ in meta[1]}
    assert len(pages) == MEETINGS + 3
    flood = word_pages(meta, chunks, "汛")
    assert len(flood) == MEETINGS + 3  # every title with 汛 (the last one also repeats it 20,000 times in its body)
    heavy = max(flood.values(), key=len)
    assert runs(heavy)[pagefind_bundle.ORDINARY_TEXT] == 1  # 1 of 20,000: 汛 is on every page
    checks = list(word_pages(meta, chunks, "检查").values())
    assert len(checks) == 1 and runs(checks[0])[pagefind_bundle.ORDINARY_TEXT] == 3  # 3 of 4: 检查 is on one page only
    meetings = word_pages(meta, chunks, "防汛").values()
    kept = sorted(runs(locs).get(pagefind_bundle.ORDINARY_TEXT, 0) for locs in meetings)
    assert kept == [0] + [1] * MEETINGS  # twice in each meeting's body (FOUR_TIMES: in its title only), on most pages
    four = [locs for locs in word_pages(meta, chunks, "防").values() if runs(locs).get(0, 0) >= 4]
    assert len(four) == 1  # 防 four times in one title: all four title-character positions are kept


def test_words_on_nearly_every_page_are_listed_as_common_with_their_page_counts(built: Build) -> None:
    entry = json.loads((built.site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    common = entry["languages"]["zh-cn"]["common_words"]
    assert common["示例"] == common["县"] == MEETINGS + 3  # every title starts with 示例县
    assert "防汛" not in common and "汛" in common
    assert list(common) == sorted(common)


@pytest.fixture(scope="module")
def site_url(built: Build) -> Iterator[str]:
    yield from serve(built.site)


@pytest.fixture
def tab(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.index_chunks = []
    pg.on("request", lambda r: "/pagefind/index/" in r.url and pg.index_chunks.append(r.url.rsplit("/", 1)[-1].removesuffix(".pf_index")))
    yield pg
    context.close()


def titles(tab: Any) -> list[str]:
    return [a.inner_text() for a in tab.query_selector_all(".gk-result__title a")]


def test_a_word_query_whose_first_page_is_all_title_matches_loads_no_character_chunk(built: Build, tab: Any, site_url: str) -> None:
    meta, _ = bundle(built.site)
    word, flood = chunk_for(meta, "防汛"), chunk_for(meta, "汛")
    assert word != flood  # the build gives the character phrase a chunk of its own to load
    tab.goto(f"{site_url}/search/?q={urllib.parse.quote('防汛')}")
    tab.wait_for_function(DONE)
    shown = titles(tab)
    assert len(shown) == 10 and all("防汛" in title for title in shown)
    assert word in tab.index_chunks
    assert flood not in tab.index_chunks  # the phrase "防 汛" did not run
    assert CROSSING not in shown


def test_a_title_substring_only_the_character_phrase_finds_comes_with_more_results(built: Build, tab: Any, site_url: str) -> None:
    meta, _ = bundle(built.site)
    tab.goto(f"{site_url}/search/?q={urllib.parse.quote('防汛')}")
    tab.wait_for_function(DONE)
    assert tab.inner_text("[data-gk-status]") == f"找到与「防汛」相关的信息 {MEETINGS + 1} 条。"  # with FOUR_TIMES
    first = titles(tab)
    tab.click("[data-gk-more]")
    tab.wait_for_function(f"() => document.querySelectorAll('.gk-result__title a').length > {len(first)}")
    shown = titles(tab)
    assert shown[: len(first)] == first  # what the reader has seen stays in place
    assert CROSSING in shown  # 消防|汛期: only the character phrase finds it
    assert chunk_for(meta, "汛") in tab.index_chunks
    assert tab.inner_text("[data-gk-status]") == f"找到与「防汛」相关的信息 {MEETINGS + 2} 条。"
    assert tab.is_hidden("[data-gk-more]")


def test_a_word_on_every_page_is_left_out_of_a_query_with_other_words(built: Build, tab: Any, site_url: str) -> None:
    meta, _ = bundle(built.site)
    county = chunk_for(meta, "县")
    assert county != chunk_for(meta, "防汛")
    tab.goto(f"{site_url}/search/?q={urllib.parse.quote('防汛 县')}")
    tab.wait_for_function(DONE)
    assert tab.inner_text("[data-gk-status]") == f"找到与「防汛 县」相关的信息 {MEETINGS + 1} 条。"
    assert county not in tab.index_chunks  # 县 is on every page: its chunk is not loaded
    tab.goto(f"{site_url}/search/?q={urllib.parse.quote('示例 县')}")  # only common words: the rarest one is kept
    tab.wait_for_function(DONE)
    assert tab.inner_text("[data-gk-status]") == f"找到与「示例 县」相关的信息 {MEETINGS + 3} 条。"


def test_a_title_substring_the_word_search_misses_is_found_at_once_when_the_page_is_not_full(tab: Any, site_url: str) -> None:
    tab.goto(f"{site_url}/search/?q={urllib.parse.quote('防汛期')}")  # 防汛|期: no title has a word 防汛… and 期
    tab.wait_for_function(DONE)
    assert titles(tab)[0] == CROSSING
