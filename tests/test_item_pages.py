"""Item pages built by the real MkDocs: info card values, stable URLs, never in the nav, escaping, validity."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CODE, Build, item_md, make_project, mkdocs_build, set_plugins


class CardParser(HTMLParser):
    """Collects the info card as {label: text} and the nav links' hrefs."""

    def __init__(self) -> None:
        super().__init__()
        self.card: dict[str, str] = {}
        self._in_card = False
        self._label: str | None = None
        self._cell: list[str] | None = None
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "table" and "gk-infocard" in cls:
            self._in_card = True
        elif self._in_card and tag in ("th", "td"):
            self._cell = []
        elif tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_card:
            self._in_card = False
        elif self._in_card and tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell).strip()
            if tag == "th":
                self._label = text
            elif self._label:
                self.card[self._label] = text
                self._label = None
            self._cell = None
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._in_h1:
            self.h1.append(data)


def build(tmp_path: Path, items: dict[str, str]) -> Build:
    project = make_project(tmp_path, items)
    set_plugins(project, ["gongkai"])
    return mkdocs_build(project)


def card_of(html: str) -> CardParser:
    parser = CardParser()
    parser.feed(html)
    return parser


def test_info_card_shows_the_items_values_in_the_national_order(tmp_path: Path) -> None:
    text = item_md(
        栏目="行政规范性文件",
        发文字号="示政办发〔2024〕3号",
        成文日期="2024-03-05",
        主题分类="农业农村",
        主题词=["春耕", "农资"],
        有效性={"状态": "有效"},
    )
    result = build(tmp_path, {"任意目录/春耕.md": text})
    assert result.ok, result.output
    html = (result.site / "gfxwj/2024-00001/index.html").read_text(encoding="utf-8")
    card = card_of(html).card
    assert list(card) == ["索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "主题词", "有效性"]
    assert card["索引号"] == f"{CODE}/2024-00001"
    assert card["成文日期"] == "2024年3月5日" and card["发布日期"] == "2024年3月8日"
    assert card["发文字号"] == "示政办发〔2024〕3号" and card["主题词"] == "春耕　农资" and card["有效性"] == "有效"
    assert 'lang="zh' in html


def test_item_url_does_not_depend_on_where_the_file_sits(tmp_path: Path) -> None:
    first = build(tmp_path / "a", {"qtwj/2024/a.md": item_md()})
    moved = build(tmp_path / "b", {"旧的目录/改过名字.md": item_md()})
    assert first.ok and moved.ok, first.output + moved.output
    assert (first.site / "qtwj/2024-00001/index.html").is_file()
    assert (moved.site / "qtwj/2024-00001/index.html").is_file()


def test_items_never_enter_the_nav(tmp_path: Path) -> None:
    items = {f"qtwj/{n}.md": item_md(索引号=f"{CODE}/2024-{n:05d}", 标题=f"第{n}号通知") for n in range(1, 6)}
    result = build(tmp_path, items)
    assert result.ok, result.output
    home = (result.site / "index.html").read_text(encoding="utf-8")
    assert "第1号通知" not in home.split('class="md-content"')[0]  # not in header/nav/sidebar
    assert "exist in the docs directory, but are not included in the" not in result.output


def test_staff_text_is_escaped_not_executed(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": item_md(标题="关于<script>alert(1)</script>的通知")})
    assert result.ok, result.output
    html = (result.site / "qtwj/2024-00001/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "关于&lt;script&gt;alert(1)&lt;/script&gt;的通知" in html


def test_items_not_for_proactive_disclosure_are_not_published(tmp_path: Path) -> None:
    items = {
        "a.md": item_md(),
        "b.md": item_md(索引号=f"{CODE}/2024-00002", 公开属性="依申请公开"),
        "c.md": item_md(索引号=f"{CODE}/2024-00003", 公开属性="不予公开", 不予公开理由="条例第十五条：涉及个人隐私"),
    }
    result = build(tmp_path, items)
    assert result.ok, result.output
    assert (result.site / "qtwj/2024-00001/index.html").is_file()
    assert not (result.site / "qtwj/2024-00002").exists()
    assert not (result.site / "qtwj/2024-00003").exists()
    assert not list(result.site.rglob("b.md")) and not list(result.site.rglob("c.md"))


def test_superseded_document_shows_banner_and_both_pages_link_each_other(tmp_path: Path) -> None:
    old = item_md(
        标题="示例县旧办法",
        栏目="行政规范性文件",
        有效性={"状态": "已废止", "日期": "2024-06-01", "替代文件": f"{CODE}/2024-00002", "说明": "被新办法替代"},
    )
    new = item_md(标题="示例县新办法", 栏目="行政规范性文件", 索引号=f"{CODE}/2024-00002", 发布日期="2024-06-01", 有效性={"状态": "有效"})
    result = build(tmp_path, {"old.md": old, "new.md": new})
    assert result.ok, result.output
    old_html = (result.site / "gfxwj/2024-00001/index.html").read_text(encoding="utf-8")
    new_html = (result.site / "gfxwj/2024-00002/index.html").read_text(encoding="utf-8")
    assert "本文件已废止" in old_html and "2024年6月1日" in old_html and "被新办法替代" in old_html
    assert 'href="../../gfxwj/2024-00002/"' in old_html
    assert "本文件替代" in new_html and 'href="../../gfxwj/2024-00001/"' in new_html


def test_attachments_are_listed_with_type_and_size_and_published(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"qtwj/a.md": item_md(附件=[{"文件": "附件/补贴标准.csv", "名称": "补贴标准表"}])})
    (project / "content/qtwj/附件").mkdir()
    (project / "content/qtwj/附件/补贴标准.csv").write_text("项目,标准\n耕地,100\n", encoding="utf-8")
    set_plugins(project, ["gongkai"])
    result = mkdocs_build(project)
    assert result.ok, result.output
    html = (result.site / "qtwj/2024-00001/index.html").read_text(encoding="utf-8")
    assert "补贴标准表" in html and "（CSV，" in html and " B）" in html
    assert (result.site / "qtwj/附件/补贴标准.csv").is_file()
    assert 'download="补贴标准.csv"' in html


def test_build_with_errors_fails_with_the_findings_and_no_traceback(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": item_md(成文日期="2024-02-30"), "b.md": item_md(索引号=f"{CODE}/2024-00002", 栏目="新闻")})
    assert not result.ok
    assert "内容有 2 个错误，未生成网站（原网站保持不变）" in result.output
    assert "content/a.md:7: 错误[date-invalid]" in result.output and "content/b.md:4: 错误[column-unknown]" in result.output
    assert "Traceback" not in result.output


def test_successor_that_is_not_published_is_named_but_not_linked(tmp_path: Path) -> None:
    old = item_md(
        标题="示例县旧办法",
        栏目="行政规范性文件",
        有效性={"状态": "已废止", "日期": "2024-06-01", "替代文件": f"{CODE}/2024-00002"},
    )
    new = item_md(
        标题="示例县新办法",
        栏目="行政规范性文件",
        索引号=f"{CODE}/2024-00002",
        发布日期="2024-06-01",
        公开属性="依申请公开",
        有效性={"状态": "有效"},
    )
    result = build(tmp_path, {"old.md": old, "new.md": new})
    assert result.ok, result.output
    old_html = (result.site / "gfxwj/2024-00001/index.html").read_text(encoding="utf-8")
    assert "本文件已废止" in old_html
    assert "gfxwj/2024-00002/" not in old_html
    assert not (result.site / "gfxwj/2024-00002").exists()


FRONT = "---\n标题: 关于调整最低生活保障标准的通知\n栏目: 政策文件\n---\n"


@pytest.mark.parametrize(
    "body",
    [
        "正文第一段。\n",
        "\n\n\n正文前有空行。\n",
        "Note: 以 MultiMarkdown 元数据形式开头的一行\n\n正文。\n",
        "---\n\n分隔线之后的正文\n\n---\n",
        "---\n标题: 像前言的正文\n---\n正文。\n",
        "",
    ],
)
def test_an_items_markdown_is_exactly_what_mkdocs_takes_after_its_front_matter(body: str) -> None:
    # The core plugin hands MkDocs the item's source with an empty front matter (the loader parsed the real one):
    # MkDocs must convert the very same Markdown, and never read the body's first lines as meta.
    from gongkai.mkdocs_plugins.pages import without_front_matter
    from mkdocs.utils.meta import get_data

    source = FRONT + body
    replaced = without_front_matter(source)
    assert replaced is not None
    assert get_data(replaced) == (get_data(source)[0], {})
    assert without_front_matter("没有前言的文件\n") is None  # MkDocs reads such a file itself


def test_an_item_whose_front_matter_only_the_loader_reads_is_converted_without_it() -> None:
    # PyYAML's Python loader rejects 2024-02-30 as a date, and MkDocs alone would then show the front matter as the
    # start of the body; the loader reads it as text and the item is published: its page shows only its body.
    from gongkai.mkdocs_plugins.pages import without_front_matter
    from mkdocs.utils.meta import get_data

    source = "---\n标题: 2024-02-30\n栏目: 政策文件\n---\n\n正文。\n"
    assert get_data(source)[0] == source  # MkDocs alone: the front matter is part of the body
    replaced = without_front_matter(source)
    assert replaced is not None and get_data(replaced) == ("正文。\n", {})
