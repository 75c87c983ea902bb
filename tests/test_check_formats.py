"""`gongkai check` output for CI: text, GitHub annotations and job summary, GitLab Code Quality JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from check_helpers import TODAY, Leaf, dated_item, project
from conftest import REPO, gongkai
from jsonschema import Draft202012Validator

GITLAB_SCHEMA = json.loads((REPO / "tests" / "data" / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))

COLUMNS = [Leaf("工作动态", "gzdt", "2周", "动态"), Leaf("通知公告", "tzgg", "6个月", "政策")] + [
    Leaf(f"空栏目{i}", f"k{i}", "1年") for i in range(5)
]


def sample_project(tmp_path: Path) -> Path:
    items = {
        "gzdt/a.md": dated_item("工作动态", TODAY - dt.timedelta(days=3)),
        "gzdt/b.md": dated_item("工作动态", dt.date(2026, 10, 1)),
        "tzgg/a.md": dated_item("通知公告", dt.date(2026, 1, 5)),
        "tzgg/b.md": dated_item("通知公告", dt.date(2026, 11, 2), "联系手机 13800138000。\n"),  # an error: not counted
    }
    return project(tmp_path, COLUMNS, items)


def run(root: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return gongkai("check", "--root", str(root), "--today", TODAY.isoformat(), *args, env=env)


def table_rows(markdown: str, heading: str) -> list[list[str]]:
    """Body rows of the first Markdown table after `heading`, cells stripped."""
    section = markdown.split(heading, 1)[1]
    rows = []
    for line in section.splitlines()[2:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        rows.append([c.strip() for c in line.strip().strip("|").split(" | ")])
    return [r for r in rows if not set(r[0]) <= {"-", " "}][1:]  # drop the header row


def test_job_summary_is_appended_with_each_column_its_items_latest_date_and_status(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    summary = tmp_path / "step-summary.md"
    summary.write_text("# 上一步\n", encoding="utf-8")
    proc = run(root, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1  # the mobile number is an error
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# 上一步\n## 政府信息公开专栏检查：示例县人民政府")
    rows = {r[0]: r[1:] for r in table_rows(text, "### 栏目完整性")}
    assert rows["工作动态"] == ["2周", "2", (TODAY - dt.timedelta(days=3)).isoformat(), "正常"]
    assert rows["通知公告"] == ["6个月", "1", "2026-01-05", "**超期**"]
    assert rows["空栏目0"] == ["1年", "0", "—", "**空栏目**"]
    assert "- **空白栏目 5 个（单项否决标准：≥5 个）：已达单项否决标准：空栏目0、空栏目1、空栏目2、空栏目3、空栏目4**" in text
    assert "- 动态政策栏目不更新 1 个（单项否决标准：≥5 个）：未达单项否决标准：通知公告" in text
    findings = table_rows(text, "### 问题")
    assert ["content/tzgg/b.md", "8", "error", "privacy-mobile"] == findings[0][:4]
    assert "13800138000" not in text


def test_summary_is_written_for_any_format_and_never_twice_overwritten(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    summary = tmp_path / "s.md"
    run(root, env={"GITHUB_STEP_SUMMARY": str(summary)})
    run(root, "--format", "json", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text(encoding="utf-8").count("### 栏目完整性") == 2


def test_github_annotations_escape_property_and_message_text(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    lines = run(root, "--format", "github").stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert errors == [
        next(line for line in lines if line.startswith("::error file=content/tzgg/b.md,line=8,title=privacy-mobile::"))
    ]
    warnings = [line for line in lines if line.startswith("::warning file=catalog_schema/catalog.yml,")]
    assert any("title=completeness-empty::" in w for w in warnings)
    assert all("\n" not in w for w in warnings)
    assert lines[-1].startswith("共检查 3 条信息：1 个错误")


def test_gitlab_report_matches_the_documented_shape(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    out = tmp_path / "reports" / "gl-code-quality-report.json"
    proc = run(root, "--format", "gitlab", "--output", str(out))
    assert proc.returncode == 1
    assert "错误[privacy-mobile]" in proc.stdout  # the log still shows the text report
    report = json.loads(out.read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(GITLAB_SCHEMA).iter_errors(report), key=str)
    assert not errors, errors[0].message
    by_check: dict[str, list[dict[str, object]]] = {}
    for issue in report:
        by_check.setdefault(str(issue["check_name"]), []).append(issue)
    assert by_check["privacy-mobile"][0]["severity"] == "critical"
    assert by_check["privacy-mobile"][0]["location"] == {"path": "content/tzgg/b.md", "lines": {"begin": 8}}
    assert {i["severity"] for i in by_check["completeness-empty"]} == {"minor"}
    assert by_check["inspection-veto"][0]["severity"] == "blocker"
    fingerprints = [i["fingerprint"] for i in report]
    assert len(set(fingerprints)) == len(fingerprints)
    again = json.loads(run(root, "--format", "gitlab").stdout)
    assert [i["fingerprint"] for i in again] == fingerprints  # stable between runs


def test_text_report_ends_with_completeness_thresholds_and_counts(tmp_path: Path) -> None:
    tail = run(sample_project(tmp_path)).stdout.splitlines()[-6:]
    assert tail[0] == "栏目完整性（按 2026-11-24 检查）：7 个主动公开事项，正常 1 个，超期 1 个，空栏目 5 个。"
    assert tail[2] == "  - 空白栏目 5 个（单项否决标准：≥5 个）：已达单项否决标准"
    assert tail[-1].startswith("共检查 3 条信息：1 个错误，")


def test_output_to_an_unwritable_place_is_a_usage_error(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    proc = run(root, "--format", "gitlab", "--output", str(blocker / "report.json"))
    assert proc.returncode == 2 and "无法写入" in proc.stderr


def test_gitlab_ci_template_runs_a_real_check_and_publishes_its_report(tmp_path: Path) -> None:
    import shlex

    import yaml

    job = yaml.safe_load((REPO / ".gitlab" / "gongkai-check.gitlab-ci.yml").read_text(encoding="utf-8"))["gongkai-check"]
    command = shlex.split(job["script"][0].replace("$GONGKAI_STRICT", ""))
    report_name = job["artifacts"]["reports"]["codequality"]
    assert command[:2] == ["gongkai", "check"] and command[command.index("--output") + 1] == report_name
    root = sample_project(tmp_path)
    proc = gongkai(*command[1:], cwd=root)
    assert proc.returncode == 1  # errors fail the job
    report = json.loads((root / report_name).read_text(encoding="utf-8"))
    assert report and not list(Draft202012Validator(GITLAB_SCHEMA).iter_errors(report))
