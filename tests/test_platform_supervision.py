"""Supervision of a platform of many bodies (issue #18 items 5 and 6): `gongkai check` grouped by body in every
format and in the CI job summary, last year's 年报 missing or late per body, the per-body table.

Each test builds its own platform: the fixture county as 本级政府 (make_project), departments and townships with
their config files from tests/fixtures/platform/site_config/bodies/, items written here, and — where a test is about
the sample's reports — the bodies' own 年报 files from tests/fixtures/platform/content/<id>/年报/ (and the county's from
tests/fixtures/county/content/年报/ for the consolidated report).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from conftest import REPO, gongkai, mkdocs_build
from gongkai.loader import load
from test_platform import PLATFORM_YML, county_item, czz_item, fgw_item, make_platform

PLATFORM_CONTENT = REPO / "tests" / "fixtures" / "platform" / "content"
COUNTY_REPORTS = REPO / "tests" / "fixtures" / "county" / "content" / "年报"
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


def consolidation_platform(tmp_path: Path) -> Path:
    """The county's 年报 folder (its own reports, the copy 2025-jyty.yml and the consolidated 2025-quanxian.yml that
    lists the copy) and jyty's own 年报 files, with one number of jyty's own 2025 report changed (行政许可 126 → 130)."""
    project = make_platform(
        tmp_path / "p", {}, PLATFORM_YML.replace("部门: [fgw]", "部门: [fgw, jyty]"), bodies=("fgw", "jyty", "czz")
    )
    shutil.copytree(COUNTY_REPORTS, project / "content" / "年报")
    with_reports(project, "jyty")
    own = project / "content" / "jyty" / "年报" / "2025.yml"
    own.write_text(own.read_text(encoding="utf-8").replace("  行政许可: 126\n", "  行政许可: 130\n"), encoding="utf-8")
    return project


def test_the_consolidated_report_uses_the_bodys_own_file_and_the_county_copy_gets_no_page(tmp_path: Path) -> None:
    project = consolidation_platform(tmp_path)
    loaded = load(project, today=dt.date(2026, 12, 5), check=True)
    assert loaded.errors == []
    home = loaded.platform.home
    assert home is not None
    whole = next(r for r in home.reports if r.consolidated)
    county = next(r for r in home.reports if r.own_body and r.year == 2025)
    assert [p.file for p in whole.parts] == ["content/年报/2025.yml", "content/jyty/年报/2025.yml"]
    assert whole.part2["行政许可"] == (county.part2["行政许可"][0] + 130,)
    assert "content/年报/2025-jyty.yml" not in {r.file for r in home.reports}  # the copy: no page of its own
    copy = [f for f in loaded.findings if f.rule == "report-copy"]
    assert [(f.file, f.severity) for f in copy] == [("content/年报/2025-jyty.yml", "info")]
    assert "content/jyty/年报/2025.yml" in copy[0].message and "数字不同，以该机关的文件为准" in copy[0].message
    build = mkdocs_build(project)
    assert build.ok, build.output
    page = (build.site / "nianbao" / "2025-quanxian" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../jyty/nianbao/2025/"' in page  # the component links to the body's own report page
    assert (build.site / "jyty" / "nianbao" / "2025" / "index.html").is_file()
    assert not (build.site / "nianbao" / "2025-jyty").exists()


def test_a_consolidated_report_can_name_a_bodys_own_file_directly(tmp_path: Path) -> None:
    project = consolidation_platform(tmp_path)
    (project / "content" / "年报" / "2025-jyty.yml").unlink()
    merged = project / "content" / "年报" / "2025-quanxian.yml"
    merged.write_text(merged.read_text(encoding="utf-8").replace("  - 2025-jyty.yml", "  - ../jyty/年报/2025.yml"), encoding="utf-8")
    loaded = load(project, today=dt.date(2026, 12, 5))
    assert loaded.errors == []
    whole = next(r for r in loaded.platform.home.reports if r.consolidated)  # type: ignore[union-attr]
    assert [p.url for p in whole.parts] == ["nianbao/2025/", "jyty/nianbao/2025/"]
    assert not [f for f in loaded.findings if f.rule == "report-copy"]
