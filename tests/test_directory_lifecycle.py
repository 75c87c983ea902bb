"""The 现行有效 lifecycle (景德镇 seed 004): current/archive split, banners and two-way successor links, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CODE, Build, item_md, make_project, mkdocs_build, set_plugins
from directory_site import (
    NAV,
    build_dir_site,
    find,
    find_all,
    idx,
    page,
    resolve,
    table_rows,
    text,
)


@pytest.fixture(scope="module")
def dir_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_dir_site(tmp_path_factory)


def test_default_listing_shows_only_current_documents(dir_site: Build) -> None:
    rows = table_rows(page(dir_site.site, "gfxwj"))
    shown = [text(r[0]) for r in rows]
    assert shown == [idx(2026, 1), idx(2025, 2), idx(2025, 1)]  # 尚未生效 counts as current; newest first
    stats = text(find(page(dir_site.site, "gfxwj"), "p", class_="gk-dir-stats"))
    assert "共 3 条现行有效文件" in stats
    for url in ("gfxwj/2023", "gfxwj/2024"):
        assert not (dir_site.site / url).exists()  # the only items of those years are superseded


def test_archive_lists_superseded_documents_with_status_date_reason_and_successor(dir_site: Build) -> None:
    site = dir_site.site
    ways = find(page(site, "gfxwj"), "nav", class_="gk-dir-ways")
    archive = [a for a in find_all(ways, "a") if "archive" in a.attrs["href"]]
    assert resolve(site, "gfxwj", archive[0].attrs["href"]) == site / "gfxwj/archive/index.html"
    doc = page(site, "gfxwj/archive")
    headers = [text(th) for th in find_all(find(doc, "thead"), "th")]
    assert headers == ["索引号", "名称", "状态", "日期", "原因", "现行文件"]
    rows = {text(r[0]): r for r in table_rows(doc)}
    assert list(rows) == [idx(2024, 1), idx(2023, 1)]  # the most recent change first
    repealed = rows[idx(2023, 1)]
    assert text(repealed[2]) == "已废止"
    assert find(repealed[3], "time").attrs["datetime"] == "2025-04-01"
    assert text(repealed[4]) == "被《示例县城乡低保实施办法》废止"
    succ = find(repealed[5], "a")
    assert resolve(site, "gfxwj/archive", succ.attrs["href"]) == site / "gfxwj/2025-00001/index.html"
    assert text(rows[idx(2024, 1)][2]) == "已修改"


def test_superseded_page_carries_a_banner_to_its_successor_which_links_back(dir_site: Build) -> None:
    site = dir_site.site
    old = page(site, "gfxwj/2023-00001")
    banner = find(old, "div", role="note")
    assert "本文件已废止" in text(banner) and "2025年4月1日" in text(banner)
    link = find(banner, "a")
    assert resolve(site, "gfxwj/2023-00001", link.attrs["href"]) == site / "gfxwj/2025-00001/index.html"
    new = (site / "gfxwj/2025-00001/index.html").read_text(encoding="utf-8")
    assert "本文件替代" in new
    back = [a for a in find_all(page(site, "gfxwj/2025-00001"), "a") if "示例县城乡低保暂行办法" in text(a)]
    assert back and resolve(site, "gfxwj/2025-00001", back[0].attrs["href"]) == site / "gfxwj/2023-00001/index.html"
    assert not find_all(page(site, "gfxwj/2025-00001"), "div", role="note")


def _build(tmp_path: Path, items: dict[str, str], extra_config: str = "") -> Build:
    project = make_project(tmp_path, items)
    set_plugins(project, ["gongkai", "gongkai-directory"], nav=NAV)
    if extra_config:
        cfg = project / "mkdocs.yml"
        text_ = cfg.read_text(encoding="utf-8").replace("- gongkai-directory\n", extra_config)
        cfg.write_text(text_, encoding="utf-8")
    return mkdocs_build(project)


def test_a_successor_index_no_that_does_not_exist_fails_the_build_with_a_finding(tmp_path: Path) -> None:
    items = {
        "a.md": item_md(
            栏目="行政规范性文件", 成文日期="2024-03-01", 有效性={"状态": "已废止", "日期": "2024-06-01", "替代文件": f"{CODE}/2024-00099"}
        )
    }
    result = _build(tmp_path, items)
    assert not result.ok
    assert "successor-unknown" in result.output and f"{CODE}/2024-00099" in result.output
    assert "content/a.md" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_column_fails_the_build_listing_the_valid_choices(tmp_path: Path) -> None:
    result = _build(tmp_path, {"a.md": item_md(栏目="通知公告")})
    assert not result.ok
    assert "column-unknown" in result.output and "通知公告" in result.output
    for choice in ("行政规范性文件", "其他文件", "政策解读", "政府信息公开制度"):
        assert choice in result.output
    assert "Traceback" not in result.output


def test_archive_can_be_switched_off_to_list_current_documents_only(tmp_path: Path) -> None:
    items = {
        "new.md": item_md(栏目="行政规范性文件", 索引号=f"{CODE}/2024-00002", 发布日期="2024-06-01", 有效性={"状态": "有效"}),
        "old.md": item_md(
            栏目="行政规范性文件", 有效性={"状态": "已失效", "日期": "2024-06-01", "替代文件": f"{CODE}/2024-00002", "说明": "有效期届满"}
        ),
    }
    result = _build(tmp_path, items, "- gongkai-directory:\n    archive: false\n")
    assert result.ok, result.output
    assert [text(r[0]) for r in table_rows(page(result.site, "gfxwj"))] == [f"{CODE}/2024-00002"]
    assert not (result.site / "gfxwj/archive").exists()
