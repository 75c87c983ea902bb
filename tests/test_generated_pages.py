"""Every plugin makes its generated pages through one helper (gongkai.mkdocs_plugins.pages): one escaped stub, and one
rule for a page staff wrote at the same URL (kept as an introduction, published instead, or a clear error naming both)."""

from __future__ import annotations

from pathlib import Path

from conftest import item_md, make_project, mkdocs_build


def test_a_staff_page_at_the_guide_url_stops_the_build_naming_both_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"a.md": item_md(), "zhinan/index.md": "# 我们的指南\n\n自己写的指南。\n"})
    result = mkdocs_build(project)
    assert not result.ok
    assert "content/zhinan/index.md" in result.output and "「政府信息公开指南」" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_staff_page_at_the_contact_url_is_published_instead_of_the_generated_one(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"a.md": item_md(), "lianxi/index.md": "# 联系我们\n\n请拨打 0799-7654321。\n"})
    result = mkdocs_build(project)
    assert result.ok, result.output
    html = (result.site / "lianxi/index.html").read_text(encoding="utf-8")
    assert "请拨打 0799-7654321。" in html


def test_a_data_title_with_markup_and_quotes_is_escaped_in_the_generated_page_title(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"a.md": item_md()})
    domain = project / "catalog_schema/domains/义务教育.yml"
    domain.write_text(domain.read_text(encoding="utf-8").replace("名称: 义务教育\n", "名称: '义务\"教育<b>'\n"), encoding="utf-8")
    body = project / "site_config/body.yml"
    body.write_text(body.read_text(encoding="utf-8").replace("适用领域: [义务教育,", "适用领域: ['义务\"教育<b>',"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.ok, result.output
    html = (result.site / "bzml/ywjy/index.html").read_text(encoding="utf-8")
    assert "<title>义务&#34;教育&lt;b&gt;领域基层政务公开标准目录 - " in html
    assert "义务\"教育<b>" not in html
