"""`gongkai check`: exit codes 0/1/2, and the text, json and github formats as CI and staff see them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import gongkai, item_md, make_project, mkdocs_build, set_plugins


def project_with(tmp_path: Path, **fields: object) -> Path:
    return make_project(tmp_path, {"qtwj/a.md": item_md(**fields)})


def test_clean_project_exits_zero_and_says_so(tmp_path: Path) -> None:
    proc = gongkai("check", "--root", str(project_with(tmp_path)), "--today", "2026-11-24")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "共检查 1 条信息：0 个错误" in proc.stdout


def test_errors_exit_one_with_file_line_rule_and_fix(tmp_path: Path) -> None:
    proc = gongkai("check", "--root", str(project_with(tmp_path, 成文日期="2024-02-30")), "--today", "2026-11-24")
    assert proc.returncode == 1
    assert "content/qtwj/a.md:7: 错误[date-invalid] 「2024-02-30」不是真实存在的日期（字段：成文日期；应为：" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    root = str(project_with(tmp_path))
    assert gongkai("check", "--root", root, "--today", "2026-13-01").returncode == 2
    assert gongkai("check", "--root", root, "--format", "xml").returncode == 2
    proc = gongkai("check", "--root", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "不是项目目录" in proc.stderr


def test_a_folder_without_catalog_schema_is_one_chinese_error_not_a_traceback(tmp_path: Path) -> None:
    import shutil

    root = project_with(tmp_path)
    shutil.rmtree(root / "catalog_schema")
    proc = gongkai("check", "--root", str(root), "--today", "2026-11-24")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "catalog_schema/site_config.schema.json:1: 错误[project-incomplete]" in proc.stdout
    assert "缺少 catalog_schema/ 目录" in proc.stdout


def test_warnings_that_stop_make_site_fail_check_too_and_the_others_only_with_strict(tmp_path: Path) -> None:
    stopping = project_with(tmp_path / "a", 发文字号="示政办发[2024]3号", 成文日期="2024-03-05")
    proc = gongkai("check", "--root", str(stopping), "--today", "2026-11-24")
    assert proc.returncode == 1 and "警告[doc-no-format]" in proc.stdout
    assert "以上警告中有 1 个也会使网站不能生成（content/qtwj/a.md:" in proc.stdout
    set_plugins(stopping, ["gongkai"])
    build = mkdocs_build(stopping)  # make site: mkdocs build --strict; the check and the build agree
    assert not build.ok and "doc-no-format" in build.output
    plain = str(project_with(tmp_path / "b"))
    proc = gongkai("check", "--root", plain, "--today", "2026-11-24")
    assert proc.returncode == 0 and "警告[completeness-" in proc.stdout  # check-only warnings do not stop the build
    strict = gongkai("check", "--root", plain, "--today", "2026-11-24", "--strict")
    assert strict.returncode == 1


def test_today_option_decides_what_is_in_the_future(tmp_path: Path) -> None:
    root = str(project_with(tmp_path))
    proc = gongkai("check", "--root", root, "--today", "2024-03-01")
    assert proc.returncode == 1 and "[date-future]" in proc.stdout


def test_json_format_lists_findings_with_their_fields(tmp_path: Path) -> None:
    root = str(project_with(tmp_path, 栏目="通知公告"))
    proc = gongkai("check", "--root", root, "--today", "2026-11-24", "--format", "json")
    assert proc.returncode == 1
    findings = json.loads(proc.stdout)
    errors = [f for f in findings if f["severity"] == "error"]
    assert len(errors) == 1
    assert {"file", "line", "rule", "severity", "field", "message"} <= set(errors[0])
    assert errors[0]["file"] == "content/qtwj/a.md" and errors[0]["rule"] == "column-unknown" and errors[0]["field"] == "栏目"


def test_github_format_prints_annotations_and_appends_the_job_summary(tmp_path: Path) -> None:
    root = str(project_with(tmp_path, 栏目="通知公告"))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    proc = gongkai("check", "--root", root, "--today", "2026-11-24", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1
    assert any(line.startswith("::error file=content/qtwj/a.md,line=4") for line in proc.stdout.splitlines())
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, not overwritten
    assert "| 行政规范性文件 |" in text and "column-unknown" in text


def test_fixture_sample_county_passes_the_check(sample_project: Path) -> None:
    proc = gongkai("check", "--root", str(sample_project))
    assert proc.returncode == 0, proc.stdout[-3000:]
    count = int(proc.stdout.rsplit("共检查 ", 1)[1].split(" ", 1)[0])
    assert count >= 80
