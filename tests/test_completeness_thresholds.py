"""Catalog completeness: column status against 更新周期, and the 国办秘函〔2019〕19号 veto thresholds at their boundaries.

Each case is a small real project (catalog.yml + Markdown items) loaded by the real loader with the
check-only rules, as `gongkai check` does; a few go through the CLI to show what staff and CI see.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from check_helpers import TODAY, Leaf, dated_item, fill, leaves, project
from conftest import gongkai, item_md
from gongkai import completeness, periods
from gongkai.loader import load
from gongkai.model import Finding


def check(root: Path) -> list[Finding]:
    return load(root, today=TODAY, check=True).findings


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def status_of(root: Path) -> dict[str, completeness.ColumnStatus]:
    model = load(root, today=TODAY, check=True).model
    assert model is not None
    report = completeness.assess(model, model.inspection)
    return {s.column.name: s for s in report.columns}


def veto(findings: list[Finding], key: str) -> list[Finding]:
    return [f for f in by_rule(findings, "inspection-veto") if f.field == f"单项否决/{key}"]


@pytest.mark.parametrize(("blank", "reached"), [(4, False), (5, True)])
def test_blank_columns_reach_the_veto_at_five_not_four(tmp_path: Path, blank: int, reached: bool) -> None:
    filled = leaves(3, "已发", slug="f")
    empty = leaves(blank, "空白", slug="e")
    root = project(tmp_path, filled + empty, fill(filled, TODAY - dt.timedelta(days=3)))
    findings = check(root)
    assert len(by_rule(findings, "completeness-empty")) == blank
    hits = veto(findings, "空白栏目")
    assert bool(hits) is reached
    if reached:
        assert "空白栏目 5 个（单项否决标准：≥5 个）：已达单项否决标准" in hits[0].message
        assert all(leaf.name in hits[0].message for leaf in empty)


@pytest.mark.parametrize(("stale", "reached"), [(4, False), (5, True)])
def test_stale_dynamic_and_policy_columns_reach_the_veto_at_five(tmp_path: Path, stale: int, reached: bool) -> None:
    # 2 动态 columns not updated for 15 days (2周 exceeded), the rest 政策 columns older than 6 months
    dynamic = leaves(2, "动态", slug="d", cycle="2周", inspection="动态")
    policy = leaves(stale - 2, "政策", slug="p", cycle="1年", inspection="政策")
    fresh = leaves(2, "正常", slug="n", cycle="2周", inspection="动态")
    items = fill(dynamic, TODAY - dt.timedelta(days=15)) | fill(policy, dt.date(2026, 5, 23)) | fill(fresh, TODAY - dt.timedelta(days=14))
    root = project(tmp_path, dynamic + policy + fresh, items)
    findings = check(root)
    statuses = status_of(root)
    assert [n for n, s in statuses.items() if s.stale_19] == [c.name for c in dynamic + policy]
    assert all(statuses[c.name].status == "正常" for c in fresh)
    assert bool(veto(findings, "动态政策栏目不更新")) is reached


@pytest.mark.parametrize(("stale", "reached"), [(9, False), (10, True)])
def test_long_unupdated_columns_reach_the_veto_at_ten_not_nine(tmp_path: Path, stale: int, reached: bool) -> None:
    old = leaves(stale, "久未更新", slug="o", cycle="3个月")
    ok = leaves(2, "正常", slug="n", cycle="3个月")
    items = fill(old, dt.date(2026, 8, 23)) | fill(ok, dt.date(2026, 8, 24))
    root = project(tmp_path, old + ok, items)
    findings = check(root)
    assert len(by_rule(findings, "completeness-stale")) == stale
    hits = veto(findings, "长期未更新栏目")
    assert bool(hits) is reached
    assert not veto(findings, "动态政策栏目不更新")  # 常规 columns never count towards the 动态/政策 indicator


def test_two_week_column_is_fresh_on_day_fourteen_and_stale_on_day_fifteen(tmp_path: Path) -> None:
    cols = [Leaf("要闻甲", "yw-a", "2周", "动态"), Leaf("要闻乙", "yw-b", "2周", "动态")]
    items = {
        "a.md": dated_item("要闻甲", TODAY - dt.timedelta(days=14)),
        "b.md": dated_item("要闻乙", TODAY - dt.timedelta(days=15)),
    }
    statuses = status_of(project(tmp_path, cols, items))
    assert statuses["要闻甲"].status == "正常"
    assert statuses["要闻乙"].status == "超期" and statuses["要闻乙"].stale_19


def test_months_are_calendar_months_not_thirty_days(tmp_path: Path) -> None:
    cols = [Leaf("文件甲", "wj-a", "6个月", "政策"), Leaf("文件乙", "wj-b", "6个月", "政策")]
    items = {"a.md": dated_item("文件甲", dt.date(2026, 5, 24)), "b.md": dated_item("文件乙", dt.date(2026, 5, 23))}
    statuses = status_of(project(tmp_path, cols, items))
    assert statuses["文件甲"].status == "正常"
    assert statuses["文件乙"].status == "超期"
    assert periods.start(dt.date(2026, 8, 31), "6个月") == dt.date(2026, 2, 28)
    assert periods.start(dt.date(2028, 2, 29), "1年") == dt.date(2027, 2, 28)  # not 365 days (2027-03-01)
    assert periods.start(dt.date(2026, 3, 1), "2周") == dt.date(2026, 2, 15)


def test_annual_report_is_due_by_its_statutory_date(tmp_path: Path) -> None:
    cols = [Leaf("其他", "qt", "按需")]
    root = project(tmp_path, cols, {"qt/a.md": dated_item("其他", dt.date(2020, 1, 6))}, annual_report=True)
    # 2025 report published 2026-03-20: fresh for the whole year until the next 3月31日
    (root / "content" / "nb.md").write_text(dated_item("政府信息公开年报", dt.date(2026, 3, 20)), encoding="utf-8")
    assert status_of(root)["政府信息公开年报"].status == "正常"
    assert status_of(root)["其他"].status == "正常"  # 按需: one item is enough, however old
    (root / "content" / "nb.md").write_text(dated_item("政府信息公开年报", dt.date(2025, 3, 20)), encoding="utf-8")
    stale = status_of(root)["政府信息公开年报"]
    assert stale.status == "超期" and stale.due == dt.date(2025, 4, 1)
    model = load(root, today=dt.date(2026, 3, 31), check=True).model  # on the deadline day itself the 2024 report still counts
    assert model is not None
    on_deadline = completeness.assess(model, model.inspection)
    assert {s.column.name: s.status for s in on_deadline.columns}["政府信息公开年报"] == "正常"


def test_item_without_a_valid_date_counts_as_not_updated(tmp_path: Path) -> None:
    cols = [Leaf("无日期", "wrq"), Leaf("坏日期", "hrq")]
    items = {
        "a.md": item_md(栏目="无日期", 发布日期=None),
        "b.md": item_md(栏目="坏日期", 发布日期="2026-02-30", 索引号="11360999001234567C/2026-00009"),
    }
    root = project(tmp_path, cols, items)
    findings = check(root)
    assert by_rule(findings, "schema") and by_rule(findings, "date-invalid")
    statuses = status_of(root)
    assert statuses["无日期"].status == "空栏目" and statuses["坏日期"].status == "空栏目"


def test_only_public_items_make_a_column_fresh(tmp_path: Path) -> None:
    cols = [Leaf("许可", "xk")]
    root = project(tmp_path, cols, {"a.md": dated_item("许可", TODAY, 公开属性="依申请公开")})
    assert status_of(root)["许可"].status == "空栏目"


def test_columns_on_request_only_are_not_counted(tmp_path: Path) -> None:
    cols = [Leaf("申请类", "sq", manner="依申请公开"), Leaf("主动类", "zd")]
    root = project(tmp_path, cols, {"a.md": dated_item("主动类", TODAY)})
    assert list(status_of(root)) == ["主动类"]


def test_thresholds_and_severity_come_from_inspection_yml(tmp_path: Path) -> None:
    empty = leaves(3, "空白", slug="e")
    root = project(tmp_path, empty)
    assert not veto(check(root), "空白栏目")
    path = root / "catalog_schema" / "inspection.yml"
    text = path.read_text(encoding="utf-8").replace("单项否决级别: 警告", "单项否决级别: 错误")
    path.write_text(text.replace("空白栏目:\n    阈值: 5", "空白栏目:\n    阈值: 3"), encoding="utf-8")
    hits = veto(check(root), "空白栏目")
    assert len(hits) == 1 and hits[0].severity == "error" and "≥3 个" in hits[0].message
    assert hits[0].file == "catalog_schema/inspection.yml" and hits[0].line > 1


def test_invalid_inspection_yml_is_a_finding_naming_the_field(tmp_path: Path) -> None:
    root = project(tmp_path, leaves(1))
    path = root / "catalog_schema" / "inspection.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("阈值: 10", "阈值: 十个"), encoding="utf-8")
    problems = [f for f in check(root) if f.file == "catalog_schema/inspection.yml" and f.rule == "schema"]
    assert problems and problems[0].field == "单项否决/长期未更新栏目/阈值"


def test_cli_states_plainly_when_a_threshold_is_reached(tmp_path: Path) -> None:
    root = project(tmp_path, leaves(5, "空白", slug="e"))
    proc = gongkai("check", "--root", str(root), "--today", TODAY.isoformat())
    assert proc.returncode == 0, proc.stdout  # the veto is a warning by default (inspection.yml 单项否决级别)
    assert "  - 空白栏目 5 个（单项否决标准：≥5 个）：已达单项否决标准" in proc.stdout
    assert "  - 长期未更新栏目 0 个（单项否决标准：≥10 个）：未达单项否决标准" in proc.stdout
    assert gongkai("check", "--root", str(root), "--today", TODAY.isoformat(), "--strict").returncode == 1
