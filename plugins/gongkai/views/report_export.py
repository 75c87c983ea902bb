"""The published data of a 年报: every number of Parts 2–4 as tidy records, written as CSV and JSON, and read back.

One record per value (年度, 机关名称, 部分, 分组, 项目, 指标, 数值) with the format's verbatim labels, so a
spreadsheet or a script needs no knowledge of the table layout; `tables_from_records` is the round trip.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from ..report import PROSE_KEYS, AnnualReport, Cells, Number, printed_p3_rows
from ..report_layout import Layout

RECORD_FIELDS = ("年度", "机关名称", "部分", "分组", "项目", "指标", "数值")


def _value_text(value: Number | None) -> str:
    """The figure exactly as the report states it (a Decimal keeps every stated decimal place, never an exponent)."""
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def records(report: AnnualReport, layout: Layout) -> list[dict[str, Any]]:
    """Every number of Parts 2–4 as one record (tidy data: one value per row, labels verbatim)."""
    out: list[dict[str, Any]] = []

    def emit(part: str, group: str, row: str, column: str, value: Number | None) -> None:
        out.append({"年度": report.year, "机关名称": report.body, "部分": part, "分组": group, "项目": row, "指标": column, "数值": value})

    for g in layout.p2_groups:
        for row in g.rows:
            for i, col in enumerate(g.columns):
                emit("第二部分", g.caption, row.label, col, report.cell("第二部分", row.key, i))
    for row in printed_p3_rows(layout, report.collapsed):
        for i, col in enumerate(layout.p3_columns):
            emit("第三部分", row.group if row.group != row.label else "", row.label, col, report.cell("第三部分", row.key, i))
    for row in layout.p4_rows:
        for i, col in enumerate(layout.p4_columns):
            emit("第四部分", row.group, row.label, col, report.cell("第四部分", row.key, i))
    return out


def to_csv(report: AnnualReport, layout: Layout) -> str:
    """CSV (UTF-8 with BOM so spreadsheet programs read the Chinese correctly)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=RECORD_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for rec in records(report, layout):
        writer.writerow({**rec, "数值": _value_text(rec["数值"])})
    return "\ufeff" + buf.getvalue()


def to_json(report: AnnualReport, layout: Layout, site_url: str = "") -> str:
    rows: list[dict[str, Any]] = []
    doc = {
        "格式": layout.source,
        "标题": report.title,
        "年度": report.year,
        "机关名称": report.body,
        "机关类型": report.body_type,
        "发布日期": report.published.isoformat() if report.published else None,
        "索引号": report.index_no or None,
        "统计期限": {"起": f"{report.year}-01-01", "止": f"{report.year}-12-31"},
        "网址": site_url + report.url,
        "合并自": [p.body for p in report.parts],
        "由本站信息统计": list(report.derived),
        "正文": {layout.heading(k): report.prose.get(k, "") for k in PROSE_KEYS},
        "数据": rows,
    }
    exact: dict[str, str] = {}
    for n, rec in enumerate(records(report, layout)):
        value = rec["数值"]
        if isinstance(value, Decimal):  # a JSON number with exactly the stated digits (float() would reformat)
            exact[f"\x00{n}\x00"] = _value_text(value)
            value = f"\x00{n}\x00"
        rows.append({**rec, "数值": value})
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    for marker, digits in exact.items():
        text = text.replace(json.dumps(marker), digits, 1)
    return text


def tables_from_records(rows: list[dict[str, Any]], layout: Layout) -> dict[str, dict[str, Cells]]:
    """Rebuild {part: {row key: cells}} from records read back from the CSV or JSON (the round trip)."""
    index: dict[tuple[str, str, str, str], tuple[str, str, int]] = {}
    for g in layout.p2_groups:
        for row in g.rows:
            for i, col in enumerate(g.columns):
                index[("第二部分", g.caption, row.label, col)] = ("第二部分", row.key, i)
    for part, rows_, cols in (("第三部分", layout.p3_rows, layout.p3_columns), ("第四部分", layout.p4_rows, layout.p4_columns)):
        for row in rows_:
            for i, col in enumerate(cols):
                index[(part, row.group, row.label, col)] = (part, row.key, i)
    for key, label in layout.p3_group_keys:  # a group the report printed as one row
        for i, col in enumerate(layout.p3_columns):
            index[("第三部分", "", label, col)] = ("第三部分", key, i)
    cells: dict[str, dict[str, dict[int, Number | None]]] = {"第二部分": {}, "第三部分": {}, "第四部分": {}}
    for rec in rows:
        part, key, i = index[(rec["部分"], rec["分组"], rec["项目"], rec["指标"])]
        raw = rec["数值"]
        value: Number | None
        if raw in ("", None):
            value = None
        elif isinstance(raw, int) or (isinstance(raw, str) and raw.isdigit()):
            value = int(raw)
        elif isinstance(raw, float):
            value = Decimal(repr(raw))
        else:
            value = Decimal(str(raw))
        cells[part].setdefault(key, {})[i] = value
    return {part: {k: tuple(v[i] for i in sorted(v)) for k, v in table.items()} for part, table in cells.items()}
