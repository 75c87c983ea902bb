"""年报 rules (DOMAIN §5): the arithmetic of the 2021 tables, the carry-over between years, the deadline.

Model rule (every build and `gongkai check`; errors fail the build): what the loader found reading the
report files (`Model.report_problems`), then per report — each row's 总计 = the six applicant columns;
（七）总计 = all result rows; per column 一 + 二 = （七）总计 + 四 (the 勾稽关系 printed in the table);
each Part 4 总计 = its four cells; 二、上年结转 = last year's 四、结转下年度继续办理 for the same body.
Check rules (`gongkai check` only, warnings): publication after the Art. 49 deadline; on a platform of many
bodies, a body without last year's report after its deadline (`report-missing`); Part 2 counts that differ from
what the site's 规章 / 行政规范性文件 items give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from .. import report as rp
from ..model import Finding, cn_date

if TYPE_CHECKING:
    from ..model import Model


def _fmt(value: object) -> str:
    if value is None:
        return "空白"
    return format(value, "f") if isinstance(value, Decimal) else str(value)


class _Skip(Exception):
    """A sum needs a cell that is missing or invalid (already an error): that sum is not checked."""


def _v(r: rp.AnnualReport, part: str, key: str, col: int) -> rp.Number:
    """A cell for the sums: a blank counts as 0; a missing row or an invalid cell raises `_Skip`."""
    table = {"第三部分": r.part3, "第四部分": r.part4}[part]
    row = table.get(key)
    if row is None or col >= len(row) or f"{part}/{key}/{col}" in r.invalid:
        raise _Skip
    value = row[col]
    return 0 if value is None else value


def _error(r: rp.AnnualReport, path: str, rule: str, message: str, expected: str = "") -> Finding:
    line = r.line("合并") if r.consolidated else r.line(path)
    return Finding(r.file, line, rule, "error", message, field=path, expected=expected)


def _result_keys(r: rp.AnnualReport, layout: rp.Layout) -> list[str]:
    """The rows summed into （七）总计: 予以公开, 部分公开 and every reason row (or a group printed as one row)."""
    return [row.key for row in rp.printed_p3_rows(layout, r.collapsed) if row.result]


def arithmetic(r: rp.AnnualReport, layout: rp.Layout) -> Iterator[Finding]:
    """Every sum rule of Parts 3 and 4 that this report's cells allow (a sum needing a bad cell is skipped)."""
    yield from _row_totals(r, layout)
    yield from _results_totals(r, layout)
    yield from _balance(r, layout)
    yield from _part4_totals(r, layout)


def _row_totals(r: rp.AnnualReport, layout: rp.Layout) -> Iterator[Finding]:
    total_col = len(layout.p3_columns) - 1
    for row in rp.printed_p3_rows(layout, r.collapsed):
        key, name = row.key, row.name
        try:
            want = sum(_v(r, "第三部分", key, c) for c in range(total_col))
            got = _v(r, "第三部分", key, total_col)
        except _Skip:
            continue
        if got != want:
            yield _error(
                r,
                f"第三部分/{key}/{total_col}",
                "report-row-total",
                f"第三部分{name} · 总计：应为 {_fmt(want)}（六类申请人之和），实为 {_fmt(got)}",
                _fmt(want),
            )


def _results_totals(r: rp.AnnualReport, layout: rp.Layout) -> Iterator[Finding]:
    keys = _result_keys(r, layout)
    for c, col in enumerate(layout.p3_columns):
        try:
            want = sum(_v(r, "第三部分", key, c) for key in keys)
            got = _v(r, "第三部分", "总计", c)
        except _Skip:
            continue
        if got != want:
            yield _error(
                r,
                f"第三部分/总计/{c}",
                "report-results-total",
                f"第三部分（七）总计 · {col}：应为 {_fmt(want)}（各办理结果之和），实为 {_fmt(got)}",
                _fmt(want),
            )


def _balance(r: rp.AnnualReport, layout: rp.Layout) -> Iterator[Finding]:
    for c, col in enumerate(layout.p3_columns):
        try:
            new, carried_in, done, carried_out = (_v(r, "第三部分", k, c) for k in ("本年新收", "上年结转", "总计", "结转下年度继续办理"))
        except _Skip:
            continue
        want = new + carried_in - done
        if carried_out != want:
            yield _error(
                r,
                f"第三部分/结转下年度继续办理/{c}",
                "report-balance",
                f"第三部分四、结转下年度继续办理 · {col}：应为 {_fmt(want)}（一＋二－（七）总计，勾稽关系），实为 {_fmt(carried_out)}",
                f"核对一、二、（七）总计、四这一列：{new} ＋ {carried_in} 应等于 {done} ＋ {carried_out}",
            )


