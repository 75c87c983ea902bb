"""The listing model on its own: slices, pager windows, the reusable column listing, option checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CODE, item_md, make_project, mkdocs_build, set_plugins
from gongkai.loader import load
from gongkai.paging import Pager
from gongkai.views.directory import Directory, column_listing

TODAY = dt.date(2026, 11, 24)


def model_with(tmp_path: Path, n: int, column: str = "统计信息"):  # type: ignore[no-untyped-def]
    items = {
        f"x/{k}.md": item_md(
            栏目=column, 索引号=f"{CODE}/2025-{k + 1:05d}", 发布日期=(dt.date(2025, 1, 1) + dt.timedelta(days=k // 2)).isoformat()
        )
        for k in range(n)
    }
    loaded = load(make_project(tmp_path, items), today=TODAY)
    assert not loaded.errors and loaded.model is not None, [f.format() for f in loaded.errors]
    return loaded.model


def test_pager_shows_first_last_and_a_window_around_the_current_page_with_gaps() -> None:
    pager = Pager(number=10, total=30, base="tjxx/")
    shown = [link.number if link else None for link in pager.links]
    assert shown == [1, None, 8, 9, 10, 11, 12, None, 30]
    assert [link.url for link in pager.links if link and link.current] == ["tjxx/page/10/"]
    assert (pager.prev_url, pager.next_url, pager.first_url) == ("tjxx/page/9/", "tjxx/page/11/", "tjxx/")
    assert [link.number for link in Pager(1, 3, "a/").links if link] == [1, 2, 3]
    assert Pager(1, 1, "a/").prev_url == Pager(1, 1, "a/").next_url == ""


def test_every_page_holds_its_own_slice_and_the_pages_cover_the_listing_exactly_once(tmp_path: Path) -> None:
    model = model_with(tmp_path, 45)
    directory = Directory.build(model, page_size=7)
    view = directory.views["tjxx"]
    assert view.listing is not None
    pages = list(view.listing.pages())
    assert [len(p.items) for p in pages] == [7] * 6 + [3]
    seen = [i.index_no for p in pages for i in p.items]
    assert seen == [i.index_no for i in model.by_column["tjxx"]]
    assert len(set(seen)) == 45
    assert [p.url for p in pages[:2]] == ["tjxx/", "tjxx/page/2/"]
    assert (pages[1].first_position, pages[1].last_position) == (8, 14)
    # newest day first; the two items of each day ordered by 索引号
    keys = [(-i.published.toordinal(), i.index_no) for p in pages for i in p.items]
    assert keys == sorted(keys) and len({k[0] for k in keys}) == 23


def test_groups_sum_their_sub_columns_and_empty_columns_have_one_empty_page(tmp_path: Path) -> None:
    model = model_with(tmp_path, 5)
    directory = Directory.build(model)
    assert directory.views["fdzdgknr"].count == 5
    assert directory.views["fdzdgknr"].latest == dt.date(2025, 1, 3)
    empty = directory.views["jgzn"]
    assert empty.count == 0 and empty.latest is None and empty.years == []
    assert empty.listing is not None and [p.url for p in empty.listing.pages()] == ["jgzn/"]
    assert "zhinan" not in directory.views  # the guide engineer's page


def test_column_listing_is_reusable_for_the_annual_report_column(tmp_path: Path) -> None:
    model = model_with(tmp_path, 3, column="政府信息公开年报")
    listing = column_listing(model, model.catalog.by_slug["nianbao"], page_size=2)
    assert listing.base == "nianbao/list/"
    assert [p.url for p in listing.pages()] == ["nianbao/list/", "nianbao/list/page/2/"]
    assert [len(p.items) for p in listing.pages()] == [2, 1]


def test_a_page_size_below_one_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        Directory.build(model_with(tmp_path / "m", 1), page_size=0)
    project = make_project(tmp_path / "p", {"a.md": item_md()})
    set_plugins(project, ["gongkai", "gongkai-directory"])
    cfg = project / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("- gongkai-directory\n", "- gongkai-directory:\n    page_size: 0\n"), encoding="utf-8"
    )
    result = mkdocs_build(project)
    assert not result.ok
    assert "page_size" in result.output and "正整数" in result.output
    assert "Traceback" not in result.output


def test_a_column_on_one_page_has_no_year_pages_and_links_its_years_to_groups_of_its_page(tmp_path: Path) -> None:
    model = model_with(tmp_path, 21)
    column = model.catalog.by_name["统计信息"]
    for size, paged in ((21, False), (20, True)):
        view = Directory.build(model, size).views[column.slug]
        assert view.year_pages is paged
        year = view.years[0]
        assert (year.label, year.anchor, year.count) == ("2025年", "y2025", 21)
        assert (year in list(view.listings())) is paged
        assert view.year_href(year) == ("tjxx/2025/" if paged else "tjxx/#y2025")
        assert view.year_href(year, view.listing) == ("tjxx/2025/" if paged else "#y2025")
