"""年报 pages from a real `mkdocs build --strict` of a small project: the official table layout cell by cell,
the six headings, the index and year-over-year pages with SVG charts, the CSV/JSON round trip, consolidation,
escaping, and the page in real Chromium (320 px, keyboard, print).

Expected labels below are copied from DOMAIN.md §5 (国办公开办函〔2021〕30号), not from the layout file the
code reads, so a wrong label in `catalog_schema/annual_report_layout.yml` fails here.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, item_md, make_project, mkdocs_build, serve, set_plugins
from gongkai import report as rp
from gongkai.views import report_export as export

CASES = Path(__file__).parent / "fixtures" / "report" / "cases"
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# (label cells left to right, as DOMAIN.md §5.3 prints them; "" where a spanning cell above covers the column)
P3_ROWS = [
    ["一、本年新收政府信息公开申请数量"],
    ["二、上年结转政府信息公开申请数量"],
    ["三、本年度办理结果", "（一）予以公开"],
    ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    ["", "（三）不予公开", "1.属于国家秘密"],
    ["", "", "2.其他法律行政法规禁止公开"],
    ["", "", "3.危及“三安全一稳定”"],
    ["", "", "4.保护第三方合法权益"],
    ["", "", "5.属于三类内部事务信息"],
    ["", "", "6.属于四类过程性信息"],
    ["", "", "7.属于行政执法案卷"],
    ["", "", "8.属于行政查询事项"],
    ["", "（四）无法提供", "1.本机关不掌握相关政府信息"],
    ["", "", "2.没有现成信息需要另行制作"],
    ["", "", "3.补正后申请内容仍不明确"],
    ["", "（五）不予处理", "1.信访举报投诉类申请"],
    ["", "", "2.重复申请"],
    ["", "", "3.要求提供公开出版物"],
    ["", "", "4.无正当理由大量反复申请"],
    ["", "", "5.要求行政机关确认或重新出具已获取信息"],
    ["", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    ["", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    ["", "", "3.其他"],
    ["", "（七）总计"],
    ["四、结转下年度继续办理"],
]
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
XSS_BODY = "示例县<script>alert(1)</script>局"


# ---------------------------------------------------------------- a tiny HTML reader


class _Doc(HTMLParser):
    """Collects tables (thead/tbody rows of cells with attributes and text), headings, links and SVGs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, dict[str, list[list[dict[str, Any]]]]] = {}
        self.h2: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.svgs: list[dict[str, Any]] = []
        self.ids: dict[str, str] = {}
        self._table: str | None = None
        self._section = "tbody"
        self._cell: dict[str, Any] | None = None
        self._h2: list[str] | None = None
        self._a: tuple[str, list[str]] | None = None
        self._svg: dict[str, Any] | None = None
        self._svg_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = {"thead": [], "tbody": []}
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self._table:
            self.tables[self._table][self._section].append([])
        elif tag in ("th", "td") and self._table:
            self._cell = {"tag": tag, **a, "text": ""}
            self.tables[self._table][self._section][-1].append(self._cell)
        elif tag == "h2":
            self._h2 = []
        elif tag == "a":
            self._a = (a.get("href") or "", [])
        elif tag == "svg":
            self._svg = {**a, "title": "", "desc": ""}
            self.svgs.append(self._svg)
        elif tag in ("title", "desc") and self._svg is not None:
            self._svg_text = []
            self._svg["_" + tag] = a.get("id")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag in ("th", "td") and self._cell is not None:
            if self._cell.get("id"):
                self.ids[self._cell["id"]] = self._cell["text"].strip()
            self._cell = None
        elif tag == "h2" and self._h2 is not None:
            self.h2.append("".join(self._h2).strip())
            self._h2 = None
        elif tag == "a" and self._a is not None:
            self.links.append((self._a[0], "".join(self._a[1]).strip()))
            self._a = None
        elif tag in ("title", "desc") and self._svg is not None and self._svg_text is not None:
            self._svg[tag] = "".join(self._svg_text)
            self._svg_text = None
        elif tag == "svg":
            self._svg = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data
        if self._h2 is not None:
            self._h2.append(data)
        if self._a is not None:
            self._a[1].append(data)
        if self._svg_text is not None:
            self._svg_text.append(data)


