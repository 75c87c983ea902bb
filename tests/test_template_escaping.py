"""Package templates autoescape: a `<script>` written into data (a column name, a 标准目录 domain name, a 指南 fact)
comes out as text on every generated page that shows it, never as markup (gongkai.mkdocs_plugins.pages)."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import item_md, make_project, mkdocs_build

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _edit_yaml(path: Path, change: str, to: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(change) >= 1, f"{path}: {change}"
    path.write_text(text.replace(change, to), encoding="utf-8")


def _project_with_script_in_data(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p", {"a.md": item_md(标题="一条信息")})
    body = project / "site_config/body.yml"
    raw = yaml.safe_load(body.read_text(encoding="utf-8"))
    office = raw["公开工作机构"]["办公地址"]
    _edit_yaml(body, f"办公地址: {office}", f"办公地址: '{office}{SCRIPT}'")
    # A column no item uses: its page, the 目录 overview and the 网站地图 show its name.
    _edit_yaml(project / "catalog_schema/catalog.yml", "  - 名称: 规范性文件备案\n", f"  - 名称: '规范性文件备案{SCRIPT}'\n")
    _edit_yaml(project / "catalog_schema/domains/义务教育.yml", "名称: 义务教育\n", f"名称: '义务教育{SCRIPT}'\n")
    _edit_yaml(body, "适用领域: [义务教育,", f"适用领域: ['义务教育{SCRIPT}',")
    return project


def _pages(site: Path, *urls: str) -> dict[str, str]:
    return {url: (site / url / "index.html").read_text(encoding="utf-8") for url in urls}


def test_script_in_a_column_name_a_domain_name_and_a_guide_fact_is_escaped_on_generated_pages(tmp_path: Path) -> None:
    result = mkdocs_build(_project_with_script_in_data(tmp_path))
    assert result.ok, result.output
    pages = _pages(result.site, "zhinan", "ysqgk", "lianxi", "mulu", "sitemap", "bzml", "bzml/ywjy", "gfxwjba")
    for url, html in pages.items():
        assert SCRIPT not in html, url
    for url in ("zhinan", "ysqgk", "lianxi"):
        assert f"{ESCAPED}" in pages[url], url  # the 公开工作机构's 办公地址
    for url in ("mulu", "sitemap", "gfxwjba"):
        assert f"规范性文件备案{ESCAPED}" in pages[url], url
    for url in ("bzml", "bzml/ywjy"):
        assert f"义务教育{ESCAPED}" in pages[url], url
