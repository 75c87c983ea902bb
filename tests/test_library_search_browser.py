"""The 行政规范性文件库's search form in real Chromium over a real build with Pagefind: it searches the library's
columns only, its 有效性 filter uses the state computed at the build date, and "全部" sends no filter."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from build_dates import idx, project_at
from conftest import item_md, mkdocs_build, serve
from search_site import DONE

DAY = dt.date(2026, 11, 24)

def doc(serial: int, title: str, column: str, validity: dict[str, str] | None) -> str:
    fields: dict[str, Any] = {"标题": title, "索引号": idx(2025, serial), "栏目": column}
    fields.update({"发布日期": "2025-03-04", "成文日期": "2025-03-01"})
    if validity:
        fields["有效性"] = validity
    return item_md("关于秸秆综合利用的规定。\n", **fields)


ITEMS = {
    "gfxwj/a.md": doc(1, "示例县秸秆综合利用管理办法", "行政规范性文件", {"状态": "有效"}),
    "gfxwj/b.md": doc(2, "示例县秸秆禁烧临时规定", "行政规范性文件", {"状态": "有效", "有效期至": "2026-06-30"}),  # lapsed
    "qtwj/c.md": doc(3, "示例县秸秆综合利用工作通知", "其他文件", None),
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = project_at(tmp_path_factory.mktemp("libsearch"), DAY, ITEMS, ("gongkai", "gongkai-search", "gongkai-directory"))
    build = mkdocs_build(project)
    assert build.ok, build.output
    yield from serve(build.site)


def submit(browser: Any, site_url: str, validity: str) -> tuple[list[str], str]:
    context = browser.new_context(locale="zh-CN")
    tab = context.new_page()
    foreign: list[str] = []
    tab.on("request", lambda r: not r.url.startswith(site_url) and foreign.append(r.url))
    tab.goto(f"{site_url}/wjk/")
    tab.get_by_label("标题或全文").fill("秸秆")
    tab.get_by_label("有效性").select_option(label=validity)
    tab.get_by_role("button", name="检索").last.click()
    tab.wait_for_function(DONE)
    paths = sorted(urllib.parse.urlparse(a.get_attribute("href")).path for a in tab.query_selector_all(".gk-result__title a"))
    url = urllib.parse.unquote(tab.url)
    context.close()
    assert foreign == []
    return paths, url


def test_library_search_keeps_to_its_columns_and_all_states_when_no_filter_is_chosen(browser: Any, site_url: str) -> None:
    paths, url = submit(browser, site_url, "全部")
    assert paths == ["/gfxwj/2025-00001/", "/gfxwj/2025-00002/"]  # not the 其他文件 with the same words
    assert "栏目=行政规范性文件" in url


def test_library_search_filters_by_the_validity_computed_at_the_build_date(browser: Any, site_url: str) -> None:
    assert submit(browser, site_url, "有效")[0] == ["/gfxwj/2025-00001/"]
    assert submit(browser, site_url, "已失效")[0] == ["/gfxwj/2025-00002/"]
