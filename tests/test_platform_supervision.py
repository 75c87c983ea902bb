"""Supervision of a platform of many bodies (issue #18 items 5 and 6): `gongkai check` grouped by body in every
format and in the CI job summary, last year's 年报 missing or late per body, the per-body table.

Each test builds its own platform: the fixture county as 本级政府 (make_project), departments and townships with
their config files from tests/fixtures/platform/site_config/bodies/, items written here, and — where a test is about
the sample's reports — the bodies' own 年报 files from tests/fixtures/platform/content/<id>/年报/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import REPO, gongkai
from test_platform import PLATFORM_YML, county_item, czz_item, fgw_item, make_platform

PLATFORM_CONTENT = REPO / "tests" / "fixtures" / "platform" / "content"
WJW = "11360999001234896D"  # 索引号 前段码 of 示例县卫生健康委员会 (wjw.yml)
THREE = PLATFORM_YML.replace("部门: [fgw]", "部门: [fgw, wjw]")


def with_reports(project: Path, *body_ids: str) -> None:
    """The bodies' own 年报 files of the sample platform (2024 and 2025; wjw's 2025 report is late)."""
    for body_id in body_ids:
        shutil.copytree(PLATFORM_CONTENT / body_id / "年报", project / "content" / body_id / "年报")


def check(project: Path, *args: str, today: str = "2026-12-05", env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return gongkai("check", "--root", str(project), "--today", today, *args, env=env)


def platform(tmp_path: Path) -> Path:
    """xzf, fgw (an error: an unknown column), wjw (its sample reports: 2025 late), czz (no report at all)."""
    project = make_platform(
        tmp_path / "p",
        {
            "qtwj/a.md": county_item(),
            "fgw/qtwj/a.md": fgw_item(栏目="不存在的栏目"),
            "wjw/qtwj/a.md": fgw_item(索引号=f"{WJW}/2026-00001", 发文机关="示例县卫生健康委员会", 标题="卫生健康工作要点"),
            "czz/qtwj/a.md": czz_item(),
        },
        THREE,
        bodies=("fgw", "wjw", "czz"),
    )
    with_reports(project, "wjw")
    return project


def test_check_text_groups_findings_under_a_heading_per_body_in_platform_order(tmp_path: Path) -> None:
    out = check(platform(tmp_path)).stdout
    headings = [line for line in out.splitlines() if line.startswith("【")]
    assert [h.split("】")[0] for h in headings] == [
        "【示例县人民政府（xzf）",
        "【示例县发展和改革委员会（fgw）",
        "【示例县卫生健康委员会（wjw）",
        "【示例县城关镇人民政府（czz）",
    ]
    assert "【示例县发展和改革委员会（fgw）】信息 0 条；1 个错误" in out
    fgw_part = out.split("【示例县发展和改革委员会（fgw）】", 1)[1].split("【示例县卫生健康委员会", 1)[0]
    assert "content/fgw/qtwj/a.md" in fgw_part and "column-unknown" in fgw_part
    wjw_part = out.split("【示例县卫生健康委员会（wjw）】", 1)[1].split("【", 1)[0]
    assert "content/wjw/年报/2025.yml:10: 警告[report-deadline] 示例县卫生健康委员会2025年度年报于2026年2月10日发布" in wjw_part
    assert "栏目完整性（按 2026-12-05 检查）" in wjw_part  # each body has its own completeness summary
    assert out.rstrip().splitlines()[-1].startswith("共检查 3 条信息：1 个错误")


def test_check_json_github_and_gitlab_list_findings_by_body_and_name_the_body(tmp_path: Path) -> None:
    project = platform(tmp_path)
    rows = json.loads(check(project, "--format", "json").stdout)
    order = [r["body"] for r in rows]
    assert order == sorted(order, key=["xzf", "fgw", "wjw", "czz"].index)  # grouped, in platform order
    fgw = [r for r in rows if r["file"] == "content/fgw/qtwj/a.md"]
    assert [(r["rule"], r["body"], r["body_name"]) for r in fgw] == [("column-unknown", "fgw", "示例县发展和改革委员会")]
    github = check(project, "--format", "github").stdout.splitlines()
    groups = [line for line in github if line.startswith("::group::")]
    assert len(groups) == 4 and groups[1].startswith("::group::【示例县发展和改革委员会（fgw）】")
    at = github.index(groups[1])
    fgw_lines = github[at + 1 : github.index("::endgroup::", at)]
    assert fgw_lines[0].startswith("::error file=content/fgw/qtwj/a.md,")
    assert not [line for line in fgw_lines if "content/wjw/" in line or "content/qtwj/" in line]
    assert github.count("::endgroup::") == 4
    gitlab = json.loads(check(project, "--format", "gitlab").stdout)
    late = next(i for i in gitlab if i["check_name"] == "report-deadline")
    assert late["description"].startswith("【示例县卫生健康委员会】") and late["location"]["path"] == "content/wjw/年报/2025.yml"


def test_job_summary_of_a_platform_has_a_table_of_bodies_then_a_section_per_body(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    check(platform(tmp_path), env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## 政府信息公开专栏检查：示例县人民政府门户网站\n")
    table = text.split("### 各机关", 1)[1].split("\n### ", 1)[0]
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines() if line.startswith("| 示例县")]
    rows = {row[0]: row[1:] for row in cells}
    assert list(rows) == ["示例县人民政府", "示例县发展和改革委员会", "示例县卫生健康委员会", "示例县城关镇人民政府"]
    assert rows["示例县卫生健康委员会"][5] == "**2025年度 逾期发布（2026-02-10）**"
    assert rows["示例县城关镇人民政府"][5] == "**2025年度 未发布（期限 2026-03-31）**"
    assert rows["示例县发展和改革委员会"][5] == "**2025年度 未发布（期限 2026-01-31）**"
    assert rows["示例县发展和改革委员会"][6] == "1"  # its one error
    sections = [line for line in text.splitlines() if line.startswith("### ")]
    assert sections[1:] == [
        "### 示例县人民政府（xzf）",
        "### 示例县发展和改革委员会（fgw）",
        "### 示例县卫生健康委员会（wjw）",
        "### 示例县城关镇人民政府（czz）",
    ]
    assert text.count("#### 栏目完整性") == 4


def test_a_body_without_last_years_report_after_its_deadline_is_one_finding_naming_the_body_and_file(tmp_path: Path) -> None:
    project = platform(tmp_path)
    rows = json.loads(check(project, "--format", "json").stdout)
    missing = [(r["body"], r["file"], r["message"]) for r in rows if r["rule"] == "report-missing"]
    # the county (made without reports), fgw (a department, due 1月31日) and czz (a township, due 3月31日) have no 2025
    # report; wjw's is late, not missing
    assert missing[0][:2] == ("xzf", "content/年报/2025.yml")
    assert missing[1:] == [
        (
            "fgw",
            "content/fgw/年报/2025.yml",
            "示例县发展和改革委员会尚未发布2025年度政府信息公开工作年度报告（《中华人民共和国政府信息公开条例》第四十九条：政府部门应于2026年1月31日前公布）",
        ),
        (
            "czz",
            "content/czz/年报/2025.yml",
            "示例县城关镇人民政府尚未发布2025年度政府信息公开工作年度报告（《中华人民共和国政府信息公开条例》第四十九条：人民政府应于2026年3月31日前公布）",
        ),
    ]
    late = [(r["body"], r["file"]) for r in rows if r["rule"] == "report-deadline"]
    assert late == [("wjw", "content/wjw/年报/2025.yml")]


def test_deadlines_follow_the_body_type_a_township_is_not_yet_due_in_february(tmp_path: Path) -> None:
    rows = json.loads(check(platform(tmp_path), "--format", "json", today="2026-02-15").stdout)
    assert [r["body"] for r in rows if r["rule"] == "report-missing"] == ["fgw"]  # xzf, czz: 3月31日 has not passed


def test_a_platform_of_one_reports_no_missing_report(tmp_path: Path) -> None:
    project = make_platform(tmp_path / "p", {"qtwj/a.md": county_item()})
    (project / "site_config" / "platform.yml").unlink()
    shutil.rmtree(project / "site_config" / "bodies")
    rows = json.loads(check(project, "--format", "json").stdout)
    assert "report-missing" not in {r["rule"] for r in rows} and "body" not in rows[0]
