"""The three 年报 tables as grids of cells in the official layout, and the year-over-year figures.

It owns the structure a screen reader needs: merged header cells (colspan/rowspan) exactly as
国办公开办函〔2021〕30号 draws them, an `id` on every header cell and a `headers` list on every data
cell (row headers first, then column headers), the 勾稽关系 note in the top-left corner, no subtotal
rows. Templates only loop over `TableView.head` / `TableView.body` and print the cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..report import printed_p3_rows

if TYPE_CHECKING:
    from ..report import AnnualReport, Number
    from ..report_layout import Layout


@dataclass(slots=True)
class Cell:
    text: str
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    id: str = ""
    scope: str = ""
    headers: str = ""
    cls: str = ""


@dataclass(slots=True)
class TableView:
    id: str
    head: list[list[Cell]] = field(default_factory=list)
    bodies: list[list[list[Cell]]] = field(default_factory=list)  # one <tbody> per group of rows


def number_text(value: Number | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _num(value: Number | None, headers: list[str], colspan: int = 1) -> Cell:
    return Cell(number_text(value), headers=" ".join(headers), colspan=colspan, cls="gk-num")


def part2_table(r: AnnualReport, lay: Layout, prefix: str = "p2") -> TableView:
    """Four blocks, each under a caption row spanning the table; single-value blocks span three columns."""
    width = 1 + max(len(g.columns) for g in lay.p2_groups)
    view = TableView(prefix)
    for gi, g in enumerate(lay.p2_groups):
        gid = f"{prefix}-g{gi}"
        rows: list[list[Cell]] = [[Cell(g.caption, header=True, colspan=width, id=gid, scope="colgroup", cls="gk-caption-row")]]
        content_id = f"{gid}-content"
        head = [Cell(lay.p2_content, header=True, id=content_id, scope="col", headers=gid)]
        span = (width - 1) // len(g.columns)
        col_ids = []
        for ci, col in enumerate(g.columns):
            cid = f"{gid}-c{ci}"
            col_ids.append(cid)
            head.append(Cell(col, header=True, id=cid, scope="col", colspan=span, headers=gid))
        rows.append(head)
        for ri, row in enumerate(g.rows):
            rid = f"{gid}-r{ri}"
            line = [Cell(row.label, header=True, id=rid, scope="row", headers=content_id)]
            for ci in range(len(g.columns)):
                line.append(_num(r.cell("第二部分", row.key, ci), [rid, gid, col_ids[ci]], span))
            rows.append(line)
        view.bodies.append(rows)
    return view


def part3_table(r: AnnualReport, lay: Layout, prefix: str = "p3") -> TableView:
    """Header: note (3×3), 申请人情况 (7), then 自然人 · 法人或其他组织 (5) · 总计; 25 rows, 三 spanning 22."""
    cols = lay.p3_columns
    org = set(lay.p3_org_columns)
    applicant, org_id = f"{prefix}-applicant", f"{prefix}-org"
    view = TableView(prefix)
    col_headers: list[list[str]] = []
    second: list[Cell] = []
    third: list[Cell] = []
    org_started = False
    for ci, col in enumerate(cols):
        cid = f"{prefix}-c{ci}"
        if col in org:
            if not org_started:
                second.append(Cell(lay.p3_org, header=True, colspan=len(org), id=org_id, scope="colgroup", headers=applicant))
                org_started = True
            third.append(Cell(col, header=True, id=cid, scope="col", headers=f"{applicant} {org_id}"))
            col_headers.append([applicant, org_id, cid])
        else:
            second.append(Cell(col, header=True, rowspan=2, id=cid, scope="col", headers=applicant))
            col_headers.append([applicant, cid])
    view.head = [
        [
            Cell(lay.p3_note, colspan=3, rowspan=3, cls="gk-note"),
            Cell(lay.p3_applicant, header=True, colspan=len(cols), id=applicant, scope="colgroup"),
        ],
        second,
        third,
    ]
    results_id = f"{prefix}-results"
    printed = printed_p3_rows(lay, r.collapsed)  # a group the report printed as one row stays one row
    n_results = sum(1 for row in printed if row.result) + 1  # + （七）总计
    group_of = {row.key: (gi, label, rows) for gi, (label, rows) in enumerate(lay.p3_groups) for row in rows}
    body: list[list[Cell]] = []
    results_open = False
    for ri, row in enumerate(printed):
        rid = f"{prefix}-r{ri}"
        line: list[Cell] = []
        row_ids: list[str]
        if not row.result and row.key != "总计":
            line.append(Cell(row.label, header=True, colspan=3, id=rid, scope="row"))
            row_ids = [rid]
        else:
            if not results_open:
                line.append(Cell(lay.p3_results, header=True, rowspan=n_results, id=results_id, scope="rowgroup"))
                results_open = True
            grouped = group_of.get(row.key)
            if grouped is None:
                line.append(Cell(row.label, header=True, colspan=2, id=rid, scope="row", headers=results_id))
                row_ids = [results_id, rid]
            else:
                gi, label, members = grouped
                gid = f"{prefix}-g{gi}"
                if members[0].key == row.key:
                    line.append(Cell(label, header=True, rowspan=len(members), id=gid, scope="rowgroup", headers=results_id))
                line.append(Cell(row.label, header=True, id=rid, scope="row", headers=f"{results_id} {gid}"))
                row_ids = [results_id, gid, rid]
        for ci in range(len(cols)):
            line.append(_num(r.cell("第三部分", row.key, ci), row_ids + col_headers[ci]))
        body.append(line)
    view.bodies.append(body)
    return view


def part4_table(r: AnnualReport, lay: Layout, prefix: str = "p4") -> TableView:
    """Row 1: 行政复议 (5) · 行政诉讼 (10); row 2: 复议's five labels (2 rows high), 诉讼's two groups (5 each);
    row 3: the five labels under each 诉讼 group; row 4: the 15 numbers."""
    cols = lay.p4_columns
    review, suit = f"{prefix}-review", f"{prefix}-suit"
    first = [
        Cell(lay.p4_review.label, header=True, colspan=len(cols), id=review, scope="colgroup"),
        Cell(lay.p4_suit, header=True, colspan=len(cols) * len(lay.p4_suit_rows), id=suit, scope="colgroup"),
    ]
    second: list[Cell] = []
    third: list[Cell] = []
    numbers: list[Cell] = []
    for ci, col in enumerate(cols):
        cid = f"{review}-c{ci}"
        second.append(Cell(col, header=True, rowspan=2, id=cid, scope="col", headers=review))
        numbers.append(_num(r.cell("第四部分", lay.p4_review.key, ci), [review, cid]))
    for gi, row in enumerate(lay.p4_suit_rows):
        gid = f"{suit}-g{gi}"
        second.append(Cell(row.label, header=True, colspan=len(cols), id=gid, scope="colgroup", headers=suit))
        for ci, col in enumerate(cols):
            cid = f"{gid}-c{ci}"
            third.append(Cell(col, header=True, id=cid, scope="col", headers=f"{suit} {gid}"))
            numbers.append(_num(r.cell("第四部分", row.key, ci), [suit, gid, cid]))
    return TableView(prefix, head=[first, second, third], bodies=[[numbers]])


# ---------------------------------------------------------------- across years


@dataclass(slots=True)
class Metric:
    label: str
    values: list[Number | None]

    @property
    def texts(self) -> list[str]:
        return [number_text(v) for v in self.values]

    @property
    def change(self) -> str:
        """Latest year against the one before, e.g. `+12` / `-3` / `0`; empty with one year."""
        if len(self.values) < 2 or self.values[-1] is None or self.values[-2] is None:
            return ""
        diff = self.values[-1] - self.values[-2]
        return ("+" if diff > 0 else "") + number_text(diff)


def _group_total(r: AnnualReport, key: str, col: int) -> Number | None:
    """Sum of a 办理结果 group (its reason rows), or the single row."""
    values = [v[col] for k, v in r.part3.items() if k == key or k.startswith(key + "/")]
    if not values or all(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)  # a blank counts as 0


def _sum_of_all(values: list[Number | None]) -> Number | None:
    """The sum, or None when any value is blank."""
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


RESULT_GROUPS = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")


def metrics(reports: list[AnnualReport], lay: Layout) -> list[Metric]:
    """The year-over-year rows, oldest year first (reports must be one body's, sorted by year)."""
    total = len(lay.p3_columns) - 1

    def p3(key: str) -> list[Number | None]:
        return [r.cell("第三部分", key, total) for r in reports]

    def p4(key: str) -> list[Number | None]:
        return [r.cell("第四部分", key, len(lay.p4_columns) - 1) for r in reports]

    out = [
        Metric("本年新收政府信息公开申请", p3("本年新收")),
        Metric("上年结转政府信息公开申请", p3("上年结转")),
    ]
    for label, key in zip(_short_results(lay), RESULT_GROUPS, strict=True):
        out.append(Metric(f"办理结果：{label}", [_group_total(r, key, total) for r in reports]))
    out += [
        Metric("办理结果总计", p3("总计")),
        Metric("结转下年度继续办理", p3("结转下年度继续办理")),
        Metric("行政复议（总计）", p4(lay.p4_review.key)),
    ]
    suits = [p4(row.key) for row in lay.p4_suit_rows]
    out.append(Metric("行政诉讼（总计）", [_sum_of_all([s[i] for s in suits]) for i in range(len(reports))]))
    out += [
        Metric("行政规范性文件本年制发件数", [r.cell("第二部分", "行政规范性文件", 0) for r in reports]),
        Metric("行政许可本年处理决定数量", [r.cell("第二部分", "行政许可", 0) for r in reports]),
        Metric("行政处罚本年处理决定数量", [r.cell("第二部分", "行政处罚", 0) for r in reports]),
        Metric("行政事业性收费本年收费金额（万元）", [r.cell("第二部分", "行政事业性收费", 0) for r in reports]),
    ]
    return out


def _short_results(lay: Layout) -> list[str]:
    """予以公开, 部分公开, 不予公开, ...: the group labels without numbering or the parenthesised note."""
    out = []
    for key in RESULT_GROUPS:
        row = next(r for r in lay.p3_rows if r.key == key or r.key.startswith(key + "/"))
        label = row.group or row.label
        out.append(label.split("）", 1)[1].split("（", 1)[0])
    return out
