"""Directory pages in real headless Chromium: usable at 320 px, pager reachable and followable by keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from a11y_support import tab_until
from conftest import Build, serve
from directory_site import build_dir_site


@pytest.fixture(scope="module")
def dir_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_dir_site(tmp_path_factory)


@pytest.fixture(scope="module")
def dir_url(dir_site: Build) -> Iterator[str]:
    yield from serve(dir_site.site)


@pytest.fixture
def tab(browser: Any, dir_url: str) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 320, "height": 640}, java_script_enabled=False)
    pg = context.new_page()
    pg.foreign = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: not r.url.startswith(dir_url) and not r.url.startswith("data:") and pg.foreign.append(r.url))
    yield pg
    context.close()


def test_directory_pages_fit_320px_without_horizontal_scrolling(tab: Any, dir_url: str) -> None:
    for url in ("qtwj/", "gfxwj/archive/", "fdzdgknr/", "mulu/"):
        tab.goto(dir_url + "/" + url)
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} overflows by {overflow}px"
        first_row = tab.locator("table.gk-dir tbody tr").first
        box = first_row.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert tab.foreign == []


def test_pager_is_reached_and_followed_with_the_keyboard_without_javascript(tab: Any, dir_url: str) -> None:
    tab.goto(dir_url + "/qtwj/")
    for _ in range(400):
        tab.keyboard.press("Tab")
        focused = tab.evaluate("document.activeElement && document.activeElement.getAttribute('rel')")
        if focused == "next":
            break
    else:
        pytest.fail("the 下一页 link is not reachable with Tab")
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    tab.keyboard.press("Enter")
    tab.wait_for_url(dir_url + "/qtwj/page/2/")
    current = tab.locator(".gk-pager a[aria-current=page]")
    assert current.inner_text() == "2"


def test_a_year_link_of_a_one_page_column_is_reached_by_keyboard_and_moves_to_that_year_on_the_page(tab: Any, dir_url: str) -> None:
    tab.goto(dir_url + "/gfxwj/")
    tab_until(tab, "e.getAttribute('href') === '#y2025'", limit=400)  # the 2025年 link
    assert tab.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible focus
    tab.keyboard.press("Enter")
    tab.wait_for_url(dir_url + "/gfxwj/#y2025")  # an in-page link: the same page, scrolled to the year's heading
    heading = tab.locator("h2#y2025")
    assert heading.inner_text().startswith("2025年")
    top = tab.evaluate("document.getElementById('y2025').getBoundingClientRect().top")
    assert 0 <= top < 640
    tab.keyboard.press("Tab")  # the next stop after the target: the first row's title link of the 2025 table
    assert tab.evaluate("document.activeElement.closest('table') && document.activeElement.closest('table').caption.textContent").endswith(
        "2025年信息列表"
    )


def test_a_year_link_of_a_one_page_library_is_reached_by_keyboard_and_moves_to_that_year_on_the_page(tab: Any, dir_url: str) -> None:
    tab.goto(dir_url + "/wjk/")
    assert tab.locator("h2.gk-dir-year").count() >= 2  # the library fits on one page: its documents grouped by year
    tab_until(tab, "(e.getAttribute('href') || '').startsWith('#y')", limit=400)  # the newest year's link
    anchor = tab.evaluate("document.activeElement.getAttribute('href')")[1:]
    assert tab.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible focus
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{dir_url}/wjk/#{anchor}")  # an in-page link: the same page, scrolled to the year's heading
    assert tab.locator(f"h2#{anchor}").inner_text().startswith(f"{anchor[1:]}年")
    top = tab.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert 0 <= top < 640
    tab.keyboard.press("Tab")  # the next stop after the target: the first row's title link of that year's table
    caption = tab.evaluate("document.activeElement.closest('table') && document.activeElement.closest('table').caption.textContent")
    assert caption == f"行政规范性文件库 · {anchor[1:]}年"
