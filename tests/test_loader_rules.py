"""Each class of staff mistake is rejected with the right rule id, line and a Chinese fix, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CODE, item_md, make_project
from gongkai.loader import load
from gongkai.model import Finding

TODAY = dt.date(2026, 11, 24)


def findings_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[Finding]:
    project = make_project(tmp_path)
    for rel, data in files.items():
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return load(project, today=TODAY).findings


def only(findings: list[Finding], rule: str) -> Finding:
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, [f.format() for f in findings]
    return hits[0]


def test_valid_item_has_no_findings(tmp_path: Path) -> None:
    assert findings_for(tmp_path, {"a.md": item_md()}) == []


def test_broken_yaml_names_the_line_and_the_fix(tmp_path: Path) -> None:
    text = "---\n标题: 关于春耕的通知\n索引号: x\n\t栏目: 其他文件\n---\n正文\n"
    f = only(findings_for(tmp_path, {"a.md": text}), "yaml-syntax")
    assert f.line == 4
    assert f.message == "元数据（YAML）格式错误：有 Tab 制表符（字段：栏目）" and f.expected == "缩进和空白只用空格，不用 Tab"
    assert f.format().startswith("content/a.md:4: 错误[yaml-syntax] ")


def test_gbk_file_is_named_with_how_to_convert(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md().encode("gbk")}), "encoding")
    assert "GBK" in f.message and "UTF-8" in f.expected


def test_huge_file_is_rejected_without_reading_it_as_an_item(tmp_path: Path) -> None:
    huge = item_md(body="正文。" * 800_000)
    f = only(findings_for(tmp_path, {"a.md": huge}), "file-too-large")
    assert "MB" in f.message


def test_missing_front_matter_is_explained(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": "# 只有正文\n"}), "front-matter-missing")
    assert "---" in f.expected


def test_unknown_key_suggests_the_nearest_field(tmp_path: Path) -> None:
    text = item_md(发布时间="2024-03-08")
    f = only(findings_for(tmp_path, {"a.md": text}), "schema")
    assert f.field == "发布时间" and "是否应为「发布日期」" in f.message
    assert f.line == 7


def test_missing_required_field_is_named(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(标题=None)}), "schema")
    assert f.message == "缺少必填字段「标题」"


def test_impossible_calendar_date_is_reported_at_its_line(tmp_path: Path) -> None:
    text = item_md(成文日期="2024-02-30")
    f = only(findings_for(tmp_path, {"a.md": text}), "date-invalid")
    assert f.field == "成文日期" and "不是真实存在的日期" in f.message
    assert f.line == 7


def test_chinese_written_date_gets_the_iso_form_to_use(tmp_path: Path) -> None:
    # A YAML string such as 2024年3月5日 fails the schema's date pattern first; the message names the format.
    f = only(findings_for(tmp_path, {"a.md": item_md(成文日期="2024年3月5日")}), "schema")
    assert f.field == "成文日期" and "YYYY-MM-DD" in f.expected


def test_published_before_written_is_an_error(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(成文日期="2024-03-09")}), "date-order")
    assert "早于成文日期" in f.message


def test_date_in_the_future_is_an_error(tmp_path: Path) -> None:
    text = item_md(索引号=f"{CODE}/2026-00001", 发布日期="2026-12-01")
    f = only(findings_for(tmp_path, {"a.md": text}), "date-future")
    assert "晚于今天" in f.message


def test_unknown_column_lists_the_valid_choices(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(栏目="通知公告")}), "column-unknown")
    assert "行政规范性文件" in f.expected and "政府信息公开制度" in f.expected
    assert "规章" not in f.expected.split("、")  # 规章 does not apply to a 县级 body


def test_group_column_cannot_hold_items(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(栏目="法定主动公开内容")}), "column-unknown")
    assert "分组" in f.message


def test_index_number_prefix_must_be_the_bodys_code(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(索引号="11441700007280420Y/2024-00001")}), "index-prefix")
    assert CODE in f.expected


def test_index_number_serial_format_follows_site_config(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(索引号=f"{CODE}/2024-0001")}), "index-format")
    assert "YYYY-NNNNN" in f.expected


def test_index_number_year_other_than_publication_year_is_a_check_only_warning(tmp_path: Path) -> None:
    assert findings_for(tmp_path, {"a.md": item_md(索引号=f"{CODE}/2023-00001")}) == []  # the build: nothing
    f = only(load(tmp_path, today=TODAY, check=True).findings, "index-year")
    assert f.severity == "warning" and f.line == 3 and "2023 与发布日期的年份 2024 不一致" in f.message and "2024" in f.expected


def test_duplicate_index_number_is_an_error_in_both_files_each_naming_the_other(tmp_path: Path) -> None:
    found = [f for f in findings_for(tmp_path, {"a.md": item_md(), "b.md": item_md(标题="另一条信息")}) if f.rule == "index-duplicate"]
    assert [(f.file, f.line) for f in found] == [("content/a.md", 3), ("content/b.md", 3)]
    assert "content/b.md 第3行" in found[0].message and "content/a.md 第3行" in found[1].message


def test_wrong_brackets_in_document_number_warn_with_the_corrected_form(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(发文字号="示政办发[2024]03号", 成文日期="2024-03-05")}), "doc-no-format")
    assert f.severity == "warning" and f.expected == "示政办发〔2024〕3号"


def test_unrecognisable_document_number_is_an_error(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(发文字号="第三号文件", 成文日期="2024-03-05")}), "doc-no-format")
    assert f.severity == "error"


def test_normative_document_needs_a_validity(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(栏目="行政规范性文件")}), "validity-missing")
    assert "状态" in f.expected


def test_successor_must_exist(tmp_path: Path) -> None:
    text = item_md(栏目="行政规范性文件", 有效性={"状态": "已废止", "日期": "2024-05-01", "替代文件": f"{CODE}/2024-00099"})
    f = only(findings_for(tmp_path, {"a.md": text}), "successor-unknown")
    assert f.field == "有效性/替代文件"


def test_missing_attachment_is_reported(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(附件=[{"文件": "附件/表.xlsx"}])}), "attachment-missing")
    assert f.field == "附件/0/文件"


@pytest.mark.parametrize(
    ("text", "rule", "masked"),
    [
        ("申请人身份证号11010519491231002X。", "privacy-id", "110105********002X"),
        ("联系人手机 138-0013-8000。", "privacy-mobile", "138****8000"),
        ("收款账号 6222 0212 3456 7890 128。", "privacy-bankcard", "6222***********0128"),
    ],
)
def test_personal_data_is_an_error_shown_masked(tmp_path: Path, text: str, rule: str, masked: str) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(body=f"第一段。\n\n{text}\n")}), rule)
    assert masked in f.message and f.line == 10
    raw = text.split("号" if rule == "privacy-id" else " ", 1)[-1].rstrip("。")
    assert raw not in f.format()


def test_public_office_numbers_are_not_personal_data(tmp_path: Path) -> None:
    body = f"咨询电话：0799-1234567，12345政务服务热线，统一社会信用代码{CODE}，索引号{CODE}/2024-00001，日期20240305。\n"
    assert findings_for(tmp_path, {"a.md": item_md(body=body)}) == []


def test_allowlisted_number_with_reason_is_accepted(tmp_path: Path) -> None:
    text = item_md(
        body="非税收入账号 6222021234567890128。\n", 个人信息豁免=[{"值": "6222021234567890128", "理由": "本机关公开的非税收入汇缴账户"}]
    )
    assert findings_for(tmp_path, {"a.md": text}) == []


def test_duplicate_key_would_lose_text_and_is_an_error(tmp_path: Path) -> None:
    text = item_md().replace("栏目: 其他文件\n", "栏目: 其他文件\n标题: 第二个标题\n")
    f = only(findings_for(tmp_path, {"a.md": text}), "duplicate-key")
    assert f.field == "标题"


def test_withheld_item_needs_a_reason(tmp_path: Path) -> None:
    f = only(findings_for(tmp_path, {"a.md": item_md(公开属性="不予公开")}), "schema")
    assert "不予公开理由" in f.message


def test_all_errors_are_collected_not_only_the_first(tmp_path: Path) -> None:
    files = {
        "a.md": item_md(栏目="通知公告"),
        "b.md": item_md(索引号=f"{CODE}/2024-00002", 成文日期="2024-13-01"),
        "c.md": "---\n标题: [未闭合\n---\n",
    }
    rules = sorted(f.rule for f in findings_for(tmp_path, files))
    assert rules == ["column-unknown", "date-invalid", "yaml-syntax"]