def _part4_totals(r: rp.AnnualReport, layout: rp.Layout) -> Iterator[Finding]:
    parts = "、".join(layout.p4_columns[:-1])
    last = len(layout.p4_columns) - 1
    for row in layout.p4_rows:
        try:
            want = sum(_v(r, "第四部分", row.key, c) for c in range(last))
            got = _v(r, "第四部分", row.key, last)
        except _Skip:
            continue
        if got != want:
            yield _error(
                r,
                f"第四部分/{row.key}/{last}",
                "report-review-total",
                f"第四部分{row.name} · 总计：应为 {_fmt(want)}（{parts}之和），实为 {_fmt(got)}",
                _fmt(want),
            )


def carry_over(r: rp.AnnualReport, prev: rp.AnnualReport, layout: rp.Layout) -> Iterator[Finding]:
    label = next(row.label for row in layout.p3_rows if row.key == "上年结转")
    out_label = next(row.label for row in layout.p3_rows if row.key == "结转下年度继续办理")
    for c, col in enumerate(layout.p3_columns):
        try:
            want, got = _v(prev, "第三部分", "结转下年度继续办理", c), _v(r, "第三部分", "上年结转", c)
        except _Skip:
            continue
        if got != want:
            yield _error(
                r,
                f"第三部分/上年结转/{c}",
                "report-carry-over",
                f"第三部分{label} · {col}：应为 {_fmt(want)}（{prev.year}年度报告的“{out_label}”），实为 {_fmt(got)}",
                f"{_fmt(want)}（见 {prev.file}）",
            )


def annual_reports(model: Model, today: dt.date) -> Iterator[Finding]:
    """What reading the report files found, then every sum and the carry-over that the cells allow: errors are collected,
    so a schema problem in one part never hides a wrong sum in another. (A consolidated report is summed only
    from sound components; its components are checked on their own.)"""
    yield from model.report_problems  # found by the loader while reading the files (gongkai.report.load_reports)
    every = model.report_files
    if not every:
        return
    layout = rp.load_layout(model.root)
    for r in every:
        if r.consolidated and not r.sound:
            continue
        yield from arithmetic(r, layout)
        if not r.usable or r.consolidated:
            continue
        prev = rp.previous_report(model, r)
        if prev is not None and not (prev.consolidated and not prev.sound):
            yield from carry_over(r, prev, layout)


def annual_report_shape(model: Model, today: dt.date) -> Iterator[Finding]:
    """What real reports do differently from the format and is accepted (blank cells, one-row groups, typos,
    no 规章 row): warnings in `gongkai check` only, so a report accepted as published never stops the build."""
    for r in model.reports:
        yield from sorted(r.notes, key=lambda f: f.line)


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
                f"{r.body}{r.year}年度年报于{cn_date(r.published)}发布，晚于{cn_date(due)}"
                f"（{layout.deadline_basis}：{r.body_type}应于每年{due.month}月{due.day}日前公布上一年度的政府信息公开工作年度报告）",
                field="发布日期",
                expected=f"不晚于 {due.isoformat()}",
            )


def annual_report_missing(model: Model, today: dt.date) -> Iterator[Finding]:
    """On a platform of many bodies: a body with no report for last year after its deadline (one warning per body,
    naming the body and the file it belongs in). A late report is `annual_report_deadline`'s finding."""
    if not model.id:  # a platform of one: its 年报 column's freshness is the completeness rule's
        return
    state = rp.last_year(model, today)
    if state.state != rp.MISSING:
        return
    layout = rp.load_layout(model.root)
    yield Finding(
        state.file,
        1,
        "report-missing",
        "warning",
        f"{model.body.name}尚未发布{state.year}年度政府信息公开工作年度报告（{layout.deadline_basis}：{state.kind}"
        f"应于{cn_date(state.due)}前公布）",
        expected=f"在 {state.file} 填写{state.year}年度年报（格式见 catalog_schema/annual_report.schema.json）",
    )


def annual_report_part2_items(model: Model, today: dt.date) -> Iterator[Finding]:
    """Part 2 规章 / 行政规范性文件 counts the site's own report states vs. what its items give (a warning)."""
    mine = [r for r in model.reports if r.own_body and not r.consolidated and r.sound]  # with errors: fix those first
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
                stated = r.part2[key][i] if key in r.part2 else None
                if stated != derived[i]:
                    yield Finding(
                        r.file,
                        r.line(f"第二部分/{key}/{i}"),
                        "report-part2-items",
                        "warning",
                        f"第二部分 {key} · {col}：年报填写 {_fmt(stated)}，本站“{column}”栏目的信息统计为 {derived[i]}",
                        field=f"第二部分/{key}/{i}",
                        expected="核对年报数字，或核对本站信息的成文日期、有效性（状态和日期）",
                    )
