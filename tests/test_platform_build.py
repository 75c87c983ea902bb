"""A three-body platform built with real MkDocs and Pagefind (issue #18): every body's 专栏 under its prefix,
the portal's lists, the 网站地图 and a joint document (联合发文) with one URL listed in two bodies' directories.

The platform is the fixture county as 本级政府, the department fgw and the township czz (their config files
from tests/fixtures/platform/site_config/bodies/), with items written here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import mkdocs_build
from test_platform import FGW, PLATFORM_YML, county_item, czz_item, fgw_item, make_platform

JOINT_TITLE = "关于联合开展春耕物资价格检查的通知"


@pytest.fixture(scope="module")
def platform_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_platform(
        tmp_path_factory.mktemp("platform") / "p",
        {
            "qtwj/2026-00001.md": county_item(标题="示例县人民政府关于春耕生产的通知"),
            "fgw/qtwj/2026-00001.md": fgw_item(标题="发展改革委关于价格监测的通知"),
            "fgw/qtwj/2026-00002.md": fgw_item(
                "2026-00002", 标题=JOINT_TITLE, 发文机关=["示例县发展和改革委员会", "示例县城关镇人民政府"], 发布日期="2026-04-01"
            ),
            "czz/qtwj/2026-00001.md": czz_item(标题="城关镇春耕生产工作安排"),
        },
    )
    build = mkdocs_build(project)
    assert build.ok, build.output
    return build.site


def text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_each_body_has_its_items_under_its_prefix_and_the_home_body_keeps_its_urls(platform_site: Path) -> None:
    assert "示例县人民政府关于春耕生产的通知" in text(platform_site / "qtwj/2026-00001/index.html")
    assert "发展改革委关于价格监测的通知" in text(platform_site / "fgw/qtwj/2026-00001/index.html")
    assert "城关镇春耕生产工作安排" in text(platform_site / "czz/qtwj/2026-00001/index.html")
    assert not (platform_site / "fgw/qtwj/2026-00001.md").exists()
    assert f"{FGW}/2026-00001" in text(platform_site / "fgw/qtwj/2026-00001/index.html")


def test_each_body_has_its_own_guide_directory_reports_feeds_and_open_data(platform_site: Path) -> None:
    guide = text(platform_site / "fgw/zhinan/index.html")
    assert "示例县发展和改革委员会办公室" in guide and "0799-1234611" in guide  # its own office and phone
    assert "0799-1234611" not in text(platform_site / "zhinan/index.html")
    assert "发展改革委关于价格监测的通知" in text(platform_site / "fgw/qtwj/index.html")
    assert "发展改革委关于价格监测的通知" not in text(platform_site / "qtwj/index.html")
    assert "其他文件" in text(platform_site / "fgw/mulu/index.html")
    assert (platform_site / "fgw/ysqgk/index.html").is_file() and (platform_site / "fgw/nianbao/index.html").is_file()
    rss = (platform_site / "fgw/feeds/rss.xml").read_text(encoding="utf-8")
    assert "https://www.example.gov.cn/xxgk/fgw/qtwj/2026-00001/" in rss and "示例县发展和改革委员会" in rss
    data = json.loads((platform_site / "fgw/opendata/catalog.json").read_text(encoding="utf-8"))
    titles = json.dumps(data, ensure_ascii=False)
    assert "发展改革委关于价格监测的通知" in titles and "示例县人民政府关于春耕生产的通知" not in titles
    assert data["机关名称"] == "示例县发展和改革委员会" and data["网站"] == "https://www.example.gov.cn/xxgk/fgw/"
    assert data["$schema"] == "https://www.example.gov.cn/xxgk/fgw/opendata/catalog.schema.json"
    assert (platform_site / "fgw/opendata/catalog.schema.json").is_file()
    county = json.loads((platform_site / "opendata/catalog.json").read_text(encoding="utf-8"))
    assert county["网站"] == "https://www.example.gov.cn/xxgk/" and county["机关名称"] == "示例县人民政府"
    # a department has no county-only columns; a township has its own
    assert not (platform_site / "fgw/szjs").exists() and (platform_site / "szjs").exists()


def test_the_portal_home_lists_departments_and_townships_with_latest_date_and_freshness(platform_site: Path) -> None:
    home = (platform_site / "index.html").read_text(encoding="utf-8")
    flat = text(platform_site / "index.html")
    assert "部门信息公开" in flat and "乡镇（街道）信息公开" in flat
    assert (
        flat.index("部门信息公开")
        < flat.index("示例县发展和改革委员会")
        < flat.index("乡镇（街道）信息公开")
        < flat.index("示例县城关镇人民政府")
    )
    assert 'href="./fgw/"' in home and 'href="./czz/"' in home
    row = flat[flat.index("示例县发展和改革委员会") :][:120]
    assert "2026年4月1日" in row and ("超期栏目" in row or "空栏目" in row or "按期更新" in row)


def test_a_body_home_says_which_body_it_is_and_links_back_to_the_portal(platform_site: Path) -> None:
    page = (platform_site / "czz/index.html").read_text(encoding="utf-8")
    assert "示例县城关镇人民政府政府信息公开" in text(platform_site / "czz/index.html")
    assert 'href="../">返回示例县人民政府政府信息公开' in page
    assert "部门信息公开</h2>" not in page  # the lists are the portal's


def test_a_joint_document_has_one_url_and_is_listed_in_both_bodies_directories(platform_site: Path) -> None:
    url = "fgw/qtwj/2026-00002/"
    page = text(platform_site / url / "index.html")
    assert JOINT_TITLE in page and "联合发文" in page and "示例县城关镇人民政府" in page
    czz_list = (platform_site / "czz/qtwj/index.html").read_text(encoding="utf-8")
    assert JOINT_TITLE in czz_list and 'href="../../fgw/qtwj/2026-00002/"' in czz_list
    assert JOINT_TITLE in (platform_site / "fgw/qtwj/index.html").read_text(encoding="utf-8")
    assert not list(platform_site.glob("czz/**/2026-00002/index.html"))  # one file, one page
    assert "fgw/qtwj/2026-00002/" in (platform_site / "czz/feeds/rss.xml").read_text(encoding="utf-8")
    assert JOINT_TITLE not in text(platform_site / "qtwj/index.html")  # not a body named in 发文机关


def test_the_site_maps_cover_every_body(platform_site: Path) -> None:
    xml = (platform_site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("xxgk/qtwj/2026-00001/", "xxgk/fgw/qtwj/2026-00001/", "xxgk/czz/zhinan/", "xxgk/fgw/mulu/"):
        assert f"https://www.example.gov.cn/{url}</loc>" in xml
    page = (platform_site / "sitemap/index.html").read_text(encoding="utf-8")
    assert "示例县发展和改革委员会</h2>" in page and "示例县城关镇人民政府</h2>" in page
    assert 'href="../fgw/zhinan/"' in page


def test_every_link_between_the_bodies_pages_resolves(platform_site: Path) -> None:
    """Relative links on every page (the 404 page links from the site root, so it is left out) reach a built file."""
    missing = []
    for page in platform_site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for href in re.findall(r'href="([^"#?]*)', page.read_text(encoding="utf-8")):
            if not href or re.match(r"[a-z]+:", href):
                continue
            target = (page.parent / unquote(href)).resolve()
            if href.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{page.relative_to(platform_site)} → {href}")
    assert missing == []


def primary_nav_targets(site: Path, url: str) -> list[str]:
    """The site paths the theme's left navigation on the page at `url` links to (resolved from the page)."""
    page = (site / url / "index.html").read_text(encoding="utf-8")
    nav = page[page.index('data-md-type="navigation"') : page.index('data-md-type="toc"')]
    targets = []
    for href in re.findall(r'href="([^"#?]*)', nav):
        resolved = (site / url / href).resolve().relative_to(site.resolve()).as_posix()
        targets.append("" if resolved == "." else resolved + "/")
    return targets


