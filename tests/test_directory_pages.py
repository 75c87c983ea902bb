"""Directory pages of a real build: pagination, order, rows, years, facets, 分组 pages and the 目录 overview."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Build, item_md, make_project, mkdocs_build, set_plugins
from directory_site import (
    NAV,
    PUBLISHED,
    QTWJ_COUNT,
    build_dir_site,
    find,
    find_all,
    idx,
    page,
    qtwj_items,
    resolve,
    table_rows,
    text,
    walk,
)
from test_html_validity_links import broken_links


@pytest.fixture(scope="module")
def dir_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_dir_site(tmp_path_factory)


def expected_qtwj_order() -> list[str]:
    """Newest 发布日期 first; items published the same day ordered by 索引号."""
    entries = sorted(qtwj_items().values(), key=lambda e: (-e[1].toordinal(), e[0]))
    return [index_no for index_no, _, _ in entries]


def test_45_items_at_page_size_20_make_three_pages_newest_first_with_equal_dates_ordered_by_index_no(dir_site: Build) -> None:
    site = dir_site.site
    shown = []
    sizes = []
    for url in ("qtwj", "qtwj/page/2", "qtwj/page/3"):
        rows = table_rows(page(site, url))
        sizes.append(len(rows))
        shown += [text(r[0]) for r in rows]
    assert sizes == [20, 20, 5]
    assert shown == expected_qtwj_order()
    assert not (site / "qtwj/page/4").exists()
    assert not (site / "qtwj/page/1").exists()  # page 1 lives at the column URL only


def test_page_links_work_without_javascript(dir_site: Build) -> None:
    site = dir_site.site
    for url, number, has_prev, has_next in (("qtwj", 1, False, True), ("qtwj/page/2", 2, True, True), ("qtwj/page/3", 3, True, False)):
        doc = page(site, url)
        nav = find(doc, "nav", class_="gk-pager")
        assert nav.attrs["aria-label"].startswith("分页")
        links = find_all(nav, "a")
        for a in links:
            assert resolve(site, url, a.attrs["href"]).is_file(), a.attrs["href"]
        current = [a for a in links if a.attrs.get("aria-current") == "page"]
        assert [text(a) for a in current] == [str(number)]
        assert bool(find_all(nav, "a", rel="prev")) is has_prev
        assert bool(find_all(nav, "a", rel="next")) is has_next
        assert not find_all(doc, "script", src="pager.js")
    prev = find(page(site, "qtwj/page/2"), "a", rel="prev")
    assert resolve(site, "qtwj/page/2", prev.attrs["href"]) == site / "qtwj/index.html"
    head_next = [n for n in find_all(page(site, "qtwj"), "link", rel="next")]
    assert resolve(site, "qtwj", head_next[0].attrs["href"]) == site / "qtwj/page/2/index.html"


def test_every_row_shows_index_no_linked_title_summary_generated_and_published_date(dir_site: Build) -> None:
    site = dir_site.site
    doc = page(site, "qtwj")
    headers = [text(th) for th in find_all(find(doc, "thead"), "th")]
    assert headers == ["索引号", "名称", "内容概述", "生成日期", "发布日期"]
    assert all(th.attrs.get("scope") == "col" for th in find_all(find(doc, "thead"), "th"))
    by_index = {v[0]: v for v in qtwj_items().values()}
    for cells in table_rows(doc):
        index_no, published, title = by_index[text(cells[0])]
        link = find(cells[1], "a")
        assert text(link) == title
        assert resolve(site, "qtwj", link.attrs["href"]) == site / f"qtwj/{index_no.split('/')[1]}/index.html"
        summary = text(cells[2])
        assert summary == (f"{title}的内容概述" if index_no.endswith("0") else f"{title}正文开头。")
        assert find(cells[3], "time").attrs["datetime"] == published.isoformat()  # 成文日期
        assert find(cells[4], "time").attrs["datetime"] == published.isoformat()
    # An interpretation has no 成文日期: its 生成日期 is the 形成日期.
    for cells in table_rows(page(site, "zcjd")):
        assert find(cells[3], "time").attrs["datetime"] == "2025-03-10"


def test_column_page_shows_item_count_and_latest_update(dir_site: Build) -> None:
    doc = page(dir_site.site, "qtwj")
    stats = find(doc, "p", class_="gk-dir-stats")
    assert f"共 {QTWJ_COUNT} 条" in text(stats)
    assert find(stats, "time").attrs["datetime"] == "2025-10-31"


def test_year_archives_hold_each_year_of_the_column_paginated(dir_site: Build) -> None:
    site = dir_site.site
    years: dict[int, list[str]] = {}
    for index_no, published, _ in qtwj_items().values():
        years.setdefault(published.year, []).append(index_no)
    assert set(years) == {2024, 2025}
    ways = find(page(site, "qtwj"), "nav", class_="gk-dir-ways")
    year_links = {text(a): a.attrs["href"] for a in find_all(ways, "a")}
    for year, members in years.items():
        assert f"{year}年（{len(members)}）" in year_links
        assert resolve(site, "qtwj", year_links[f"{year}年（{len(members)}）"]) == site / f"qtwj/{year}/index.html"
        listed = []
        url = f"qtwj/{year}"
        n = 1
        while (site / url / "index.html").exists():
            listed += [text(r[0]) for r in table_rows(page(site, url))]
            n += 1
            url = f"qtwj/{year}/page/{n}"
        assert listed == [i for i in expected_qtwj_order() if i in members]


def test_a_column_on_one_page_groups_its_items_by_year_and_has_no_year_pages(dir_site: Build) -> None:
    """Issue #18: 行政规范性文件 (3 current items) and 政策解读 (3) fit on one page of 20: no `<slug>/<YYYY>/` pages."""
    site = dir_site.site
    cases = {
        "gfxwj": {"y2026": [idx(2026, 1)], "y2025": [idx(2025, 2), idx(2025, 1)]},
        "zcjd": {"y2025": [idx(2025, 13), idx(2025, 12), idx(2025, 11)]},
    }
    for slug, groups in cases.items():
        for year in (2023, 2024, 2025, 2026):
            assert not (site / slug / str(year)).exists(), (slug, year)
        doc = page(site, slug)
        headings = [n for n in walk(doc) if n.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        assert [n.tag for n in headings] == ["h1"] + ["h2"] * len(groups)  # valid order: one level below the title
        assert [(h.attrs["id"], text(h)) for h in headings[1:]] == [(a, f"{a[1:]}年（{len(m)} 条）") for a, m in groups.items()]
        tables = [t for t in find_all(doc, "table") if "gk-dir" in t.attrs.get("class", "").split()]
        assert [[text(tr.children[0]) for tr in find_all(find(t, "tbody"), "tr")] for t in tables] == list(groups.values())
        assert [text(find(t, "caption")) for t in tables] == [f"{text(find(doc, 'h1'))} · {a[1:]}年信息列表" for a in groups]
        assert not find_all(doc, "nav", class_="gk-pager")
        ways = find(doc, "nav", class_="gk-dir-ways")
        year_links = [a for a in find_all(ways, "a") if "年（" in text(a)]
        assert [(a.attrs["href"], text(a)) for a in year_links] == [(f"#{a}", f"{a[1:]}年（{len(m)}）") for a, m in groups.items()]
    # The column's facet pages link the years to the groups on the column page.
    for url, slug in (("zcjd/form/tujie", "zcjd"), ("zcjd/form/wenda", "zcjd")):
        ways = find(page(site, url), "nav", class_="gk-dir-ways")
        hrefs = [a.attrs["href"] for a in find_all(ways, "a") if "年（" in text(a)]
        assert hrefs and all(h.split("#")[0].endswith(f"{slug}/") and "#y20" in h for h in hrefs), hrefs
        assert all(resolve(site, url, h.split("#")[0]) == site / slug / "index.html" for h in hrefs)
    assert not find_all(page(site, "qtwj"), "h2", class_="gk-dir-year")  # 45 items on 3 pages: year pages, as before


def test_no_page_of_the_directory_links_a_page_that_is_not_built(dir_site: Build) -> None:
    """Every local link and #fragment of the build resolves (the 目录, the column pages, the sitemap's pages)."""
    others = ("search/index.html", "zhinan/index.html", "nianbao/index.html")  # pages of plugins this build leaves out
    problems = [p for p in broken_links(dir_site.site) if not p.endswith(others)]
    assert problems == [], "\n".join(problems[:50])


def test_empty_column_says_so_instead_of_a_blank_page(dir_site: Build) -> None:
    for url in ("zhidu", "jgzn"):
        doc = page(dir_site.site, url)
        assert text(find(doc, "p", class_="gk-empty")) == "本栏目暂无信息"
        assert not find_all(doc, "table")


def test_interpretations_can_be_filtered_by_form_on_static_pages(dir_site: Build) -> None:
    site = dir_site.site
    ways = find(page(site, "zcjd"), "nav", class_="gk-dir-ways")
    forms = {text(a): a.attrs["href"] for a in find_all(ways, "a") if "/form/" in a.attrs["href"]}
    assert set(forms) == {"文字解读（1）", "图解（1）", "问答（1）"}
    target = resolve(site, "zcjd", forms["图解（1）"])
    assert target == site / "zcjd/form/tujie/index.html"
    rows = table_rows(page(site, "zcjd/form/tujie"))
    assert [text(find(r[1], "a")) for r in rows] == ["《示例县城乡低保实施办法》图解"]


def test_group_pages_list_their_sub_columns_with_count_and_latest_date(dir_site: Build) -> None:
    site = dir_site.site
    doc = page(site, "fdzdgknr")
    rows = {text(find(r[0], "a")): r for r in table_rows(doc, "gk-dir--columns")}
    assert {"政策文件", "政策解读", "规划信息", "机构职能"} <= set(rows)
    policy = rows["政策文件"]
    assert text(policy[1]).startswith(str(QTWJ_COUNT + 3))  # 45 其他文件 + 3 current 规范性文件
    assert "另有历史文件 2 件" in text(policy[1])
    assert find(policy[2], "time").attrs["datetime"] == "2026-11-02"
    assert text(rows["机构职能"][2]) == "暂无信息"
    sub = {text(find(r[0], "a")) for r in table_rows(page(site, "zcwj"), "gk-dir--columns")}
    assert sub == {"行政规范性文件", "规范性文件清理结果", "规范性文件备案", "其他文件"}  # 规章 applies to 设区的市级 bodies only


def test_overview_lists_every_column_with_count_and_latest_date_and_links_feeds_and_open_data(dir_site: Build) -> None:
    site = dir_site.site
    doc = page(site, "mulu")
    rows = {text(find(r[0], "a")): r for r in table_rows(doc, "gk-dir--columns")}
    for name in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政策文件",
        "其他文件",
        "政策解读",
        "社会救助",
        "政府信息公开年报",
    ):
        assert name in rows
    assert text(rows["其他文件"][1]) == str(QTWJ_COUNT)
    assert find(rows["其他文件"][2], "time").attrs["datetime"] == "2025-10-31"
    assert f"共公开 {PUBLISHED - 2} 条" in text(find(doc, "p", class_="gk-dir-stats"))  # 2 superseded are in archives
    data = find(doc, "section", class_="gk-dir-data")
    hrefs = [a.attrs["href"] for a in find_all(data, "a")]
    for suffix in (
        "feeds/rss.xml",
        "feeds/atom.xml",
        "opendata/catalog.json",
        "opendata/catalog.csv",
        "opendata/catalog.schema.json",
        "sitemap.xml",
    ):
        match = [h for h in hrefs if h.endswith(suffix)]
        assert match and resolve(site, "mulu", match[0]).is_file(), suffix
    feed_link = find(rows["其他文件"][3], "a")
    assert resolve(site, "mulu", feed_link.attrs["href"]) == site / "qtwj/rss.xml"


