"""The 基层政务公开标准目录 pages (国办发〔2019〕54号): the national table layout, marks, and item links.

A fixture domain is written into a tmp project's `catalog_schema/domains/`; the real `mkdocs build --strict`
renders it and html.parser reads the table back cell by cell (rowspan/colspan resolved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml
from conftest import CODE, REPO, item_md, make_project, mkdocs_build, set_plugins
from gongkai import standard_catalog

DOMAIN = {
    "名称": "测试领域",
    "路径": "csly",
    "来源": "《测试领域基层政务公开标准指引》",
    "事项": [
        {
            "一级事项": "概况<b>",
            "二级事项": [
                {
                    "名称": "学校名录",
                    "要素": ["●学校名称", "〇学校地址"],
                    "依据": "《中华人民共和国政府信息公开条例》",
                    "时限": "信息形成或者变更之日起20个工作日内",
                    "主体": "县教育局",
                    "渠道": ["政府网站", "两微一端", "公开查阅点"],
                    "对象": ["全社会"],
                    "方式": ["主动"],
                    "层级": ["县级"],
                    "来源": {"网址": "https://example.gov.cn/bzml/1.html", "读取日期": "2026-12-05", "页面": "某县标准目录"},
                },
                {
                    "名称": "资助名单",
                    "要素": ["受助学生所在学校"],
                    "依据": "国家学生资助政策",
                    "时限": "名单确定后",
                    "主体": "义务教育学校",
                    "渠道": ["入户/现场", "社区/企事业单位/村公示栏（电子屏）"],
                    "对象": ["特定群体"],
                    "方式": ["主动", "依申请"],
                    "层级": ["乡级"],
                    "状态": "待补充",
                },
            ],
        },
        {
            "一级事项": "收费",
            "二级事项": [
                {
                    "名称": "收费标准",
                    "要素": ["收费项目", "收费标准"],
                    "依据": "条例第二十条第（八）项",
                    "时限": "实时公开",
                    "主体": "县教育局",
                    "渠道": ["政府网站"],
                    "对象": ["全社会", "特定群体"],
                    "方式": ["依申请"],
                    "层级": ["县级", "乡级"],
                    "来源": {"网址": "https://example.gov.cn/bzml/2.html", "读取日期": "2026-12-05"},
                }
            ],
        },
    ],
}


@dataclass
class Cell:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    hrefs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # text of each <li> in the cell


class TableReader(HTMLParser):
    """Rows of the first `<table class="gk-std">`, split into thead and tbody groups, plus its caption."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.section = ""
        self.caption = ""
        self.head: list[list[Cell]] = []
        self.bodies: list[list[list[Cell]]] = []
        self.cell: Cell | None = None
        self.region: dict[str, str] = {}
        self._last_div: dict[str, str] = {}
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "div":
            self._last_div = a
        if tag == "table" and "gk-std" in a.get("class", "").split() and not self.head:
            self.inside = True
            self.region = self._last_div
        if not self.inside:
            return
        if tag == "caption":
            self._in_caption = True
        elif tag == "thead":
            self.section = "head"
        elif tag == "tbody":
            self.section = "body"
            self.bodies.append([])
        elif tag == "tr":
            (self.head if self.section == "head" else self.bodies[-1]).append([])
        elif tag in ("th", "td"):
            self.cell = Cell(tag, a)
        elif tag == "a" and self.cell is not None:
            self.cell.hrefs.append(a.get("href", ""))
        elif tag == "li" and self.cell is not None:
            self.cell.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "table":
            self.inside = False
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self.cell is not None:
            self.cell.text = " ".join(self.cell.text.split())
            self.cell.items = [x.strip() for x in self.cell.items]
            (self.head if self.section == "head" else self.bodies[-1])[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.caption += data
        elif self.cell is not None:
            self.cell.text += data
            if self.cell.items:
                self.cell.items[-1] += data


def grid(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Resolve rowspan/colspan: every row becomes a list of the cell covering each column."""
    out: list[list[Cell | None]] = [[] for _ in rows]
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while col < len(out[r]) and out[r][col] is not None:
                col += 1
            for dr in range(int(cell.attrs.get("rowspan", "1"))):
                for dc in range(int(cell.attrs.get("colspan", "1"))):
                    line = out[r + dr]
                    while len(line) <= col + dc:
                        line.append(None)
                    line[col + dc] = cell
            col += int(cell.attrs.get("colspan", "1"))
    return [[c for c in line if c is not None] for line in out]


def select_domains(root: Path, section: dict | None) -> None:
    """Write the body's 标准目录 selection into the project's site_config/body.yml (None: no section)."""
    path = root / "site_config" / "body.yml"
    body = yaml.safe_load(path.read_text(encoding="utf-8"))
    body.pop("标准目录", None)
    if section is not None:
        body["标准目录"] = section
    path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build_site(
    tmp_path: Path,
    items: dict[str, str],
    domains: dict[str, dict] | None = None,
    page_size: int | None = None,
    selection: dict | None = None,
    files: dict[str, str | None] | None = None,
):
    root = make_project(tmp_path / "p", items)
    for rel, text in (files or {}).items():  # other project files (None: delete the fixture's copy)
        if text is None:
            (root / rel).unlink(missing_ok=True)
        else:
            (root / rel).write_text(text, encoding="utf-8")
    set_plugins(root, ["gongkai", "gongkai-guide"])
    folder = root / "catalog_schema" / "domains"
    for old in folder.glob("*.yml"):
        old.unlink()
    domains = domains or {"测试领域": DOMAIN}
    for name, data in domains.items():
        (folder / f"{name}.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    select_domains(root, selection if selection is not None else {"适用领域": [d["名称"] for d in domains.values()]})
    if page_size:
        cfg_path = root / "mkdocs.yml"
        cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
        cfg["plugins"] = [p if p != "gongkai-guide" else {"gongkai-guide": {"page_size": page_size}} for p in cfg["plugins"]]
        cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return mkdocs_build(root)


def item(n: int, published: str, matter: str | None, **extra: str) -> str:
    return item_md(
        标题=f"示例县教育信息第{n}号",
        索引号=f"{CODE}/{published[:4]}-{n:05d}",
        栏目="民生保障",
        发布日期=published,
        标准事项=matter,
        **extra,
    )


def read_table(path: Path) -> TableReader:
    reader = TableReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def test_table_has_the_national_two_row_header_with_scopes(tmp_path: Path) -> None:
    result = build_site(tmp_path, {})
    assert result.ok, result.output
    t = read_table(result.site / "bzml" / "csly" / "index.html")
    assert t.caption == "测试领域领域基层政务公开标准目录"
    assert t.region.get("role") == "region" and t.region.get("tabindex") == "0" and t.region.get("aria-labelledby")
    top, sub = grid(t.head)
    assert [c.text for c in top] == [
        "序号", "公开事项", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
        "公开对象", "公开对象", "公开方式", "公开方式", "公开层级", "公开层级",
    ]  # fmt: skip
    assert [c.text for c in sub] == [
        "序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
        "全社会", "特定群体", "主动", "依申请", "县级", "乡级",
    ]  # fmt: skip
    assert all(c.tag == "th" for c in t.head[0] + t.head[1])
    scopes = {c.text: c.attrs.get("scope") for c in t.head[0] + t.head[1]}
    assert scopes["公开事项"] == scopes["公开对象"] == scopes["公开方式"] == scopes["公开层级"] == "colgroup"
    assert scopes["序号"] == scopes["二级事项"] == scopes["全社会"] == "col"


def test_rows_carry_elements_checklist_and_marks(tmp_path: Path) -> None:
    result = build_site(tmp_path, {})
    assert result.ok, result.output
    t = read_table(result.site / "bzml" / "csly" / "index.html")
    assert len(t.bodies) == 2  # one <tbody> per 一级事项
    rows = grid(t.bodies[0]) + grid(t.bodies[1])
    assert [r[0].text for r in rows] == ["1", "2", "3"]
    assert [r[1].text for r in rows] == ["概况<b>", "概况<b>", "收费"]  # staff text escaped, group cell spans its rows
    group = t.bodies[0][0][1]
    assert group.tag == "th" and group.attrs == {"scope": "rowgroup", "rowspan": "2", "class": "gk-std__group"}
    assert rows[0][2].tag == "th" and rows[0][2].attrs["scope"] == "row"
    assert rows[0][2].text.startswith("学校名录")
    assert rows[0][3].items == ["●必要：学校名称", "〇可选：学校地址"]
    assert rows[1][3].items == ["受助学生所在学校"]  # unmarked in its source: no marker
    assert rows[0][4].text == "《中华人民共和国政府信息公开条例》"
    assert rows[0][5].text == "信息形成或者变更之日起20个工作日内"
    assert rows[0][6].text == "县教育局"
    vocabulary = standard_catalog.channel_vocabulary(REPO)
    for row, used in zip(
        rows, (DOMAIN["事项"][0]["二级事项"][0]["渠道"], DOMAIN["事项"][0]["二级事项"][1]["渠道"], ["政府网站"]), strict=True
    ):
        assert row[7].items == [f"{'■' if c in used else '□'}{'采用' if c in used else '未采用'}：{c}" for c in vocabulary]
    marks = [["√" in c.text for c in r[8:14]] for r in rows]
    assert marks == [
        [True, False, True, False, True, False],
        [False, True, True, True, False, True],
        [True, True, False, True, True, True],
    ]
    assert all(c.text in ("", "√是") for r in rows for c in r[8:14])


def test_each_matter_links_to_its_items_with_count_and_latest_date(tmp_path: Path) -> None:
    items = {
        "a.md": item(1, "2025-03-02", "测试领域/学校名录"),
        "b.md": item(2, "2026-08-30", "测试领域/学校名录"),
        "c.md": item(3, "2026-10-01", "测试领域/学校名录", 公开属性="依申请公开"),  # not published: not counted
        "d.md": item(4, "2026-01-15", None),
    }
    result = build_site(tmp_path, items)
    assert result.ok, result.output
    t = read_table(result.site / "bzml" / "csly" / "index.html")
    rows = grid(t.bodies[0]) + grid(t.bodies[1])
    assert rows[0][2].text.startswith("学校名录 相关信息 2 条，最近 2026年8月30日 更新检查：")  # test_standard_freshness.py
    assert rows[0][2].text.endswith(" 出处：某县标准目录，读取于 2026-12-05")
    assert rows[0][2].hrefs == ["../../bzml/csly/1/", "https://example.gov.cn/bzml/1.html"]
    assert rows[1][2].text.startswith("资助名单 暂无相关信息 ")
    assert rows[1][2].text.endswith(" 待补充：未找到已公布的出处，本行为按指引结构拟定，采用前须核对")
    assert rows[1][2].hrefs == []
    listing = (result.site / "bzml" / "csly" / "1" / "index.html").read_text(encoding="utf-8")
    assert listing.index("示例县教育信息第2号") < listing.index("示例县教育信息第1号")
    assert "示例县教育信息第3号" not in listing and "示例县教育信息第4号" not in listing
    assert 'href="../../../msbz/2026-00002/"' in listing
    item_page = (result.site / "msbz" / "2026-00002" / "index.html").read_text(encoding="utf-8")
    assert '基层政务公开标准目录事项：<a href="../../bzml/csly/1/">测试领域 › 概况&lt;b&gt; › 学校名录</a>' in item_page
    index = (result.site / "bzml" / "index.html").read_text(encoding="utf-8")
    assert 'href="../bzml/csly/"' in index and "2 条" in index and "2026年8月30日" in index


def test_matter_item_list_is_paginated(tmp_path: Path) -> None:
    items = {f"i{n}.md": item(n, f"2026-0{n}-01", "测试领域/收费标准") for n in range(1, 6)}
    result = build_site(tmp_path, items, page_size=2)
    assert result.ok, result.output
    base = result.site / "bzml" / "csly" / "3"
    pages = [base / "index.html", base / "page" / "2" / "index.html", base / "page" / "3" / "index.html"]
    assert all(p.exists() for p in pages)
    assert not (base / "page" / "4").exists()
    texts = [p.read_text(encoding="utf-8") for p in pages]
    shown = [sorted((t.index(f"示例县教育信息第{n}号"), n) for n in range(1, 6) if f"示例县教育信息第{n}号" in t) for t in texts]
    shown = [[n for _, n in page] for page in shown]
    assert shown == [[5, 4], [3, 2], [1]]
    assert 'rel="next"' in pages[0].read_text(encoding="utf-8")


def test_unknown_standard_matter_fails_listing_the_choices(tmp_path: Path) -> None:
    result = build_site(tmp_path, {"a.md": item(1, "2025-03-02", "测试领域/学校名单")})
    assert not result.ok
    assert "错误[standard-matter-unknown] 标准事项「测试领域/学校名单」不在基层政务公开标准目录中" in result.output
    assert "应为：是不是：测试领域/学校名录？测试领域/学校名录、测试领域/资助名单、测试领域/收费标准" in result.output  # the closest first
    result = build_site(tmp_path / "2", {"a.md": item(1, "2025-03-02", "不存在/学校名录")})
    assert not result.ok
    assert "领域为以下之一：测试领域" in result.output


def test_a_body_adds_a_domain_as_data_only(tmp_path: Path) -> None:
    second = {**DOMAIN, "名称": "公共文化服务", "路径": "ggwhfw"}
    result = build_site(tmp_path, {"a.md": item(1, "2025-03-02", "公共文化服务/学校名录")}, {"测试领域": DOMAIN, "公共文化服务": second})
    assert result.ok, result.output
    t = read_table(result.site / "bzml" / "ggwhfw" / "index.html")
    assert t.caption == "公共文化服务领域基层政务公开标准目录"
    assert grid(t.bodies[0])[0][2].text.startswith("学校名录 相关信息 1 条，最近 2025年3月2日 ")


def test_invalid_domain_data_fails_naming_the_file(tmp_path: Path) -> None:
    broken = yaml.safe_load(yaml.safe_dump(DOMAIN, allow_unicode=True))
    broken["事项"][0]["二级事项"][0]["渠道"] = ["政府网站", "微博"]
    duplicate = yaml.safe_load(yaml.safe_dump(DOMAIN, allow_unicode=True))
    duplicate.update(名称="重复领域", 路径="cfly")
    duplicate["事项"][1]["二级事项"][0]["名称"] = "学校名录"
    result = build_site(tmp_path, {}, {"测试领域": broken, "重复领域": duplicate})
    assert not result.ok
    assert "catalog_schema/domains/测试领域.yml:" in result.output
    assert "第1个事项的第1个二级事项的第2个「渠道」的值「微博」不在可选范围内" in result.output
    assert "catalog_schema/domains/重复领域.yml:" in result.output
    assert "错误[domain-matter-duplicate] 二级事项「学校名录」在本领域出现两次" in result.output
