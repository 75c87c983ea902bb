"""The 政府信息公开制度 column (the second 一级 column) together with the guide: its items get the
directory plugin's generated index at zhidu/, the guide links to it, and the home shows its last update.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from conftest import CODE, item_md, make_project, mkdocs_build, set_plugins


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def links(path: Path) -> list[str]:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.hrefs


def test_zhidu_lists_the_system_items_and_guide_and_home_point_to_it(tmp_path: Path) -> None:
    items = {
        "zhidu/a.md": item_md(
            标题="示例县政府信息公开工作制度", 索引号=f"{CODE}/2024-00003", 栏目="政府信息公开制度", 发布日期="2024-05-01"
        ),
        "zhidu/b.md": item_md(
            标题="示例县政府信息公开保密审查办法", 索引号=f"{CODE}/2025-00004", 栏目="政府信息公开制度", 发布日期="2025-05-01"
        ),
        "c.md": item_md(标题="示例县春耕通知", 索引号=f"{CODE}/2025-00005", 栏目="其他文件", 发布日期="2025-06-01"),
    }
    root = make_project(tmp_path / "p", items)
    set_plugins(root, ["gongkai", "gongkai-directory", "gongkai-guide"])
    result = mkdocs_build(root)
    assert result.ok, result.output
    listing = (result.site / "zhidu" / "index.html").read_text(encoding="utf-8")
    hrefs = links(result.site / "zhidu" / "index.html")
    assert "../zhidu/2025-00004/" in hrefs and "../zhidu/2024-00003/" in hrefs
    assert listing.index("示例县政府信息公开保密审查办法") < listing.index("示例县政府信息公开工作制度")
    assert "示例县春耕通知" not in listing
    assert "../zhidu/" in links(result.site / "zhinan" / "index.html")
    home = (result.site / "index.html").read_text(encoding="utf-8")
    zhidu_entry = home[home.index('href="./zhidu/"') :][:400]
    assert '<time datetime="2025-05-01">2025年5月1日</time>' in zhidu_entry
