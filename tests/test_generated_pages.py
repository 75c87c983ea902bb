"""Every plugin makes its generated pages through one helper (gongkai.mkdocs_plugins.pages): one escaped stub, and one
rule for a page staff wrote at the same URL (kept as an introduction, published instead, or a clear error naming both)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def _generated_page(tmp_path: Path, content: str, *, generated: bool = True) -> tuple[Any, Any, Any]:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    config = MkDocsConfig()
    (tmp_path / "docs").mkdir(exist_ok=True)
    dirs = {"docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")}
    config.load_dict({"site_name": "示例", **dirs, "markdown_extensions": ["toc", "tables", "attr_list"]})
    errors, _warnings = config.validate()
    assert not errors, errors
    file = File("zhinan/index.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    file.content_string = content
    file.generated_by = "gongkai-guide" if generated else None
    page = Page(None, file, config)
    page.read_source(config)
    return page, config, Files([file])


def test_a_blank_generated_page_gets_exactly_what_mkdocs_render_gives_it_without_a_markdown_instance(tmp_path: Path) -> None:
    from gongkai.mkdocs_plugins.pages import skip_blank_render, stub

    source = stub("指南", "gongkai/guide.html")
    fast, config, files = _generated_page(tmp_path, source)
    skip_blank_render(fast)
    assert "render" in vars(fast)  # the page's own render replaces MkDocs' for this page only
    fast.render(config, files)
    slow, config, files = _generated_page(tmp_path, source)
    slow.render(config, files)
    for name in ("content", "title", "present_anchor_ids", "links_to_anchors", "_title_from_render"):
        assert getattr(fast, name) == getattr(slow, name), name
    assert list(fast.toc) == list(slow.toc) == []


def test_a_generated_page_with_text_and_a_staff_page_keep_mkdocs_render(tmp_path: Path) -> None:
    from gongkai.mkdocs_plugins.pages import skip_blank_render, stub

    with_text, _config, _files = _generated_page(tmp_path, stub("指南", "gongkai/guide.html") + "# 标题\n\n说明。\n")
    staff, _config, _files = _generated_page(tmp_path, stub("指南", "gongkai/guide.html"), generated=False)
    for page in (with_text, staff):
        skip_blank_render(page)
        assert "render" not in vars(page)
