"""Real published 年报 (DOMAIN §5.5) are accepted as published, and one defect never hides another.

Real builds and `gongkai check` runs on projects in tmp_path (the fixtures under tests/fixtures/report/cases/
are report files shaped like real ones: a six-decimal fee, blank cells, no 规章 row, （六） as one row,
label typos). Accepted shapes are check-only warnings, so `mkdocs build --strict` still publishes them;
a report with several defects gets every one of them in the same run.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import random
from pathlib import Path

import pytest
import yaml
from conftest import TODAY, gongkai, mkdocs_build, set_plugins
from test_report_rules import CASES, build_case, report_findings

FEE = "24252.311082"


def _build(root: Path) -> tuple[bool, str, Path]:
    set_plugins(root, ["gongkai", "gongkai-report"])
    result = mkdocs_build(root)
    return result.ok, result.output, result.site


def test_six_decimal_fee_is_published_unchanged_in_page_csv_and_json(tmp_path: Path) -> None:
    root = build_case(tmp_path, "amount-six-places")
    assert report_findings(root) == []
    ok, output, site = _build(root)
    assert ok, output
    page = (site / "nianbao/2024/index.html").read_text(encoding="utf-8")
    assert f">{FEE}<" in page
    rows = list(csv.DictReader(io.StringIO((site / "nianbao/2024/nianbao-2024.csv").read_bytes().decode("utf-8-sig"))))
    (fee,) = [r["数值"] for r in rows if r["项目"] == "行政事业性收费"]
    assert fee == FEE
    raw = (site / "nianbao/2024/nianbao-2024.json").read_text(encoding="utf-8")
    assert f'"数值": {FEE}\n' in raw  # a JSON number with exactly the stated digits
    doc = json.loads(raw, parse_float=str)
    assert [d["数值"] for d in doc["数据"] if d["项目"] == "行政事业性收费"] == [FEE]


def test_fee_written_as_text_keeps_its_trailing_zero(tmp_path: Path) -> None:
    root = build_case(tmp_path, "valid")
    path = root / "content/年报/2024.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("行政事业性收费: 12.3456", '行政事业性收费: "96171.60"'), encoding="utf-8")
    ok, output, site = _build(root)
    assert ok, output
    assert ">96171.60<" in (site / "nianbao/2024/index.html").read_text(encoding="utf-8")
    assert '"数值": 96171.60\n' in (site / "nianbao/2024/nianbao-2024.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "rules"),
    [
        ("blank-cells", {"report-cell-blank"}),
        ("department-no-rules-row", {"report-no-rules-row"}),
        ("group-one-row", {"report-group-one-row"}),
        ("label-typo", {"report-label-typo"}),
    ],
)
def test_real_report_shapes_are_warnings_in_check_and_build_strict(tmp_path: Path, case: str, rules: set[str]) -> None:
    root = build_case(tmp_path, case)
    proc = gongkai("check", "--root", str(root), "--today", TODAY, "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = [f for f in json.loads(proc.stdout) if f["file"].startswith("content/年报/") and f["rule"] != "report-similar"]
    assert {f["rule"] for f in found} == rules and {f["severity"] for f in found} == {"warning"}
    ok, output, _site = _build(root)
    assert ok, output


def test_blank_cell_counts_as_zero_in_the_row_total(tmp_path: Path) -> None:
    root = build_case(tmp_path, "blank-cells")
    path = root / "content/年报/2024.yml"
    text = path.read_text(encoding="utf-8").replace('属于国家秘密: [~, "", "-", 0, 0, 0, 0]', "属于国家秘密: [~, 1, 0, 0, 0, 0, 2]")
    path.write_text(text, encoding="utf-8")
    errors = [f for f in report_findings(root) if f.severity == "error"]
    assert [(f.line, f.rule) for f in errors][:1] == [(25, "report-row-total")]
    assert errors[0].message == "第三部分（三）不予公开 1.属于国家秘密 · 总计：应为 1（六类申请人之和），实为 2"


def test_department_page_shows_a_dash_for_the_missing_rules_row(tmp_path: Path) -> None:
    ok, output, site = _build(build_case(tmp_path, "department-no-rules-row"))
    assert ok, output
    page = (site / "nianbao/2024-jyj/index.html").read_text(encoding="utf-8")
    assert "示例县教育局2024年政府信息公开工作年度报告" in page and "—" in page


def test_group_printed_as_one_row_is_one_table_row_and_one_export_record_per_column(tmp_path: Path) -> None:
    ok, output, site = _build(build_case(tmp_path, "group-one-row"))
    assert ok, output
    page = (site / "nianbao/2024/index.html").read_text(encoding="utf-8")
    assert "（六）其他处理" in page and "逾期不补正" not in page
    rows = list(csv.DictReader(io.StringIO((site / "nianbao/2024/nianbao-2024.csv").read_bytes().decode("utf-8-sig"))))
    assert [r["数值"] for r in rows if r["项目"] == "（六）其他处理"] == ["1", "0", "0", "0", "0", "0", "1"]


def test_missing_part2_row_row_total_and_carry_over_are_all_reported_in_one_run(tmp_path: Path) -> None:
    root = build_case(tmp_path, "collected")
    proc = gongkai("check", "--root", str(root), "--today", TODAY)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    out = proc.stdout
    assert "content/年报/2024.yml:11: 错误[schema] 缺少必填字段「第二部分 → 行政许可」" in out
    assert (
        "content/年报/2024.yml:22: 错误[report-row-total] 第三部分（二）部分公开（区分处理的，只计这一情形，不计其他情形） · 总计：应为 5"
        in (out)
    )
    assert "content/年报/2024.yml:46: 错误[report-results-total] 第三部分（七）总计 · 总计：应为 43（各办理结果之和），实为 42" in out
    assert (
        "content/年报/2024.yml:20: 错误[report-carry-over] 第三部分二、上年结转政府信息公开申请数量 · 自然人：应为 4"
        "（2023年度报告的“四、结转下年度继续办理”），实为 5" in out
    )


def test_missing_section_and_a_misshapen_part3_row_leave_part4_sums_checked(tmp_path: Path) -> None:
    root = build_case(tmp_path, "valid")
    path = root / "content/年报/2024.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("总体情况: |\n  本年度政府信息公开工作总体情况。\n", "")
    text = text.replace("予以公开: [20, 2, 0, 0, 1, 1, 24]", "予以公开: [20, 2, 0, 0, 1, 24]")
    text = text.replace("行政复议: [2, 1, 0, 0, 3]", "行政复议: [2, 1, 0, 0, 4]")
    path.write_text(text, encoding="utf-8")
    rules = {f.rule for f in report_findings(root) if f.severity == "error"}
    assert rules == {"report-section-missing", "schema", "report-review-total"}


def _odd_values(rng: random.Random) -> list[object]:
    return [None, "", "abc", -3, 10**30, 1.5, 3.0, True, [], [1, [2]], {"a": {"b": 1}}, "12", "１２", float("inf"), rng.random()]


def test_fuzzed_report_values_never_crash_check_or_build(tmp_path: Path) -> None:
    rng = random.Random(20261124)
    base = yaml.safe_load((CASES / "valid.yml").read_text(encoding="utf-8"))
    paths = [("年度",), ("机关名称",), ("机关类型",), ("发布日期",), ("第二部分",), ("第二部分", "规章"), ("第二部分", "行政事业性收费"),
             ("第三部分",), ("第三部分", "本年新收"), ("第三部分", "不予公开"), ("第三部分", "其他处理", "其他"), ("第四部分",),
             ("第四部分", "行政复议"), ("总体情况",), ("合并",), ("单独发布",), ("路径",), ("索引号",)]  # fmt: skip
    for n in range(12):
        data = copy.deepcopy(base)
        for keys in rng.sample(paths, 4):
            node = data
            for key in keys[:-1]:
                node = node.setdefault(key, {}) if isinstance(node, dict) else {}
            if isinstance(node, dict):
                node[keys[-1]] = rng.choice(_odd_values(rng))
        root = build_case(tmp_path / str(n), "valid")
        text = yaml.safe_dump(data, allow_unicode=True)
        (root / "content/年报/2024.yml").write_text(text, encoding="utf-8")
        proc = gongkai("check", "--root", str(root), "--today", TODAY)
        assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, (text, proc.stderr)
    _ok, output, _site = _build(root)
    assert "Traceback" not in output


def test_other_body_report_without_path_gets_a_url_from_its_file_name_and_a_warning(tmp_path: Path) -> None:
    root = build_case(tmp_path, "department-no-rules-row")
    reports = root / "content/年报"
    text = (reports / "2024.yml").read_text(encoding="utf-8").replace("路径: jyj\n", "")
    (reports / "2024.yml").unlink()
    (reports / "2024-jiaoyuju.yml").write_text(text.replace("行政许可: 120", '行政许可: "1,120"'), encoding="utf-8")
    found = [(f.rule, f.severity, f.message) for f in report_findings(root)]
    assert (
        "report-slug-missing",
        "warning",
        "「示例县教育局」不是本站机关，年报没有写“路径”：网址暂用 nianbao/2024-jiaoyuju/（改文件名会改变网址）",
    ) in found
    assert ("report-cell-comma", "warning", "第二部分 行政许可 · 本年处理决定数量：「1,120」含千位分隔符，按 1120 读取") in found
    assert not [f for f in found if f[1] == "error"]
    ok, output, site = _build(root)
    assert ok, output
    assert ">1120<" in (site / "nianbao/2024-jiaoyuju/index.html").read_text(encoding="utf-8")


def test_keys_outside_the_format_are_ignored_with_a_warning_and_a_misspelt_row_still_fails(tmp_path: Path) -> None:
    root = build_case(tmp_path, "valid")
    path = root / "content/年报/2024.yml"
    text = path.read_text(encoding="utf-8").replace("年度: 2024\n", "年度: 2024\n来源: 示例县人民政府网站\n")
    last_reason = "    属于行政查询事项: [0, 0, 0, 0, 0, 0, 0]\n"
    text = text.replace(last_reason, last_reason + "    小计: [3, 0, 0, 0, 0, 0, 3]\n")  # a third-party subtotal row
    path.write_text(text, encoding="utf-8")
    found = [(f.line, f.rule, f.severity) for f in report_findings(root)]
    assert found == [(4, "report-unknown-field", "warning"), (34, "report-unknown-field", "warning")]
    path.write_text(text.replace("  行政强制: 2\n", "  行政强至: 2\n"), encoding="utf-8")
    found = [(f.rule, f.severity, f.message) for f in report_findings(root)]
    assert ("schema", "error", "缺少必填字段「第二部分 → 行政强制」") in found
    assert ("report-unknown-field", "warning", "「第二部分/行政强至」不是年报格式中的字段，已忽略（是否应为「行政强制」？）") in found
