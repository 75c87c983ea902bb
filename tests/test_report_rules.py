"""年报 rules: every fixture under tests/fixtures/report/cases/ breaks one rule once and gets exactly its findings.

Golden-file tests: `expected.yml` lists, per fixture, the findings `gongkai check` reports for the report file
(path, line, severity, rule, Chinese message naming part, row and column). Each project is a real one in
tmp_path: the shipped catalog and body, one 行政规范性文件 item (issued 2024) and the 2023 report the 2024
fixtures follow. Errors must also fail `mkdocs build` / `gongkai check`; warnings stay check-only.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import TODAY, gongkai, item_md, make_project, mkdocs_build, set_plugins
from gongkai.loader import load
from gongkai.model import AnnualReport, Finding, Loaded

FIXTURES = Path(__file__).parent / "fixtures" / "report"
CASES = FIXTURES / "cases"
EXPECTED: dict[str, list[str]] = yaml.safe_load((FIXTURES / "expected.yml").read_text(encoding="utf-8"))
REGULATION_ITEM = item_md(
    标题="示例县人民政府关于印发示例县城乡居民最低生活保障实施办法的通知",
    栏目="行政规范性文件",
    发文字号="示府发〔2024〕3号",
    成文日期="2024-03-05",
    发布日期="2024-03-08",
    有效性={"状态": "有效"},
)


def build_case(root: Path, case: str) -> Path:
    """A project holding the 2023 report and the fixture as the 2024 report (or as a consolidated one)."""
    make_project(root, {"zcwj/gfxwj/a.md": REGULATION_ITEM})
    reports = root / "content" / "年报"
    reports.mkdir(parents=True, exist_ok=True)
    shutil.copy(CASES / "prev-2023.yml", reports / "2023.yml")
    if case == "merge-missing":
        shutil.copy(CASES / "valid.yml", reports / "2024.yml")
        shutil.copy(CASES / f"{case}.yml", reports / "2024-quanxian.yml")
    else:
        shutil.copy(CASES / f"{case}.yml", reports / "2024.yml")
    return root


def check(root: Path) -> Loaded:
    return load(root, today=dt.date.fromisoformat(TODAY), check=True)


def reports_of(loaded: Loaded) -> tuple[AnnualReport, ...]:
    assert loaded.model is not None
    return loaded.model.reports


OTHER_CHECKS = {"report-similar"}
"""The deduction check compares the fixtures' prose, copied between years on purpose (tests/test_deduction_checks.py)."""


def report_findings(root: Path) -> list[Finding]:
    return [f for f in check(root).findings if f.file.startswith("content/年报/") and f.rule not in OTHER_CHECKS]


def test_every_fixture_has_expected_findings() -> None:
    cases = {p.stem for p in CASES.glob("*.yml")} - {"prev-2023"}
    assert cases == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_fixture_yields_exactly_its_findings(tmp_path: Path, case: str) -> None:
    found = report_findings(build_case(tmp_path, case))
    assert [f.format() for f in found] == EXPECTED[case]


def test_valid_fixture_and_previous_year_have_no_findings(tmp_path: Path) -> None:
    assert EXPECTED["valid"] == []
    model = check(build_case(tmp_path, "valid"))
    assert [f for f in model.findings if f.file.startswith("content/年报/") and f.rule not in OTHER_CHECKS] == []
    assert [r.year for r in reports_of(model)] == [2024, 2023]


def test_results_total_message_names_part_row_column_and_both_numbers(tmp_path: Path) -> None:
    found = report_findings(build_case(tmp_path, "results-total"))
    first = found[0]
    assert first.message == "第三部分（七）总计 · 自然人：应为 37（各办理结果之和），实为 36"
    assert (first.file, first.line, first.severity, first.rule) == ("content/年报/2024.yml", 48, "error", "report-results-total")
    assert (CASES / "results-total.yml").read_text(encoding="utf-8").splitlines()[first.line - 1].strip().startswith("总计: [36,")


@pytest.mark.parametrize(
    ("case", "rule"),
    [("cell-negative", "report-cell"), ("amount-invalid", "report-amount"), ("cell-wrong-type", "report-cell"),
     ("row-total", "report-row-total"),
     ("results-total", "report-results-total"), ("balance", "report-balance"), ("review-total", "report-review-total"),
     ("suit-total", "report-review-total"), ("carry-over", "report-carry-over"), ("format-year", "report-format-year"),
     ("schema-row-missing", "schema"), ("section-missing", "report-section-missing"), ("merge-missing", "report-merge-missing")],
)  # fmt: skip
def test_each_broken_rule_is_an_error_and_only_that_rule_fires(tmp_path: Path, case: str, rule: str) -> None:
    found = report_findings(build_case(tmp_path, case))
    assert found
    assert {f.rule for f in found} == {rule}
    assert {f.severity for f in found} == {"error"}


