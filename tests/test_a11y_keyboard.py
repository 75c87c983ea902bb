"""Keyboard only, in real Chromium: the skip link is the first Tab stop and moves focus to the content;
Tab to the header search, type a query, Enter, Tab to a result and open it; page a directory with the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from a11y_support import paginated_project, tab_until
from conftest import serve


@pytest.fixture(scope="module")
def small_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(paginated_project(tmp_path_factory.mktemp("kbd")))


@pytest.fixture
def kpage(browser: Any, small_url: str) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(kpage: Any, small_url: str) -> None:
    kpage.goto(small_url + "/qtwj/2024-00003/")
    kpage.keyboard.press("Tab")
    assert kpage.evaluate("document.activeElement.classList.contains('gk-skip')")
    kpage.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")  # shown when focused (after the fade-in)
    box = kpage.evaluate("(r => [r.width, r.height, r.top])(document.activeElement.getBoundingClientRect())")
    assert box[0] > 20 and box[1] > 10 and box[2] >= 0
    assert kpage.evaluate("document.activeElement.textContent.trim()") == "跳到正文"
    kpage.keyboard.press("Enter")
    assert kpage.evaluate("location.hash") == "#gk-main" and kpage.evaluate("document.activeElement.id") == "gk-main"
    kpage.keyboard.press("Tab")  # the next stop is inside the content, past header and navigation
    assert kpage.evaluate("!!document.activeElement.closest('.md-content')")


def test_search_from_the_header_and_open_a_result_with_the_keyboard(kpage: Any, small_url: str) -> None:
    kpage.goto(small_url + "/")
    tab_until(kpage, "e.id === 'gk-header-q'")
    kpage.keyboard.type("物资调度")
    kpage.keyboard.press("Enter")
    kpage.wait_for_url("**/search/?q=*")
    kpage.wait_for_selector("[data-gk-list] li a", timeout=15000)
    tab_until(kpage, "!!e.closest('[data-gk-list]') && e.tagName === 'A'", limit=80)
    title = kpage.evaluate("document.activeElement.textContent.trim()")
    assert "春耕备耕物资调度" in title
    kpage.keyboard.press("Enter")
    kpage.wait_for_url("**/qtwj/2024-*/")
    assert "物资调度" in kpage.locator("h1").inner_text()


def test_directory_pages_with_the_keyboard(kpage: Any, small_url: str) -> None:
    kpage.goto(small_url + "/qtwj/")
    tab_until(kpage, "e.getAttribute('rel') === 'next'", limit=120)
    kpage.keyboard.press("Enter")
    kpage.wait_for_url("**/qtwj/page/2/")
    assert kpage.locator(".gk-pager [aria-current='page']").inner_text() == "2"
    tab_until(kpage, "e.getAttribute('aria-label') === '第3页'", limit=120)
    kpage.keyboard.press("Enter")
    kpage.wait_for_url("**/qtwj/page/3/")
    tab_until(kpage, "e.getAttribute('rel') === 'prev'", limit=120)
    kpage.keyboard.press("Enter")
    kpage.wait_for_url("**/qtwj/page/2/")
