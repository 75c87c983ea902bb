"""Deduction-sheet checks in `gongkai check` at their thresholds: 年报雷同 (similarity to last year's and to another
body's report), 规范性文件与解读一一对应, Word/PDF downloads where the body requires them, and the 20-working-day
publication limit's level set in data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from build_dates import idx
from conftest import REPO, gongkai, item_md, make_project
from gongkai.rules.deductions import similarity

TODAY = dt.date(2026, 11, 24)
REPORT = REPO / "tests/fixtures/county/content/年报/2025.yml"
BASE = (
    "2025年，示例县人民政府坚持以公开为常态、不公开为例外，围绕稳就业、惠民生、优环境等重点工作推进政务公开，"
    "全年主动公开政府信息2035条，其中重点领域信息812条；发布政策解读52篇，行政规范性文件全部做到一文一解读。"
    "依申请公开方面，全年新收申请37件，均在法定期限内答复，未发生被纠错的行政复议和行政诉讼案件。"
)

PROBLEMS = (
    "一是统计信息栏目更新滞后，二是政策解读形式较为单一。下一步将建立栏目更新提醒机制。",
    "部分依申请公开答复的说理不够充分；明年将统一答复文书模板并开展业务培训。",
    "基层公开事项目录与实际工作衔接不紧，将按领域逐项核对并动态调整。",
)


def findings(project: Path, rule: str) -> list[dict[str, object]]:
    proc = gongkai("check", "--root", str(project), "--today", TODAY.isoformat(), "--format", "json")
    return [f for f in json.loads(proc.stdout) if f["rule"] == rule]


def report_project(tmp_path: Path, texts: dict[str, str]) -> Path:
    """Reports copied from the fixture's 2025 file, each with its own 总体情况 (file name → text)."""
    project = make_project(tmp_path)
    source = yaml.safe_load(REPORT.read_text(encoding="utf-8"))
    for n, (name, text) in enumerate(texts.items()):
        data = dict(source)
        data["总体情况"] = text
        data["存在的主要问题及改进情况"] = PROBLEMS[n]  # each report's own: only 总体情况 is compared here
        year = int(name[:4])
        data["年度"] = year
        if "-" in name:
            data["机关名称"] = "示例县" + name.split("-", 1)[1] + "局"
            data["机关类型"] = "政府部门"
            data["路径"] = name.split("-", 1)[1]
        data.pop("上年结转核对", None)
        path = project / "content/年报" / f"{name}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def test_similarity_is_one_for_a_copy_and_ignores_markdown_and_spacing() -> None:
    assert similarity(BASE, BASE) == 1.0
    assert similarity(BASE, "**" + BASE.replace("，", "， ") + "**") == 1.0
    assert similarity(BASE, "本年度重点推进了基层政务公开标准化规范化建设。") < 0.5


def test_report_copied_from_last_year_is_flagged_at_the_threshold(tmp_path: Path) -> None:
    changed = BASE.replace("2035条", "2188条").replace("812条", "903条")
    score = similarity(BASE, changed)
    assert 0.9 <= score < 1
    project = report_project(tmp_path, {"2024": BASE, "2025": changed})
    found = findings(project, "report-similar")
    assert [(f["file"], f["field"]) for f in found] == [("content/年报/2025.yml", "总体情况")]
    assert "本机关上一年度（2024年度）的年报" in found[0]["message"] and found[0]["severity"] == "warning"
    # the threshold is data: just above this pair's similarity, nothing is reported
    scoring = project / "catalog_schema/scoring.yml"
    above = f"{score + 0.005:.3f}"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("阈值: 0.9", f"阈值: {above}"), encoding="utf-8")
    assert findings(project, "report-similar") == []


def test_report_near_identical_to_another_body_of_the_same_year_is_flagged(tmp_path: Path) -> None:
    other = "2025年，示例县教育局坚持以公开为常态、不公开为例外" + BASE[BASE.index("，围绕") :]
    project = report_project(tmp_path, {"2025": BASE, "2025-jyj": other})
    found = findings(project, "report-similar")
    assert len(found) == 1 and "同年度的年报" in found[0]["message"]
    own = "示例县教育局本年度以义务教育招生入学信息公开为重点，公开划片范围和招生计划。"
    fresh = report_project(tmp_path / "b", {"2025": BASE, "2025-jyj": own})
    assert findings(fresh, "report-similar") == []


