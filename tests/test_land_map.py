"""征地信息 with a map (seed 004): 征地位置 on 征地补偿 items, the county outline GeoJSON, the page listing
items by place and year, and the map drawn in real Chromium by the bundled Leaflet with no tile layer and no
request to another host; the place filter works from the keyboard. Validation errors are checked on small
projects built with the real `mkdocs build --strict`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import CODE, item_md
from gongkai import land_map
from test_standard_catalog_table import DOMAIN, build_site

ZD_DOMAIN = {**DOMAIN, "名称": "征地补偿", "路径": "zdbc"}
OUTLINE = {"type": "Polygon", "coordinates": [[[117.0, 28.0], [117.4, 28.0], [117.4, 28.4], [117.0, 28.4], [117.0, 28.0]]]}
OPEN_RING = {"type": "Polygon", "coordinates": [[[117.1, 28.1], [117.2, 28.1], [117.2, 28.2], [117.1, 28.3]]]}
SQUARE = {"type": "Polygon", "coordinates": [[[117.1, 28.1], [117.2, 28.1], [117.2, 28.2], [117.1, 28.1]]]}


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def located(n: int, published: str, town: str, geom: object, village: str | None = "东村", matter: str = "征地补偿/学校名录") -> str:
    loc: dict[str, Any] = {"乡镇": town, "几何": geom}
    if village:
        loc["村"] = village
    return item_md(
        标题=f"征收土地预公告第{n}号<i>",
        索引号=f"{CODE}/{published[:4]}-{n:05d}",
        栏目="土地征收",
        发布日期=published,
        标准事项=matter,
        征地位置=loc,
    )


def land_site(tmp_path: Path, items: dict[str, str], outline: object = OUTLINE):
    text = None if outline is None else outline if isinstance(outline, str) else json.dumps(outline)
    return build_site(tmp_path, items, {"征地补偿": ZD_DOMAIN}, files={land_map.OUTLINE_FILE: text})


def test_page_lists_items_by_place_then_year_newest_first(tmp_path: Path) -> None:
    items = {
        "a.md": located(1, "2025-03-01", "西河镇", point(117.1, 28.1)),
        "b.md": located(2, "2026-05-01", "西河镇", SQUARE, village=None),
        "c.md": located(3, "2026-01-01", "城关镇", point(117.3, 28.3)),
        "d.md": located(4, "2026-02-01", "城关镇", point(117.3, 28.3), matter="征地补偿/学校名录"),
    }
    result = land_site(tmp_path, items)
    assert result.ok, result.output
    html = (result.site / "zdxx" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", html[html.index('class="gk-zd-list"') :])
    assert headings == ["城关镇（2 条）", "2026年", "西河镇（2 条）", "2026年", "2025年"]
    assert html.index("征收土地预公告第4号") < html.index("征收土地预公告第3号")
    assert "征收土地预公告第1号&lt;i&gt;" in html and "<i>" not in html.split('id="gk-zd-data"')[0][-2000:]
    data = json.loads(re.search(r'<script type="application/json" id="gk-zd-data">(.*?)</script>', html, re.S).group(1))
    assert data["outline"] == [OUTLINE] and len(data["features"]) == 4
    assert {f["properties"]["place"] for f in data["features"]} == {"西河镇", "城关镇"}
    ours = html[html.index("<h1>征地信息</h1>") : html.index("</article>")]
    scripts = re.findall(r"<script[^>]*>", ours)
    assert scripts == [
        '<script type="application/json" id="gk-zd-data">',
        '<script src="../gongkai/vendor/leaflet-1.9.4/leaflet.js">',
        '<script src="../gongkai/land_map.js">',
    ]  # no inline executable script
    assert not re.search(r"\son[a-z]+=", ours)  # no inline event handler
    assert (result.site / "gongkai" / "vendor" / "leaflet-1.9.4" / "LICENSE").exists()
    index = (result.site / "bzml" / "zdbc" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../zdxx/"' in index


def test_json_block_cannot_close_its_script_tag(tmp_path: Path) -> None:
    result = land_site(tmp_path, {"a.md": located(1, "2025-03-01", "西</script><b>镇", point(117.1, 28.1))})
    assert result.ok, result.output
    html = (result.site / "zdxx" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'id="gk-zd-data">(.*?)</script>', html, re.S).group(1)
    assert "\\u003c/script\\u003e" in block and json.loads(block)["features"][0]["properties"]["place"] == "西</script><b>镇"


def test_location_mistakes_are_errors_naming_file_and_field(tmp_path: Path) -> None:
    items = {
        "a.md": located(1, "2025-03-01", "西河镇", point(28.1, 117.1)),  # latitude first
        "b.md": located(2, "2025-03-02", "西河镇", OPEN_RING),
        "c.md": located(3, "2025-03-03", "西河镇", point(117.1, 28.1), matter=None),
        "d.md": located(4, "2025-03-04", "西河镇", {"type": "LineString", "coordinates": [[117.1, 28.1], [117.2, 28.2]]}),
    }
    result = land_site(tmp_path, items)
    assert not result.ok
    out = result.output
    assert "content/a.md:" in out
    wrong = "错误[land-location-geometry] 征地位置的几何有误：坐标 [28.1, 117.1] 超出经纬度范围"
    assert f"{wrong}（经度 -180～180，纬度 -90～90；先写经度）" in out
    assert "content/b.md:" in out and "多边形的环没有闭合：最后一个坐标应与第一个相同（字段：征地位置/几何" in out
    assert "错误[land-location-domain] 只有征地补偿领域的信息可以写征地位置" in out
    assert "content/d.md:" in out and "Point" in out


def test_a_point_outside_the_county_outline_is_a_warning(tmp_path: Path) -> None:
    result = land_site(tmp_path, {"a.md": located(1, "2025-03-01", "西河镇", point(118.5, 28.1))})
    assert not result.ok  # --strict: the warning stops the build
    assert "警告[land-location-outside] 征地位置不在县域轮廓范围内" in result.output


def test_a_broken_outline_is_an_error_naming_the_file(tmp_path: Path) -> None:
    result = land_site(tmp_path, {}, outline='{"type": "Polygon", "coordinates": [[[1, 2], [3, 4]]]}')
    assert not result.ok
    assert "site_config/县域轮廓.geojson:1: 错误[land-outline] 县域轮廓有误：多边形的每个环至少要有 4 个坐标（首尾相同）" in result.output
    result = land_site(tmp_path / "2", {}, outline="{not json")
    assert not result.ok and "错误[land-outline] 县域轮廓不是有效的 GeoJSON" in result.output


def test_no_page_without_outline_or_located_items(tmp_path: Path) -> None:
    result = land_site(tmp_path, {}, outline=None)
    assert result.ok, result.output
    assert not (result.site / "zdxx").exists()


def test_map_is_drawn_locally_and_filter_works_by_keyboard(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "/zdxx/")
    page.wait_for_selector("#gk-zd-map.gk-zd-map--drawn")
    paths = page.locator("#gk-zd-map svg path")
    assert paths.count() == 1 + 4  # the county outline and the four located items (3 polygons, 1 point)
    assert page.foreign_requests == [] and page.console_errors == []
    assert page.locator(".leaflet-tile").count() == 0  # no tile layer
    assert page.locator(".gk-zd-list li:visible").count() == 4
    page.keyboard.press("Tab")
    for _ in range(40):  # reach the filter from the top of the page with the keyboard only
        if page.evaluate("document.activeElement && document.activeElement.id") == "gk-zd-filter":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "gk-zd-filter"
    page.keyboard.type("西河")
    page.wait_for_function("document.querySelectorAll('.gk-zd-list li:not([hidden])').length === 1")
    assert page.locator("#gk-zd-map svg path").count() == 1 + 1
    assert page.locator(".gk-zd-place[data-place='城关镇']").is_hidden()
    assert "筛选“西河”：1 条征地信息。" in page.locator("#gk-zd-count").inner_text()
    for _ in range(2):
        page.keyboard.press("Backspace")
    page.wait_for_function("document.querySelectorAll('.gk-zd-list li:not([hidden])').length === 4")
    assert page.locator("#gk-zd-map svg path").count() == 5
    assert page.foreign_requests == []
