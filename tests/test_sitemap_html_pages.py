"""网站地图 (sitemap/), 联系我们 (lianxi/) and the Chinese 404 page, from real builds."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml
from conftest import CODE, item_md, mkdocs_build
from gongkai.catalog import load_catalog
from gongkai.model import Finding
from identity_support import project, read_page


def _column_names(root: Path) -> list[str]:
    findings: list[Finding] = []
    catalog = load_catalog(root, "县级", findings)
    assert catalog is not None, findings
    return [c.name for c in catalog.columns]


def test_site_map_lists_every_column_and_generated_page_but_no_item(tmp_path: Path) -> None:
    items = {f"zcwj/{n}.md": item_md(标题=f"第{n}号通知", 索引号=f"{CODE}/2024-{n:05d}") for n in range(1, 4)}
    items["qtwj/index.md"] = "# 其他文件\n\n本栏目发布其他文件。\n"  # a page at a column's URL gets linked
    items["qtwj/page/2/index.md"] = "# 其他文件（第2页）\n"  # later pages of a listing are not listed
    items["pages/guanyu.md"] = "# 关于本站\n"
    proj = project(tmp_path / "p", items)
    build = mkdocs_build(proj)
    assert build.ok, build.output
    page = read_page(build.site, "sitemap/index.html")
    text = page.text(".gk-sitemap")
    for name in _column_names(proj):
        assert name in text, name
    links = {text: href for href, text in page.links}
    assert links["其他文件"] == "../qtwj/"
    assert links["联系我们"] == "../lianxi/"
    assert links["关于本站"] == "../pages/guanyu/"
    assert links["首页"] == "../"
    assert "第2页" not in text
    for n in range(1, 4):
        assert f"第{n}号通知" not in text
    assert "政府信息公开年报" in text and "政府信息公开年报" not in links  # no page for it in this build: plain text
    for href in links.values():
        if not href.startswith(("http", "mailto:", "#")):
            target = (build.site / "sitemap" / href).resolve()
            assert (target / "index.html").is_file() or target.is_file(), href


def test_footer_links_reach_the_site_map_and_contact_pages(tmp_path: Path) -> None:
    build = mkdocs_build(project(tmp_path / "p", {"zcwj/a.md": item_md()}))
    assert build.ok, build.output
    links = {text: href for href, text in read_page(build.site, "qtwj/2024-00001/index.html").links}
    base = build.site / "qtwj" / "2024-00001"
    assert (base / links["网站地图"] / "index.html").resolve() == (build.site / "sitemap" / "index.html").resolve()
    assert (base / links["联系我们"] / "index.html").resolve() == (build.site / "lianxi" / "index.html").resolve()
    contact = read_page(build.site, "lianxi/index.html")
    assert "政府信息公开工作机构" in contact.text("h2")
    assert "0799-1234568" in contact.text(".gk-contact")  # 传真号码 of the 公开工作机构


def test_a_contact_page_written_by_staff_replaces_the_generated_one(tmp_path: Path) -> None:
    proj = project(
        tmp_path / "p",
        {"pages/lianxi.md": "# 联系我们\n\n请拨打 0799-1234567。\n"},
        edit_body=lambda body: body["网站标识"].update({"联系我们页面": "pages/lianxi.md"}),
    )
    build = mkdocs_build(proj)
    assert build.ok, build.output
    assert not (build.site / "lianxi").exists()
    links = {text: href for href, text in read_page(build.site, "index.html").links}
    assert links["联系我们"] == "pages/lianxi/"


def test_the_404_page_is_chinese_with_a_search_box_and_links_to_the_directory_and_home(tmp_path: Path) -> None:
    proj = project(tmp_path / "p")
    root = urlsplit(yaml.safe_load((proj / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url") or "/").path
    build = mkdocs_build(proj)
    assert build.ok, build.output
    page = read_page(build.site, "404.html")
    assert page.text("h1") == "页面未找到"
    form = next(f for f in page.forms if f.get("role") == "search")
    assert form["method"] == "get" and form["action"] == f"{root}search/"  # absolute: 404 is served at any depth
    box = next(i for i in page.inputs if i.get("type") == "search")
    assert box["name"] == "q"
    assert "搜索本站" in page.text("label")
    links = {text: href for href, text in page.links}
    assert links["政府信息公开目录"] == f"{root}mulu/"
    assert links["返回首页"] == root
    assert "<html lang=\"zh-CN\"" in (build.site / "404.html").read_text(encoding="utf-8")
