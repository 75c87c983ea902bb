"""The home, the guide and a 标准目录 page in real headless Chromium at 320 px: nothing in the content
overflows the phone, the wide table scrolls inside its focusable region, the search box works by keyboard,
and no page requests another host.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import CODE, item_md, make_project, mkdocs_build, serve, set_plugins

OVERFLOW_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    if (el.closest('.gk-table-scroll')) continue;
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > window.innerWidth + 0.5 || r.left < -0.5)) out.push(el.tagName + '.' + el.className);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    items = {
        f"i{n}.md": item_md(
            标题=f"示例县义务教育学校名录（{2020 + n}年秋季学期更新，含新设学校和撤并学校的调整说明）",
            索引号=f"{CODE}/2026-{n:05d}",
            栏目="民生保障",
            发布日期=f"2026-0{n}-01",
            标准事项="义务教育/财务信息",  # row 1 of the shipped 义务教育 table
        )
        for n in range(1, 4)
    }
    root = make_project(tmp_path_factory.mktemp("home320"), items)
    set_plugins(root, ["gongkai", "gongkai-guide"])
    result = mkdocs_build(root)
    assert result.ok, result.output
    yield from serve(result.site)


@pytest.fixture
def phone(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 320, "height": 640})
    pg = context.new_page()
    pg.errors = []
    pg.foreign = []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: not r.url.startswith(site_url) and not r.url.startswith("data:") and pg.foreign.append(r.url))
    yield pg
    context.close()


@pytest.mark.parametrize("path", ["", "zhinan/", "bzml/", "bzml/ywjy/", "bzml/ywjy/1/"])
def test_pages_fit_a_320px_phone_without_foreign_requests(phone: Any, site_url: str, path: str) -> None:
    phone.goto(f"{site_url}/{path}")
    assert phone.evaluate(OVERFLOW_JS) == []
    assert phone.errors == []
    assert phone.foreign == []


def test_home_search_box_is_reachable_by_keyboard_and_submits_q(phone: Any, site_url: str) -> None:
    phone.goto(f"{site_url}/")
    box = phone.locator("#gk-home-q")
    assert box.is_visible()
    assert phone.get_by_label("检索政府信息").count() == 1
    for _ in range(40):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement && document.activeElement.id") == "gk-home-q":
            break
    else:
        pytest.fail("the home search box is not reachable with Tab")
    phone.keyboard.type("学校名录")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.url.startswith(f"{site_url}/search/?q=")


def test_home_root_columns_are_visible_and_stacked_on_a_phone(phone: Any, site_url: str) -> None:
    phone.goto(f"{site_url}/")
    links = phone.locator(".gk-home-roots a")
    assert links.count() == 4
    boxes = [links.nth(i).bounding_box() for i in range(4)]
    assert all(b is not None and b["x"] >= 0 and b["x"] + b["width"] <= 320 for b in boxes)
    assert all(boxes[i + 1]["y"] > boxes[i]["y"] for i in range(3))  # one column on a phone


def test_standard_catalog_table_scrolls_inside_its_focusable_region(phone: Any, site_url: str) -> None:
    phone.goto(f"{site_url}/bzml/ywjy/")
    region = phone.get_by_role("region", name="义务教育领域基层政务公开标准目录")
    assert region.count() == 1
    sizes = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1]  # the table is wider than the phone and scrolls within the region
    region.focus()
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => document.querySelector('.gk-table-scroll').scrollLeft > 0")  # a function: the page's CSP forbids eval
    link = phone.get_by_role("link", name="相关信息 3 条")
    assert link.count() == 1
    link.focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.url == f"{site_url}/bzml/ywjy/1/"
