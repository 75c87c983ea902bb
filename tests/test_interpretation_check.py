"""`gongkai check` on 政策解读: orphan, missing (三同步) and late 解读, counted in working days with 调休."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import CODE, gongkai, item_md, make_project

DOC = f"{CODE}/2025-00010"


def doc(index_no: str, published: str, title: str = "示例县人民政府关于印发示例县城乡居民医疗救助办法的通知", **more: Any) -> str:
    fields: dict[str, Any] = {
        "标题": title,
        "索引号": index_no,
        "栏目": "行政规范性文件",
        "发文机关": "示例县人民政府",
        "发文字号": f"示府规〔{published[:4]}〕{int(index_no[-2:])}号",
        "成文日期": published,
        "发布日期": published,
        "有效性": {"状态": "有效"},
    }
    fields.update(more)
    return item_md(**fields)


def jd(index_no: str, published: str, targets: list[str], form: str = "文字解读", **more: Any) -> str:
    fields: dict[str, Any] = {
        "标题": "《示例县城乡居民医疗救助办法》政策解读",
        "索引号": index_no,
        "栏目": "政策解读",
        "发文机关": "示例县医疗保障局",
        "发布日期": published,
        "解读对象": targets,
        "解读形式": form,
        "解读机关": "示例县医疗保障局",
        "解读人": "李明（局长）",
    }
    fields.update(more)
    return item_md("一、出台背景\n\n二、主要内容\n", **fields)


def check(project: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = gongkai("check", "--root", str(project), "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    # the 金寨 pairing summary (tests/test_deduction_checks.py) restates jd-missing: left out here
    return result.returncode, [f for f in json.loads(result.stdout) if f["rule"] not in ("jd-pairing", "jd-unmatched")]


def ours(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["rule"].startswith("jd-") or f["rule"] == "calendar-gap"]


def line_of(project: Path, rel: str, needle: str) -> int:
    text = (project / "content" / rel).read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_orphan_interpretation_is_an_error_at_the_line_of_its_target(tmp_path: Path) -> None:
    missing = f"{CODE}/2025-00099"
    project = make_project(tmp_path, {"zcjd/jd.md": jd(f"{CODE}/2025-00011", "2025-10-09", [missing])})
    code, findings = check(project)
    assert code == 1
    found = ours(findings)
    assert [(f["file"], f["rule"], f["severity"], f["field"]) for f in found] == [
        ("content/zcjd/jd.md", "jd-target-unknown", "error", "解读对象")
    ]
    assert found[0]["line"] == line_of(project, "zcjd/jd.md", missing)
    assert missing in found[0]["message"]


def test_interpretation_without_target_or_form_is_an_error(tmp_path: Path) -> None:
    text = jd(f"{CODE}/2025-00011", "2025-10-09", [], 解读对象=None, 解读形式=None)
    project = make_project(tmp_path, {"zcjd/jd.md": text})
    code, findings = check(project)
    assert code == 1
    found = ours(findings)
    assert sorted((f["rule"], f["severity"]) for f in found) == [("jd-form-missing", "error"), ("jd-target-missing", "error")]
    assert {f["line"] for f in found} == {line_of(project, "zcjd/jd.md", "栏目:")}


def test_interpretation_of_an_interpretation_and_target_in_wrong_column_are_errors(tmp_path: Path) -> None:
    first = f"{CODE}/2025-00011"
    project = make_project(
        tmp_path,
        {
            "gfxwj/doc.md": doc(DOC, "2025-09-30"),
            "zcjd/a.md": jd(first, "2025-09-30", [DOC]),
            "zcjd/b.md": jd(f"{CODE}/2025-00012", "2025-10-09", [first]),
            "qtwj/x.md": item_md(索引号=f"{CODE}/2025-00013", 发布日期="2025-10-09", 解读对象=[DOC]),
        },
    )
    _, findings = check(project)
    rules = sorted((f["file"], f["rule"]) for f in ours(findings))
    assert rules == [("content/qtwj/x.md", "jd-wrong-column"), ("content/zcjd/b.md", "jd-target-invalid")]


def test_late_interpretation_is_a_warning_with_the_working_day_count_and_line(tmp_path: Path) -> None:
    # 文件 2025-09-30 发布；国庆、中秋 10月1日—8日放假，10月11日（六）上班：10/9, 10/10, 10/11, 10/13 → 第 4 个工作日
    project = make_project(
        tmp_path,
        {"gfxwj/doc.md": doc(DOC, "2025-09-30"), "zcjd/jd.md": jd(f"{CODE}/2025-00011", "2025-10-13", [DOC])},
    )
    _, findings = check(project)
    found = ours(findings)
    assert [(f["file"], f["rule"], f["severity"], f["field"]) for f in found] == [("content/zcjd/jd.md", "jd-late", "warning", "发布日期")]
    assert found[0]["line"] == line_of(project, "zcjd/jd.md", "发布日期:")
    assert "第 4 个工作日" in found[0]["message"] and "超过 3 个工作日" in found[0]["message"]
    assert "2025-10-11" in found[0]["expected"]
    assert not any(f["severity"] == "error" for f in found)
    text = gongkai("check", "--root", str(project))
    assert f"content/zcjd/jd.md:{found[0]['line']}: 警告[jd-late]" in text.stdout


def test_interpretation_on_the_third_working_day_across_national_day_is_on_time(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {"gfxwj/doc.md": doc(DOC, "2025-09-30"), "zcjd/jd.md": jd(f"{CODE}/2025-00011", "2025-10-11", [DOC])},
    )
    _, findings = check(project)
    assert ours(findings) == []


def test_adjusted_saturday_counts_as_a_working_day(tmp_path: Path) -> None:
    # 2025-02-05（三）发布；2/6, 2/7, 2/8（六，调休上班）, 2/10 → 第 4 个工作日。不计调休只有 3 个。
    doc_no = f"{CODE}/2025-00003"
    project = make_project(
        tmp_path,
        {"gfxwj/doc.md": doc(doc_no, "2025-02-05"), "zcjd/jd.md": jd(f"{CODE}/2025-00004", "2025-02-10", [doc_no])},
    )
    _, findings = check(project)
    found = ours(findings)
    assert [f["rule"] for f in found] == ["jd-late"]
    assert "第 4 个工作日" in found[0]["message"]


def test_time_limit_comes_from_body_config(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {"gfxwj/doc.md": doc(DOC, "2025-09-30"), "zcjd/jd.md": jd(f"{CODE}/2025-00011", "2025-10-13", [DOC])},
    )
    body = project / "site_config" / "body.yml"
    text = body.read_text(encoding="utf-8")
    assert "解读时限工作日: 3" in text
    body.write_text(text.replace("解读时限工作日: 3", "解读时限工作日: 5"), encoding="utf-8")
    _, findings = check(project)
    assert ours(findings) == []


def test_document_without_interpretation_is_a_three_sync_warning(tmp_path: Path) -> None:
    other = f"{CODE}/2025-00020"
    project = make_project(
        tmp_path,
        {
            "gfxwj/doc.md": doc(DOC, "2025-09-30"),
            "gfxwj/with.md": doc(other, "2025-09-30", title="示例县人民政府关于印发示例县临时救助办法的通知"),
            "zcjd/jd.md": jd(f"{CODE}/2025-00011", "2025-09-30", [other]),
        },
    )
    _, findings = check(project, "--today", "2026-11-24")
    found = ours(findings)
    assert [(f["file"], f["rule"], f["severity"]) for f in found] == [("content/gfxwj/doc.md", "jd-missing", "warning")]
    assert found[0]["line"] == line_of(project, "gfxwj/doc.md", "栏目:")
    assert "三同步" in found[0]["message"] and DOC in found[0]["expected"]


def test_missing_interpretation_honours_today_and_the_working_day_limit(tmp_path: Path) -> None:
    # 2026-11-20（五）发布：到 11-24（二）为第 2 个工作日，仍在时限内；到 11-26（四）为第 4 个工作日。
    recent = f"{CODE}/2026-00050"
    project = make_project(tmp_path, {"gfxwj/doc.md": doc(recent, "2026-11-20")})
    _, findings = check(project, "--today", "2026-11-24")
    assert [(f["rule"], f["severity"]) for f in ours(findings)] == [("jd-missing", "info")]
    assert "2026-11-25" in ours(findings)[0]["message"]
    _, findings = check(project, "--today", "2026-11-26")
    found = ours(findings)
    assert [(f["rule"], f["severity"]) for f in found] == [("jd-missing", "warning")]
    assert "已发布 4 个工作日" in found[0]["message"]


def test_repealed_document_needs_no_interpretation(tmp_path: Path) -> None:
    project = make_project(
        tmp_path, {"gfxwj/doc.md": doc(DOC, "2025-03-03", 有效性={"状态": "已废止", "日期": "2025-09-01", "说明": "被新办法替代"})}
    )
    _, findings = check(project)
    assert ours(findings) == []


def test_year_without_holiday_data_is_reported_clearly_then_computed_from_holidays_file(tmp_path: Path) -> None:
    doc_no = f"{CODE}/2026-00030"
    project = make_project(
        tmp_path,
        {"gfxwj/doc.md": doc(doc_no, "2026-12-28"), "zcjd/jd.md": jd(f"{CODE}/2027-00001", "2027-01-05", [doc_no])},
    )
    _, findings = check(project, "--today", "2027-01-10")
    found = ours(findings)
    assert [(f["file"], f["rule"], f["severity"]) for f in found] == [("content/zcjd/jd.md", "calendar-gap", "warning")]
    assert "2027年" in found[0]["message"] and "holidays.yml" in found[0]["expected"]
    assert found[0]["line"] == line_of(project, "zcjd/jd.md", "发布日期:")

    (project / "site_config" / "holidays.yml").write_text(
        "年度安排:\n"
        "  - 年份: 2027\n"
        "    通知: 测试用（虚构）国办发明电〔2026〕99号\n"
        "    节日:\n"
        "      - 名称: 元旦\n"
        "        放假起: 2027-01-01\n"
        "        放假止: 2027-01-03\n",
        encoding="utf-8",
    )
    _, findings = check(project, "--today", "2027-01-10")
    found = ours(findings)
    # 12/29, 12/30, 12/31, (1/1—1/3 放假), 1/4, 1/5 → 第 5 个工作日
    assert [(f["rule"], f["severity"]) for f in found] == [("jd-late", "warning")]
    assert "第 5 个工作日" in found[0]["message"]


def test_audio_video_interpretation_without_text_is_a_warning(tmp_path: Path) -> None:
    files = {
        "gfxwj/doc.md": doc(DOC, "2025-09-30"),
        "zcjd/v.md": jd(f"{CODE}/2025-00011", "2025-09-30", [DOC], form="音视频", 附件=[{"文件": "v.mp4", "名称": "解读视频"}]).replace(
            "一、出台背景\n\n二、主要内容\n", ""
        ),
    }
    project = make_project(tmp_path, files)
    (project / "content" / "zcjd" / "v.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    _, findings = check(project)
    assert [f["rule"] for f in ours(findings)] == ["jd-transcript-missing"]
    (project / "content" / "zcjd" / "文字稿.txt").write_text("解读文字稿", encoding="utf-8")
    text = (project / "content" / "zcjd" / "v.md").read_text(encoding="utf-8")
    (project / "content" / "zcjd" / "v.md").write_text(
        text.replace("  名称: 解读视频\n", "  名称: 解读视频\n- 文件: 文字稿.txt\n  名称: 解读文字稿\n"), encoding="utf-8"
    )
    _, findings = check(project)
    assert ours(findings) == []
