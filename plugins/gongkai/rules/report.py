"""年报 rules (DOMAIN §5): the arithmetic of the 2021 tables, the carry-over between years, the deadline.

Model rule (every build and `gongkai check`; errors fail the build): load the report files once
(`gongkai.report.load_reports`), then per report — each row's 总计 = the six applicant columns;
（七）总计 = all result rows; per column 一 + 二 = （七）总计 + 四 (the 勾稽关系 printed in the table);
each Part 4 总计 = its four cells; 二、上年结转 = last year's 四、结转下年度继续办理 for the same body.
Check rules (`gongkai check` only, warnings): publication after the Art. 49 deadline; Part 2 counts
that differ from what the site's 规章 / 行政规范性文件 items give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import report as rp
from ..model import Finding, cn_date
from . import check_rule, model_rule

if TYPE_CHECKING:
    from ..model import Model


def _fmt(value: object) -> str:
    return str(value)


def _error(r: rp.AnnualReport, path: str, rule: str, message: str, expected: str = "") -> Finding:
    line = r.line("合并") if r.consolidated else r.line(path)
    return Finding(r.file, line, rule, "error", message, field=path, expected=expected)


def arithmetic(r: rp.AnnualReport, layout: rp.Layout) -> Iterator[Finding]:
    """Every sum rule of Parts 3 and 4 over one report whose cells are all valid numbers."""
    cols = layout.p3_columns
    total_col = len(cols) - 1
    for row in layout.p3_rows:
        cells = r.part3[row.key]
        want = sum(cells[:total_col])  # type: ignore[arg-type]
        if cells[total_col] != want:
            yield _error(
                r,
                f"第三部分/{row.key}/{total_col}",
                "report-row-total",
                f"第三部分{row.name} · 总计：应为 {want}（六类申请人之和），实为 {_fmt(cells[total_col])}",
                f"{want}",
            )
    results = [row for row in layout.p3_rows if row.result]
    for c, col in enumerate(cols):
        want = sum(r.part3[row.key][c] for row in results)  # type: ignore[misc]
        got = r.part3["总计"][c]
        if got != want:
            yield _error(
                r,
                f"第三部分/总计/{c}",
                "report-results-total",
                f"第三部分（七）总计 · {col}：应为 {want}（各办理结果之和），实为 {got}",
                f"{want}",
            )
    for c, col in enumerate(cols):
        new, carried_in, done, carried_out = (r.part3[k][c] for k in ("本年新收", "上年结转", "总计", "结转下年度继续办理"))
        want = new + carried_in - done  # type: ignore[operator]
        if carried_out != want:
            yield _error(
                r,
                f"第三部分/结转下年度继续办理/{c}",
                "report-balance",
                f"第三部分四、结转下年度继续办理 · {col}：应为 {want}（一＋二－（七）总计，勾稽关系），实为 {carried_out}",
                f"核对一、二、（七）总计、四这一列：{new} ＋ {carried_in} 应等于 {done} ＋ {carried_out}",
            )
    parts = "、".join(layout.p4_columns[:-1])
    for row in layout.p4_rows:
        cells = r.part4[row.key]
        want = sum(cells[:-1])  # type: ignore[arg-type]
        if cells[-1] != want:
            yield _error(
                r,
                f"第四部分/{row.key}/{len(cells) - 1}",
                "report-review-total",
                f"第四部分{row.name} · 总计：应为 {want}（{parts}之和），实为 {cells[-1]}",
                f"{want}",
            )


def carry_over(r: rp.AnnualReport, prev: rp.AnnualReport, layout: rp.Layout) -> Iterator[Finding]:
    label = next(row.label for row in layout.p3_rows if row.key == "上年结转")
    out_label = next(row.label for row in layout.p3_rows if row.key == "结转下年度继续办理")
    for c, col in enumerate(layout.p3_columns):
        want, got = prev.part3["结转下年度继续办理"][c], r.part3["上年结转"][c]
        if want is not None and got != want:
            yield _error(
                r,
                f"第三部分/上年结转/{c}",
                "report-carry-over",
                f"第三部分{label} · {col}：应为 {want}（{prev.year}年度报告的“{out_label}”），实为 {got}",
                f"{want}（见 {prev.file}）",
            )


@model_rule
def annual_reports(model: Model, today: dt.date) -> Iterator[Finding]:
    """Load every report once (schema, cells, consolidation), then the sum and carry-over rules."""
    yield from rp.load_reports(model)
    if not model.reports:
        return
    layout = rp.load_layout(model.root)
    for r in model.reports:
        if not r.sound:
            continue
        yield from arithmetic(r, layout)
        prev = rp.previous_report(model, r)
        if prev is not None and prev.sound:
            yield from carry_over(r, prev, layout)


@check_rule
def annual_report_deadline(model: Model, today: dt.date) -> Iterator[Finding]:
    """条例第四十九条: 政府部门 by 1月31日, 人民政府 by 3月31日 of the following year (a warning)."""
    if not model.reports:
        return
    layout = rp.load_layout(model.root)
    for r in model.reports:
        if not r.standalone or r.published is None:
            continue
        due = rp.deadline(layout, r)
        if r.published > due:
            yield Finding(
                r.file,
                r.line("发布日期"),
                "report-deadline",
                "warning",
                f"{r.year}年度年报于{cn_date(r.published)}发布，晚于{cn_date(due)}"
                f"（{layout.deadline_basis}：{r.body_type}应于每年{due.month}月{due.day}日前公布上一年度的政府信息公开工作年度报告）",
                field="发布日期",
                expected=f"不晚于 {due.isoformat()}",
            )


@check_rule
def annual_report_part2_items(model: Model, today: dt.date) -> Iterator[Finding]:
    """Part 2 规章 / 行政规范性文件 counts the site's own report states vs. what its items give (a warning)."""
    mine = [r for r in model.reports if r.own_body and not r.consolidated and r.sound]
    if not mine:
        return
    layout = rp.load_layout(model.root)
    counted = rp.derive_part2(model, {r.year for r in mine})
    group = next(g for g in layout.p2_groups if any(row.key in layout.p2_columns_by_key for row in g.rows))
    for r in mine:
        for key, column in layout.p2_columns_by_key.items():
            if key in r.derived:
                continue
            derived = counted[r.year][key].as_cells()
            for i, col in enumerate(group.columns):
                stated = r.part2[key][i]
                if stated != derived[i]:
                    yield Finding(
                        r.file,
                        r.line(f"第二部分/{key}/{i}"),
                        "report-part2-items",
                        "warning",
                        f"第二部分 {key} · {col}：年报填写 {stated}，本站“{column}”栏目的信息统计为 {derived[i]}",
                        field=f"第二部分/{key}/{i}",
                        expected="核对年报数字，或核对本站信息的成文日期、有效性（状态和日期）",
                    )