def test_a_body_page_shows_that_bodys_own_navigation_and_the_portal_link(platform_site: Path) -> None:
    fgw_item = primary_nav_targets(platform_site, "fgw/qtwj/2026-00001")
    assert {"fgw/", "fgw/zhinan/", "fgw/zhidu/", "fgw/fdzdgknr/", "fgw/nianbao/", "fgw/mulu/"} <= set(fgw_item)
    assert [t for t in fgw_item if not t.startswith("fgw/")] == [""]  # only the portal (the site root) besides fgw's
    page = (platform_site / "fgw/qtwj/2026-00001/index.html").read_text(encoding="utf-8")
    nav = page[page.index('data-md-type="navigation"') : page.index('data-md-type="toc"')]
    assert "返回示例县人民政府政府信息公开" in re.sub(r"<[^>]+>|\s+", "", nav)
    czz_guide = primary_nav_targets(platform_site, "czz/zhinan")
    assert "czz/" in czz_guide and not [t for t in czz_guide if t and not t.startswith("czz/")]
    county_item = primary_nav_targets(platform_site, "qtwj/2026-00001")
    assert "zhinan/" in county_item and not [t for t in county_item if t.startswith(("fgw/", "czz/"))]


def test_a_body_page_in_its_navigation_is_marked_as_the_current_one(platform_site: Path) -> None:
    page = (platform_site / "fgw/zhinan/index.html").read_text(encoding="utf-8")
    nav = page[page.index('data-md-type="navigation"') : page.index('data-md-type="toc"')]
    active = re.findall(r'<a href="([^"]*)" class="md-nav__link md-nav__link--active"', nav)
    assert active == ["./"]
    assert "政府信息公开指南" in re.sub(r"<[^>]+>|\s+", "", nav)


def test_a_bad_platform_file_stops_the_build_with_the_file_line_and_fix(tmp_path: Path) -> None:
    project = make_platform(tmp_path / "p", {}, PLATFORM_YML.replace("部门: [fgw]", "部门: [fgw, mulu]"))
    build = mkdocs_build(project)
    assert not build.ok
    assert "site_config/platform.yml:4" in build.output and "机关标识「mulu」" in build.output
    assert "Traceback" not in build.output