def test_report_items_are_listed_under_nianbao_list_and_the_report_and_guide_indexes_are_left_alone(dir_site: Build) -> None:
    site = dir_site.site
    rows = table_rows(page(site, "nianbao/list"))
    assert [text(find(r[1], "a")) for r in rows] == ["示例县人民政府2024年政府信息公开工作年度报告"]
    assert not (site / "nianbao/index.html").exists()
    assert not (site / "zhinan/index.html").exists()


def test_staff_text_is_escaped_and_unpublished_items_are_never_listed(dir_site: Build) -> None:
    site = dir_site.site
    html = (site / "ghxx/index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;草案&lt;/b&gt;" in html and "<b>草案</b>" not in html
    assert "内部会议纪要" not in html
    assert not (site / "ghxx/2026-00006").exists()


def test_nav_holds_the_sections_not_the_items(dir_site: Build) -> None:
    doc = page(dir_site.site, "mulu")
    nav = find(doc, "nav", class_="md-nav md-nav--primary")
    labels = [text(a) for a in find_all(nav, "a") if "md-nav__link" in a.attrs.get("class", "")]
    assert "目录" in labels and "法定主动公开内容" in labels and "政府信息公开制度" in labels
    assert not any("其他文件第" in label for label in labels)


def test_a_page_staff_write_at_a_column_url_keeps_its_text_above_the_listing(tmp_path: Path) -> None:
    items = {
        "zhidu/index.md": "本栏目公开本机关政府信息公开工作制度。\n",
        "zhidu/a.md": item_md(标题="示例县政府信息公开工作制度", 栏目="政府信息公开制度"),
    }
    project = make_project(tmp_path, items)
    set_plugins(project, ["gongkai", "gongkai-directory"], nav=NAV)
    result = mkdocs_build(project)
    assert result.ok, result.output
    doc = page(result.site, "zhidu")
    assert text(find(doc, "div", class_="gk-dir-intro")) == "本栏目公开本机关政府信息公开工作制度。"
    assert [text(find(r[1], "a")) for r in table_rows(doc)] == ["示例县政府信息公开工作制度"]
