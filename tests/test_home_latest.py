"""The 专栏 home: the four 一级 columns with their exact names and last update dates, the latest 10 items,
the search form and the feed links. Real builds of a small project; the home is read with html.parser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import yaml
from conftest import CODE, item_md, make_project, mkdocs_build, set_plugins


class HomeReader(HTMLParser):
    """Entries of the roots nav and the latest list (text, href, datetime), the search form, all links."""

    def __init__(self) -> None:
        super().__init__()
        self.block = ""
        self.roots: list[dict[str, str]] = []
        self.latest: list[dict[str, str]] = []
        self.forms: list[dict[str, str]] = []
        self.inputs: list[dict[str, str]] = []
        self.labels: list[dict[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self.h1 = ""
        self._entry: dict[str, str] | None = None
        self._a: str | None = None
        self._a_text = ""
        self._h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        cls = a.get("class", "").split()
        if tag == "nav" and "gk-home-roots" in cls:
            self.block = "roots"
        elif tag == "ol" and "gk-home-latest__list" in cls:
            self.block = "latest"
        elif tag == "li" and self.block:
            self._entry = {"text": ""}
            (self.roots if self.block == "roots" else self.latest).append(self._entry)
        elif tag == "a":
            self._a, self._a_text = a.get("href", ""), ""
            if self._entry is not None and "href" not in self._entry:
                self._entry["href"] = self._a
        elif tag == "time" and self._entry is not None:
            self._entry["datetime"] = a.get("datetime", "")
        elif tag == "form":
            self.forms.append(a)
        elif tag == "input":
            self.inputs.append(a)
        elif tag == "label":
            self.labels.append(a)
        elif tag == "h1":
            self._h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("nav", "ol") and self.block:
            self.block = ""
        if tag == "li":
            self._entry = None
        if tag == "a" and self._a is not None:
            self.links.append((self._a, self._a_text.strip()))
            self._a = None
        if tag == "h1":
            self._h1 = False

    def handle_data(self, data: str) -> None:
        if self._entry is not None:
            self._entry["text"] += data
        if self._a is not None:
            self._a_text += data
        if self._h1:
            self.h1 += data


def item(n: int, column: str, published: str, **extra: object) -> str:
    fields: dict[str, object] = {
        "标题": f"测试信息{n:02d}",
        "索引号": f"{CODE}/{published[:4]}-{n:05d}",
        "栏目": column,
        "发布日期": published,
    }
    return item_md(**{**fields, **extra})


ITEMS = {
    "i01.md": item(1, "其他文件", "2026-01-05"),
    "i02.md": item(2, "其他文件", "2026-02-10"),
    "i03.md": item(3, "政府信息公开制度", "2025-12-01"),
    "i04.md": item(4, "统计信息", "2026-03-15"),
    "i05.md": item(5, "统计信息", "2026-03-15"),  # same date as 04: ordered by 索引号
    "i06.md": item(6, "财政预决算", "2026-04-20"),
    "i07.md": item(7, "行政规范性文件", "2026-05-06", 有效性={"状态": "有效"}),
    "i08.md": item(8, "政府信息公开制度", "2024-06-30"),
    "i09.md": item(9, "民生保障", "2026-07-01"),
    "i10.md": item(10, "民生保障", "2026-08-08"),
    "i11.md": item(11, "规划信息", "2026-09-09"),
    "i12.md": item(12, "规划信息", "2026-10-10"),
    "i13.md": item(13, "其他文件", "2026-11-20", 公开属性="依申请公开"),  # newest but not published
    "i14.md": item(14, "其他文件", "2023-01-01"),
}


def build_home(tmp_path: Path, items: dict[str, str]) -> tuple[HomeReader, Path]:
    root = make_project(tmp_path / "p", items)
    set_plugins(root, ["gongkai", "gongkai-guide"])
    body_path = root / "site_config" / "body.yml"
    body = yaml.safe_load(body_path.read_text(encoding="utf-8"))
    body["政府信息公开指南"]["更新日期"] = "2026-02-01"
    body_path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.ok, result.output
    reader = HomeReader()
    reader.feed((result.site / "index.html").read_text(encoding="utf-8"))
    return reader, result.site


def test_home_lists_the_ten_newest_public_items_with_dates(tmp_path: Path) -> None:
    home, _ = build_home(tmp_path, ITEMS)
    got = [(e["text"].split()[0], e["datetime"]) for e in home.latest]
    assert got == [
        ("测试信息12", "2026-10-10"),
        ("测试信息11", "2026-09-09"),
        ("测试信息10", "2026-08-08"),
        ("测试信息09", "2026-07-01"),
        ("测试信息07", "2026-05-06"),
        ("测试信息06", "2026-04-20"),
        ("测试信息04", "2026-03-15"),
        ("测试信息05", "2026-03-15"),
        ("测试信息02", "2026-02-10"),
        ("测试信息01", "2026-01-05"),
    ]
    assert home.latest[0]["href"] == "./ghxx/2026-00012/"
    assert "规划信息" in home.latest[0]["text"] and "2026年10月10日" in home.latest[0]["text"]


def test_home_shows_the_four_root_columns_with_exact_names_and_update_dates(tmp_path: Path) -> None:
    home, _ = build_home(tmp_path, ITEMS)
    assert home.h1 == "示例县人民政府政府信息公开"
    names = [e["text"].split()[0] for e in home.roots]
    assert names == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]
    assert [e["href"] for e in home.roots] == ["./zhinan/", "./zhidu/", "./fdzdgknr/", "./nianbao/"]
    assert [e.get("datetime") for e in home.roots] == ["2026-02-01", "2025-12-01", "2026-10-10", None]
    assert "更新日期：暂无" in home.roots[3]["text"]
    assert "更新日期：2025年12月1日" in home.roots[1]["text"]


def test_home_has_a_labelled_search_form_and_feed_links(tmp_path: Path) -> None:
    home, _ = build_home(tmp_path, ITEMS)
    form = next(f for f in home.forms if "gk-home-search" in f.get("class", ""))
    assert form["action"] == "./search/" and form["method"] == "get" and form["role"] == "search"
    box = next(i for i in home.inputs if i.get("id") == "gk-home-q")
    assert box["name"] == "q" and box["type"] == "search"
    assert any(label.get("for") == "gk-home-q" for label in home.labels)
    hrefs = dict(home.links)
    assert hrefs["./feeds/rss.xml"] == "RSS"
    assert hrefs["./feeds/atom.xml"] == "Atom"
    assert hrefs["./bzml/"] == "基层政务公开标准目录"


def test_home_escapes_titles_and_handles_an_empty_site(tmp_path: Path) -> None:
    _, site = build_home(tmp_path, {"x.md": item(1, "其他文件", "2026-01-05", 标题="<script>alert(1)</script>通知")})
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;通知" in html
    empty, _ = build_home(tmp_path / "empty", {})
    assert [e["text"].strip() for e in empty.latest] == ["暂无信息"]
    assert [e.get("datetime") for e in empty.roots] == ["2026-02-01", None, None, None]