def doc(serial: int, column: str = "行政规范性文件", **extra: object) -> str:
    return item_md(
        "正文。\n",
        标题=f"示例县文件{serial}",
        索引号=idx(2026, serial),
        栏目=column,
        发文机关="示例县人民政府",
        成文日期="2026-03-02",
        发布日期="2026-03-04",
        **({"有效性": {"状态": "有效"}} if column == "行政规范性文件" else {}),
        **extra,
    )


def reading(serial: int, target: int) -> str:
    return item_md(
        "解读正文。\n",
        标题=f"解读{serial}",
        索引号=idx(2026, serial),
        栏目="政策解读",
        发文机关="示例县人民政府办公室",
        发布日期="2026-03-05",
        解读对象=[idx(2026, target)],
        解读形式="文字解读",
        解读机关="示例县人民政府办公室",
    )


def test_interpretations_are_paired_one_to_one_with_documents(tmp_path: Path) -> None:
    items = {
        "gfxwj/a.md": doc(1),
        "gfxwj/b.md": doc(2),
        "qtwj/c.md": doc(3, "其他文件"),
        "zcjd/a.md": reading(11, 1),
        "zcjd/c.md": reading(13, 3),  # interprets a 其他文件: no 规范性文件 behind it
    }
    project = make_project(tmp_path, items)
    unmatched = findings(project, "jd-unmatched")
    assert [(f["file"], f["severity"]) for f in unmatched] == [("content/zcjd/c.md", "info")]
    summary = findings(project, "jd-pairing")
    assert len(summary) == 1 and summary[0]["file"] == "catalog_schema/scoring.yml" and summary[0]["severity"] == "warning"
    assert "现行有效的规范性文件 2 件，有解读的 1 件" in summary[0]["message"] and "未对应规范性文件的 1 篇" in summary[0]["message"]
    paired = make_project(tmp_path / "ok", {"gfxwj/a.md": doc(1), "zcjd/a.md": reading(11, 1)})
    assert findings(paired, "jd-pairing") == [] and findings(paired, "jd-unmatched") == []


def test_word_or_pdf_download_is_required_only_when_configured(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"gfxwj/a.md": doc(1), "gfxwj/b.md": doc(2, 附件=[{"文件": "b.pdf", "名称": "文件正文"}])})
    (project / "content/gfxwj/b.pdf").write_bytes(b"%PDF-1.4\n")
    assert findings(project, "document-download-missing") == []  # default: not required
    scoring = project / "catalog_schema/scoring.yml"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("必须: false", "必须: true"), encoding="utf-8")
    found = findings(project, "document-download-missing")
    assert [(f["file"], f["severity"]) for f in found] == [("content/gfxwj/a.md", "warning")]
    raw = yaml.safe_load(scoring.read_text(encoding="utf-8"))
    raw["规范性文件下载"]["级别"] = "错误"
    scoring.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert [f["severity"] for f in findings(project, "document-download-missing")] == ["error"]


def test_an_invalid_scoring_file_is_reported_with_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"qtwj/a.md": doc(1, "其他文件")})
    scoring = project / "catalog_schema/scoring.yml"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("阈值: 0.9", "阈值: 很高"), encoding="utf-8")
    proc = gongkai("check", "--root", str(project), "--today", TODAY.isoformat(), "--format", "json")
    bad = [f for f in json.loads(proc.stdout) if f["file"] == "catalog_schema/scoring.yml"]
    assert bad and bad[0]["severity"] == "error"


def test_publication_limit_level_is_set_in_inspection_yml(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"qtwj/a.md": item_md(成文日期="2024-01-02", 发布日期="2024-03-08")})
    assert [f["severity"] for f in findings(project, "publish-late")] == ["warning"]
    inspection = project / "catalog_schema/inspection.yml"
    text = inspection.read_text(encoding="utf-8").replace("  工作日: 20\n  级别: 警告\n", "  工作日: 20\n  级别: 错误\n")
    inspection.write_text(text, encoding="utf-8")
    assert [f["severity"] for f in findings(project, "publish-late")] == ["error"]