@pytest.mark.parametrize(
    ("case", "rule"), [("deadline", "report-deadline"), ("deadline-department", "report-deadline"), ("part2-items", "report-part2-items")]
)
def test_deadline_and_part2_differences_are_check_only_warnings(tmp_path: Path, case: str, rule: str) -> None:
    root = build_case(tmp_path, case)
    found = report_findings(root)
    assert [(f.rule, f.severity) for f in found] == [(rule, "warning")]
    build_only = load(root, today=dt.date.fromisoformat(TODAY), check=False)
    assert [f for f in build_only.findings if f.file.startswith("content/年报/")] == []


def test_deadline_warning_cites_article_49_with_both_dates(tmp_path: Path) -> None:
    (finding,) = report_findings(build_case(tmp_path, "deadline"))
    assert "2025年4月2日发布，晚于2025年3月31日" in finding.message
    assert "第四十九条" in finding.message


def test_part2_warning_shows_stated_and_counted_numbers(tmp_path: Path) -> None:
    (finding,) = report_findings(build_case(tmp_path, "part2-items"))
    assert finding.message == "第二部分 行政规范性文件 · 本年制发件数：年报填写 2，本站“行政规范性文件”栏目的信息统计为 1"


def test_sum_error_fails_the_build_and_gongkai_check(tmp_path: Path) -> None:
    root = build_case(tmp_path, "results-total")
    set_plugins(root, ["gongkai", "gongkai-report"])
    result = mkdocs_build(root)
    assert not result.ok
    assert (
        "content/年报/2024.yml:48: 错误[report-results-total] 第三部分（七）总计 · 自然人：应为 37（各办理结果之和），实为 36"
        in result.output
    )
    assert "Traceback" not in result.output
    proc = gongkai("check", "--root", str(root), "--today", TODAY)
    assert proc.returncode == 1
    assert "第三部分（七）总计 · 自然人：应为 37（各办理结果之和），实为 36" in proc.stdout


def test_late_report_still_builds_strict(tmp_path: Path) -> None:
    root = build_case(tmp_path, "deadline")
    set_plugins(root, ["gongkai", "gongkai-report"])
    result = mkdocs_build(root)
    assert result.ok, result.output
    assert "report-deadline" not in result.output


def test_component_not_published_on_its_own_is_summed_without_page_or_date(tmp_path: Path) -> None:
    root = build_case(tmp_path, "valid")
    reports = root / "content" / "年报"
    own = (CASES / "valid.yml").read_text(encoding="utf-8")
    part = own.replace("机关名称: 示例县人民政府", "机关名称: 示例县人民政府（本级）\n单独发布: false").replace(
        "发布日期: 2025-03-20\n", ""
    )
    (reports / "2024-benji.yml").write_text(part, encoding="utf-8")
    (reports / "2024-quanxian.yml").write_text(
        "年度: 2024\n机关名称: 示例县全县\n机关类型: 人民政府\n路径: quanxian\n发布日期: 2025-03-28\n"
        "合并: [2024.yml, 2024-benji.yml]\n总体情况: 汇总。\n存在的主要问题及改进情况: 无。\n其他需要报告的事项: 无。\n",
        encoding="utf-8",
    )
    model = check(root)
    assert [f.format() for f in model.findings if f.file.startswith("content/年报/") and f.rule not in OTHER_CHECKS] == []
    whole = next(r for r in reports_of(model) if r.consolidated)
    benji = next(r for r in reports_of(model) if r.body == "示例县人民政府（本级）")
    assert not benji.standalone and benji.published is None
    assert whole.part3["本年新收"] == (70, 6, 0, 0, 2, 2, 80)
    assert whole.part2["行政事业性收费"] == (Decimal("24.6912"),)


def test_consolidation_cycle_is_an_error_not_a_crash(tmp_path: Path) -> None:
    root = build_case(tmp_path, "valid")
    reports = root / "content" / "年报"
    for name, other in (("2024-a.yml", "2024-b.yml"), ("2024-b.yml", "2024-a.yml")):
        (reports / name).write_text(
            f"年度: 2024\n机关名称: 汇总{name[5]}\n机关类型: 人民政府\n单独发布: false\n合并: [{other}]\n", encoding="utf-8"
        )
    found = report_findings(root)
    assert [f.rule for f in found] == ["report-merge-cycle"]
