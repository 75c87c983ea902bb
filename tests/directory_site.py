"""A small real project for the directory, feed and open-data tests, built once per test module.

45 items in 其他文件 (page size 20 → 3 pages) spread over 2024 and 2025 with several items sharing a
publication date and 索引号 deliberately out of file order; a 行政规范性文件 lifecycle (有效, 已废止 → successor,
已修改 → successor, 尚未生效); three 政策解读 in different forms; one 年报 item; one 依申请公开 item that must
appear nowhere; one title starting with "=" and one containing markup. 54 published items in all.
"""

from __future__ import annotations

import datetime as dt
import html.parser
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import CODE, Build, item_md, make_project, mkdocs_build, set_plugins

NAV = [{"首页": "index.md"}, {"政府信息公开制度": "zhidu/index.md"}, {"法定主动公开内容": "fdzdgknr/index.md"}, {"目录": "mulu/index.md"}]
SITE_URL = "https://www.example.gov.cn/xxgk/"
QTWJ_COUNT = 45


def idx(year: int, serial: int) -> str:
    return f"{CODE}/{year}-{serial:05d}"


def qtwj_items() -> dict[str, tuple[str, dt.date, str]]:
    """path -> (索引号, 发布日期, 标题) for the 45 其他文件 items; items come in threes sharing a publication date."""
    out = {}
    for n in range(QTWJ_COUNT):
        published = dt.date(2025, 10, 31) - dt.timedelta(days=(n // 3) * 30)
        serial = 500 - n * 7 % 45  # 索引号 order differs from date order within a day
        out[f"qtwj/f{(n * 17) % QTWJ_COUNT:02d}.md"] = (idx(published.year, serial), published, f"示例县其他文件第{n + 1}号")
    return out


def project_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for path, (index_no, published, title) in qtwj_items().items():
        extra = {"内容概述": f"{title}的内容概述"} if index_no.endswith("0") else {}
        files[path] = item_md(
            f"{title}正文开头。\n", 标题=title, 索引号=index_no, 发布日期=published.isoformat(), 成文日期=published.isoformat(), **extra
        )
    lifecycle = {
        "gfxwj/new.md": dict(
            标题="示例县城乡低保实施办法",
            索引号=idx(2025, 1),
            发布日期="2025-03-10",
            成文日期="2025-03-01",
            发文字号="示府规〔2025〕1号",
            有效性={"状态": "有效", "施行日期": "2025-04-01"},
        ),
        "gfxwj/old.md": dict(
            标题="示例县城乡低保暂行办法",
            索引号=idx(2023, 1),
            发布日期="2023-02-10",
            成文日期="2023-02-01",
            发文字号="示府规〔2023〕1号",
            有效性={"状态": "已废止", "日期": "2025-04-01", "替代文件": idx(2025, 1), "说明": "被《示例县城乡低保实施办法》废止"},
        ),
        "gfxwj/mod.md": dict(
            标题="示例县住房补贴管理办法",
            索引号=idx(2024, 1),
            发布日期="2024-05-06",
            成文日期="2024-05-01",
            发文字号="示府规〔2024〕1号",
            有效性={"状态": "已修改", "日期": "2025-06-01", "替代文件": idx(2025, 2), "说明": "第五条补贴标准已修改"},
        ),
        "gfxwj/mod2.md": dict(
            标题="示例县住房补贴管理办法（2025年修订）",
            索引号=idx(2025, 2),
            发布日期="2025-06-01",
            成文日期="2025-05-20",
            发文字号="示府规〔2025〕2号",
            有效性={"状态": "有效"},
        ),
        "gfxwj/future.md": dict(
            标题="示例县养老服务补贴办法",
            索引号=idx(2026, 1),
            发布日期="2026-11-02",
            成文日期="2026-10-30",
            发文字号="示府规〔2026〕1号",
            有效性={"状态": "尚未生效", "施行日期": "2027-01-01"},
        ),
    }
    for path, meta in lifecycle.items():
        files[path] = item_md("办法正文。\n", 栏目="行政规范性文件", 发文机关="示例县人民政府", **meta)
    for n, form in enumerate(("图解", "问答", "文字解读"), 1):
        files[f"zcjd/{n}.md"] = item_md(
            "解读正文。\n",
            标题=f"《示例县城乡低保实施办法》{form}",
            栏目="政策解读",
            索引号=idx(2025, 10 + n),
            发布日期=f"2025-03-1{n}",
            解读对象=[idx(2025, 1)],
            解读形式=form,
            形成日期="2025-03-10",
        )
    files["nianbao/2024.md"] = item_md(
        "年报正文。\n",
        标题="示例县人民政府2024年政府信息公开工作年度报告",
        栏目="政府信息公开年报",
        索引号=idx(2025, 20),
        发布日期="2025-03-28",
    )
    files["ghxx/eq.md"] = item_md(
        "规划正文。\n", 标题="=1+1 示例县国土空间规划<b>草案</b>", 栏目="规划信息", 索引号=idx(2026, 5), 发布日期="2026-01-05"
    )
    files["ghxx/secret.md"] = item_md(
        "不公开。\n", 标题="示例县内部会议纪要", 栏目="规划信息", 索引号=idx(2026, 6), 发布日期="2026-01-06", 公开属性="依申请公开"
    )
    return files


PUBLISHED = QTWJ_COUNT + 5 + 3 + 1 + 1  # the 依申请公开 item is not published


def build_dir_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the project with the core and directory plugins only (each test module calls this once)."""
    project = make_project(tmp_path_factory.mktemp("dirsite"), project_files())
    set_plugins(project, ["gongkai", "gongkai-directory"], nav=NAV)
    result = mkdocs_build(project)
    assert result.ok, result.output
    return result


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Node] = field(default_factory=list)


class _Tree(html.parser.HTMLParser):
    VOID: ClassVar[set[str]] = {
        "br",
        "img",
        "link",
        "meta",
        "input",
        "hr",
        "source",
        "area",
        "base",
        "col",
        "embed",
        "wbr",
        "track",
        "param",
    }

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        for node in self.stack:
            node.text += data


def parse(path: Path) -> Node:
    parser = _Tree()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.root


def walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from walk(child)


def find_all(node: Node, tag: str, **attrs: str) -> list[Node]:
    return [n for n in walk(node) if n.tag == tag and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]


def find(node: Node, tag: str, **attrs: str) -> Node:
    hits = find_all(node, tag, **attrs)
    assert hits, f"no <{tag} {attrs}>"
    return hits[0]


def text(node: Node) -> str:
    return " ".join(node.text.split())


def page(site: Path, url: str) -> Node:
    return parse(site / url / "index.html")


def resolve(site: Path, url: str, href: str) -> Path:
    """The file a relative link on the page at `url` points to."""
    target = (site / url / href).resolve()
    return target / "index.html" if target.is_dir() else target


def table_rows(doc: Node, cls: str = "gk-dir") -> list[list[Node]]:
    """The body rows of every `cls` table of the page, in page order (a one-page column has one table per year)."""
    tables = [n for n in find_all(doc, "table") if cls in n.attrs.get("class", "").split()]
    assert tables, f"no table of class {cls}"
    return [[c for c in tr.children if c.tag in ("td", "th")] for table in tables for tr in find_all(find(table, "tbody"), "tr")]