def read(path: Path) -> _Doc:
    doc = _Doc()
    doc.feed(path.read_text(encoding="utf-8"))
    return doc


def grid(rows: list[list[dict[str, Any]]], width: int) -> list[list[dict[str, Any] | None]]:
    """Place cells by colspan/rowspan; every position refers to the cell covering it."""
    out: list[list[dict[str, Any] | None]] = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while out[r][c] is not None:
                c += 1
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    assert out[r + dr][c + dc] is None, f"overlap at row {r + dr} col {c + dc}"
                    out[r + dr][c + dc] = cell
            c += int(cell.get("colspan", 1))
    assert all(all(x is not None for x in row) for row in out), "a row is not filled to the table width"
    return out


def header_texts(doc: _Doc, cell: dict[str, Any]) -> list[str]:
    return [doc.ids[i] for i in cell["headers"].split()]


def cells_of(data: dict[str, Any], key: str) -> list[Any]:
    node: Any = data
    for step in key.split("/"):
        node = node[step]
    return node


# ---------------------------------------------------------------- the project, built once


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2023 and 2024 reports of the site's body (2024's Part 2 rules counted from an item), a department's 2024 report,
    a consolidated 2024 report of both, a body name with markup, and a 2020 old-format item."""
    item = item_md(
        标题="示例县人民政府关于印发示例县城乡居民最低生活保障实施办法的通知",
        栏目="行政规范性文件",
        发文字号="示府发〔2024〕3号",
        成文日期="2024-03-05",
        发布日期="2024-03-08",
        有效性={"状态": "有效"},
    )
    old = item_md(
        标题="示例县人民政府2020年政府信息公开工作年度报告",
        索引号="11360999001234567C/2021-00990",
        栏目="政府信息公开年报",
        发文机关="示例县人民政府",
        发布日期="2021-03-29",
        body="## 一、总体情况\n\n2020年全年主动公开政府信息1526条。\n",
    )
    root = make_project(tmp_path_factory.mktemp("report-site"), {"zcwj/gfxwj/a.md": item, "年报/2020.md": old})
    set_plugins(root, ["gongkai", "gongkai-report"])
    reports = root / "content" / "年报"
    shutil.copy(CASES / "prev-2023.yml", reports / "2023.yml")
    valid = (CASES / "valid.yml").read_text(encoding="utf-8")
    (reports / "2024.yml").write_text(
        "\n".join(line for line in valid.splitlines() if not line.startswith(("  规章:", "  行政规范性文件:"))) + "\n", encoding="utf-8"
    )
    dept = (CASES / "deadline-department.yml").read_text(encoding="utf-8").replace("2025-02-10", "2025-01-20")
    (reports / "2024-czj.yml").write_text(dept, encoding="utf-8")
    xss = dept.replace("示例县财政局", XSS_BODY).replace("路径: czj", "路径: xss")
    (reports / "2024-xss.yml").write_text(xss, encoding="utf-8")
    (reports / "2024-quanxian.yml").write_text(
        "年度: 2024\n机关名称: 示例县全县\n机关类型: 人民政府\n路径: quanxian\n发布日期: 2025-03-28\n"
        "合并:\n  - 2024.yml\n  - 2024-czj.yml\n"
        "总体情况: 汇总。\n存在的主要问题及改进情况: 见各机关年报。\n其他需要报告的事项: 无。\n",
        encoding="utf-8",
    )
    result = mkdocs_build(root)
    assert result.ok, result.output
    return result.site


def fixture_data(name: str) -> dict[str, Any]:
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- tests


def test_report_page_has_the_six_sections_with_exact_headings(built: Path) -> None:
    doc = read(built / "nianbao" / "2024" / "index.html")
    assert doc.h2 == HEADINGS


def test_part3_table_matches_the_official_layout_cell_by_cell(built: Path) -> None:
    doc = read(built / "nianbao" / "2024" / "index.html")
    table = doc.tables["p3"]
    head = table["thead"]
    assert [[(c["tag"], c["text"], int(c.get("colspan", 1)), int(c.get("rowspan", 1))) for c in row] for row in head] == [
        [("td", NOTE, 3, 3), ("th", "申请人情况", 7, 1)],
        [("th", "自然人", 1, 2), ("th", "法人或其他组织", 5, 1), ("th", "总计", 1, 2)],
        [("th", label, 1, 1) for label in COLUMNS[1:6]],
    ]
    g = grid(table["tbody"], 10)
    assert len(g) == 25  # no invented subtotal rows
    for r, expected in enumerate(P3_ROWS):
        labels = []
        for c in range(3):
            cell = g[r][c]
            assert cell is not None and cell["tag"] == "th"
            starts_here = (r == 0 or g[r - 1][c] is not cell) and (c == 0 or g[r][c - 1] is not cell)
            labels.append(cell["text"] if starts_here else "")
        assert [x for x in labels if x] == [x for x in expected if x], f"row {r + 1}"
    spans = {c["text"]: int(c.get("rowspan", 1)) for row in table["tbody"] for c in row if c["tag"] == "th"}
    assert spans["三、本年度办理结果"] == 22
    assert [spans[g] for g in ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")] == [8, 3, 5, 3]


def test_part3_numbers_and_headers_announce_row_and_column(built: Path) -> None:
    doc = read(built / "nianbao" / "2024" / "index.html")
    data = fixture_data("valid.yml")["第三部分"]
    layout = rp.load_layout(str(REPO))
    g = grid(doc.tables["p3"]["tbody"], 10)
    for r, row in enumerate(layout.p3_rows):
        assert [int(g[r][3 + c]["text"]) for c in range(7)] == cells_of(data, row.key)  # type: ignore[index]
    cell = g[7][3]  # （三）不予公开 4.保护第三方合法权益 · 自然人
    assert cell is not None and cell["tag"] == "td"
    assert header_texts(doc, cell) == ["三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益", "申请人情况", "自然人"]
    cell = g[0][5]  # 一、本年新收 · 科研机构
    assert header_texts(doc, cell) == ["一、本年新收政府信息公开申请数量", "申请人情况", "法人或其他组织", "科研机构"]  # type: ignore[arg-type]
    scopes = {c["text"]: c.get("scope") for row in doc.tables["p3"]["tbody"] for c in row if c["tag"] == "th"}
    assert scopes["四、结转下年度继续办理"] == "row" and scopes["三、本年度办理结果"] == "rowgroup"


def test_part2_table_has_four_captioned_blocks_and_items_counted_rows(built: Path) -> None:
    doc = read(built / "nianbao" / "2024" / "index.html")
    table = doc.tables["p2"]
    rows = table["tbody"]
    captions = [row[0]["text"] for row in rows if len(row) == 1]
    assert captions == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert all(int(row[0]["colspan"]) == 4 for row in rows if len(row) == 1)
    g = grid(rows, 4)
    texts = [[c["text"] for c in row] for row in g]  # type: ignore[index]
    assert texts[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    # 规章 (this 县级 body has no 规章 column: 0) and 行政规范性文件 (one item issued 2024, in force) counted from the items
    assert texts[2] == ["规章", "0", "0", "0"] and texts[3] == ["行政规范性文件", "1", "0", "1"]
    assert texts[5] == ["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"]
    assert texts[6] == ["行政许可", "120", "120", "120"]  # one cell spanning three columns
    assert texts[8:11] == [["信息内容", *["本年处理决定数量"] * 3], ["行政处罚", *["15"] * 3], ["行政强制", *["2"] * 3]]
    assert texts[12][1] == "本年收费金额（单位：万元）" and texts[13] == ["行政事业性收费", *["12.3456"] * 3]
    assert "由本站" in (built / "nianbao" / "2024" / "index.html").read_text(encoding="utf-8")


def test_part4_table_has_the_official_three_header_rows_and_fifteen_numbers(built: Path) -> None:
    doc = read(built / "nianbao" / "2024" / "index.html")
    table = doc.tables["p4"]
    head = [[(c["text"], int(c.get("colspan", 1)), int(c.get("rowspan", 1))) for c in row] for row in table["thead"]]
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert head == [
        [("行政复议", 5, 1), ("行政诉讼", 10, 1)],
        [*[(x, 1, 2) for x in five], ("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
        [(x, 1, 1) for x in five * 2],
    ]
    (numbers,) = table["tbody"]
    data = fixture_data("valid.yml")["第四部分"]
    assert [int(c["text"]) for c in numbers] == data["行政复议"] + data["未经复议直接起诉"] + data["复议后起诉"]
    assert header_texts(doc, numbers[-1]) == ["行政诉讼", "复议后起诉", "总计"]
    assert header_texts(doc, numbers[0]) == ["行政复议", "结果维持"]


def test_csv_and_json_downloads_round_trip_to_the_report_numbers(built: Path) -> None:
    layout = rp.load_layout(str(REPO))
    source = fixture_data("prev-2023.yml")
    csv_text = (built / "nianbao" / "2023" / "nianbao-2023.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert list(rows[0]) == list(export.RECORD_FIELDS)
    assert len(rows) == 2 * 3 + 4 + 25 * 7 + 15
    doc = json.loads((built / "nianbao" / "2023" / "nianbao-2023.json").read_text(encoding="utf-8"))
    assert doc["年度"] == 2023 and doc["机关名称"] == "示例县人民政府" and doc["发布日期"] == "2024-03-20"
    for tables in (export.tables_from_records(rows, layout), export.tables_from_records(doc["数据"], layout)):
        for row in layout.p3_rows:
            assert list(tables["第三部分"][row.key]) == cells_of(source["第三部分"], row.key)
        for row in layout.p4_rows:
            assert list(tables["第四部分"][row.key]) == source["第四部分"][row.key]
        assert list(tables["第二部分"]["行政规范性文件"]) == source["第二部分"]["行政规范性文件"]
        assert tables["第二部分"]["行政事业性收费"] == (Decimal("12.3456"),)
    assert doc["正文"]["六、其他需要报告的事项"].startswith("本年度未收取信息处理费")


def test_report_page_links_its_downloads(built: Path) -> None:
    doc = read(built / "nianbao" / "2024" / "index.html")
    hrefs = {h for h, _ in doc.links}
    assert {"nianbao-2024.csv", "nianbao-2024.json"} <= hrefs


def test_raw_report_data_files_are_not_published(built: Path) -> None:
    assert not list(built.rglob("*.yml")) and not list(built.rglob("*.yaml"))


def test_index_lists_data_reports_by_year_and_old_format_items(built: Path) -> None:
    doc = read(built / "nianbao" / "index.html")
    links = [(h.rstrip("/").split("/", 1)[-1] if h.startswith(("../", "..")) else h, t) for h, t in doc.links]
    texts = [t for _, t in links]
    for title in (
        "示例县人民政府2024年政府信息公开工作年度报告",
        "示例县人民政府2023年政府信息公开工作年度报告",
        "示例县财政局2024年政府信息公开工作年度报告",
        "示例县全县2024年政府信息公开工作年度报告",
        "示例县人民政府2020年政府信息公开工作年度报告",
    ):
        assert title in texts
    assert texts.index("示例县人民政府2024年政府信息公开工作年度报告") < texts.index("示例县人民政府2023年政府信息公开工作年度报告")
    assert "年报数据历年对比（图表）" in texts
    old = next(h for h, t in doc.links if t == "示例县人民政府2020年政府信息公开工作年度报告")
    assert old.endswith("nianbao/2021-00990/")


def test_year_over_year_page_has_charts_with_text_alternatives(built: Path) -> None:
    doc = read(built / "nianbao" / "duibi" / "index.html")
    assert "示例县人民政府" in doc.h2
    charts = [s for s in doc.svgs if s.get("class") == "gk-chart"]  # (the theme's icons are SVGs too)
    assert len(charts) == 3 * len(doc.h2)  # three charts per body
    first = charts[:3]
    for svg in charts:
        assert svg["role"] == "img"
        assert svg["aria-labelledby"] == f"{svg['_title']} {svg['_desc']}"
        assert svg["title"] and svg["desc"]
    assert first[0]["desc"] == "2023年：本年新收申请30件；2024年：本年新收申请40件。"
    assert "2024年（共42件）：予以公开24件（57%）" in first[1]["desc"]
    assert first[2]["desc"] == "2023年：行政复议0件，行政诉讼0件；2024年：行政复议3件，行政诉讼2件。"
    yoy = next(t for name, t in doc.tables.items() if name.startswith("table"))
    body = {row[0]["text"]: [c["text"] for c in row[1:]] for row in yoy["tbody"]}
    assert body["本年新收政府信息公开申请"] == ["30", "40", "+10"]
    assert body["行政诉讼（总计）"] == ["0", "2", "+2"]
    assert [c.get("scope") for c in yoy["thead"][0]] == ["col"] * 4


def test_consolidated_report_is_the_sum_of_its_components(built: Path) -> None:
    whole, own, dept = (read(built / "nianbao" / p / "index.html") for p in ("2024-quanxian", "2024", "2024-czj"))
    for part, width in (("p3", 10), ("p4", 15)):
        rows = "tbody"
        gw, go, gd = (grid(d.tables[part][rows], width) for d in (whole, own, dept))
        for r in range(len(gw)):
            for c in range(width):
                cw, co, cd = gw[r][c], go[r][c], gd[r][c]
                if cw is not None and cw["tag"] == "td":
                    assert int(cw["text"]) == int(co["text"]) + int(cd["text"])  # type: ignore[index]
    assert ("../../nianbao/2024/", "示例县人民政府") in whole.links and ("../../nianbao/2024-czj/", "示例县财政局") in whole.links


def test_staff_text_is_escaped_on_report_pages(built: Path) -> None:
    for page in (
        built / "nianbao" / "2024-xss" / "index.html",
        built / "nianbao" / "index.html",
        built / "nianbao" / "duibi" / "index.html",
    ):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_prose_with_script_is_an_error_not_published(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    set_plugins(root, ["gongkai", "gongkai-report"])
    (root / "content" / "年报").mkdir()
    text = (CASES / "valid.yml").read_text(encoding="utf-8").replace("本年度未收取信息处理费。", "<script>alert(1)</script>")
    (root / "content" / "年报" / "2024.yml").write_text(text, encoding="utf-8")
    result = mkdocs_build(root)
    assert not result.ok
    assert "错误[html-unsafe] 其他需要报告的事项含有不安全的网页内容：可执行的脚本 <script>" in result.output


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def report_url(built: Path) -> Iterator[str]:
    yield from serve(built)


def test_report_page_in_chromium_reflows_at_320px_and_prints_without_site_chrome(browser: Any, report_url: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 320, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("request", lambda r: not r.url.startswith(report_url) and foreign.append(r.url))
    page.goto(f"{report_url}/nianbao/2024/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    region = page.locator(".gk-report-scroll").nth(1)  # the Part 3 table scrolls inside its own region
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    region.focus()
    page.keyboard.press("ArrowRight")
    # arrow keys scroll the focused region (smoothly, so wait for it to move)
    page.wait_for_function("() => document.querySelectorAll('.gk-report-scroll')[1].scrollLeft > 0", timeout=5000)
    page.emulate_media(media="print")
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator("#p3").is_visible()
    assert errors == [] and foreign == []
    context.close()


def test_charts_render_in_chromium_without_javascript(browser: Any, report_url: str) -> None:
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{report_url}/nianbao/duibi/")
    chart = page.get_by_role("img", name="示例县人民政府各年度本年新收政府信息公开申请数量")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    context.close()
