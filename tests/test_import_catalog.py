"""`gongkai import`: a legacy catalog workbook (made with openpyxl here) and a GBK CSV become items; bad rows are reported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from conftest import CODE, TODAY, gongkai, item_md, make_project
from openpyxl import Workbook

HEADER = ["索引号", "名称", "发布机构", "成文日期", "发布日期", "文号", "分类"]


def workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["示例县政府信息公开目录（旧系统导出）"])  # a title row above the header, as exports have
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def meta_of(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def run_import(root: Path, sheet: Path, *extra: str) -> tuple[int, str, str]:
    proc = gongkai("import", str(sheet), "--root", str(root), "--today", TODAY, *extra, cwd=root)
    return proc.returncode, proc.stdout, proc.stderr


def test_workbook_rows_become_items_and_bad_rows_are_reported_with_reasons(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/old.md": item_md(索引号=f"{CODE}/2024-00005")})
    sheet = workbook(
        tmp_path / "目录.xlsx",
        [
            [
                f"{CODE}/2024-00011",
                "示例县人民政府关于印发示例县停车管理办法的通知",
                "示例县人民政府",
                dt.date(2024, 3, 5),
                dt.datetime(2024, 3, 8),
                "示政发〔2024〕5号",
                "行政规范性文件",
            ],  # row 3: date cells
            [None, "示例县2023年财政决算公开", "示例县财政局", None, "2024年7月1日", None, "预决算"],  # row 4: text date, mapped 分类
            [None, None, "示例县人民政府", None, "2024-03-05", None, "其他文件"],  # row 5: missing title
            [None, "关于春耕的通知", "示例县人民政府办公室", None, "2024/2/30", None, "其他文件"],  # row 6: bad date
            [None, "关于开展走访活动的通知", "示例县人民政府办公室", None, "2024-04-01", None, "新闻动态"],  # row 7: unknown 分类
            [f"{CODE}/2024-00011", "关于重复编号的通知", "示例县人民政府办公室", None, "2024-04-02", None, "其他文件"],  # row 8
            [f"{CODE}/2024-00005", "关于已被使用编号的通知", "示例县人民政府办公室", None, "2024-04-03", None, "其他文件"],  # row 9
            [None, None, None, None, None, None, None],  # empty row: skipped silently
            [None, "关于做好防汛工作的通知", "示例县人民政府办公室", None, "2024.6.3", None, "qtwj"],  # row 11: 路径 as 分类
        ],
    )
    code, out, err = run_import(root, sheet, "--map", "预决算=财政预决算")
    assert code == 1, out + err
    assert "已导入 3 条，未导入 5 行。" in out
    assert "第 5 行：缺少名称" in err
    assert "第 6 行：发布日期「2024/2/30」不是真实存在的日期" in err
    assert "第 7 行：分类「新闻动态」不是可放信息的栏目" in err
    assert f"第 8 行：索引号「{CODE}/2024-00011」与第 3 行重复" in err
    assert f"第 9 行：索引号「{CODE}/2024-00005」已被 content/ 中的信息使用" in err
    assert "第 10 行" not in out + err and "Traceback" not in err

    rule = root / "content/gfxwj/2024-00011-停车管理办法.md"
    assert meta_of(rule) == {
        "标题": "示例县人民政府关于印发示例县停车管理办法的通知",
        "索引号": f"{CODE}/2024-00011",
        "栏目": "行政规范性文件",
        "发文机关": "示例县人民政府",
        "发文字号": "示政发〔2024〕5号",
        "成文日期": dt.date(2024, 3, 5),
        "发布日期": dt.date(2024, 3, 8),
        "有效性": {"状态": "有效"},
    }
    # rows without 索引号 get the next free serials of their year, after every number in content/ and the sheet
    budget = meta_of(root / "content/czyjs/2024-00012-2023年财政决算公开.md")
    assert budget["索引号"] == f"{CODE}/2024-00012" and budget["栏目"] == "财政预决算" and budget["发布日期"] == dt.date(2024, 7, 1)
    assert meta_of(root / "content/qtwj/2024-00013-做好防汛工作.md")["发布日期"] == dt.date(2024, 6, 3)

    # every imported file is complete but for its body: one placeholder error each, at the body line, until staff write it
    check = gongkai("check", "--root", str(root), "--today", TODAY, "--format", "json")
    errors = [f for f in json.loads(check.stdout) if f["severity"] == "error"]
    imported = sorted(p.relative_to(root).as_posix() for p in (root / "content").rglob("*.md") if p.name != "old.md")
    assert sorted(f["file"] for f in errors) == imported and {(f["rule"], f["field"]) for f in errors} == {("placeholder", "正文")}
    for f in errors:
        lines = (root / f["file"]).read_text(encoding="utf-8").splitlines()
        assert lines[f["line"] - 1].startswith("【待填写】正文待补充：本条由旧目录表格")
        (root / f["file"]).write_text("\n".join(lines[: f["line"] - 1]) + "\n正文。\n", encoding="utf-8")
    check = gongkai("check", "--root", str(root), "--today", TODAY, "--format", "json")
    assert [f for f in json.loads(check.stdout) if f["severity"] == "error"] == []


def test_import_never_overwrites_and_a_second_run_reports_the_used_numbers(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    row: list[object] = [f"{CODE}/2025-00002", "关于做好防汛工作的通知", "示例县人民政府办公室", None, "2025-06-03", None, "其他文件"]
    sheet = workbook(tmp_path / "a.xlsx", [row])
    assert run_import(root, sheet)[0] == 0
    target = root / "content/qtwj/2025-00002-做好防汛工作.md"
    target.write_text(target.read_text(encoding="utf-8") + "staff added text\n", encoding="utf-8")
    code, _out, err = run_import(root, sheet)
    assert code == 1 and f"第 3 行：索引号「{CODE}/2025-00002」已被 content/ 中的信息使用" in err
    assert target.read_text(encoding="utf-8").endswith("staff added text\n")


def test_gbk_csv_is_detected_and_imported(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    csv_path = tmp_path / "旧目录.csv"
    row = ",关于做好秋冬季森林防火工作的通知,示例县人民政府办公室,2025年10月8日,2025年10月9日,示政办发〔2025〕12号,其他文件"
    lines = [",".join(HEADER), row]
    csv_path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    code, out, err = run_import(root, csv_path)
    assert code == 0, out + err
    meta = meta_of(root / "content/qtwj/2025-00001-做好秋冬季森林防火工作.md")
    assert meta["标题"] == "关于做好秋冬季森林防火工作的通知" and meta["发文字号"] == "示政办发〔2025〕12号"
    assert meta["成文日期"] == dt.date(2025, 10, 8)


def test_unusable_files_exit_two(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    no_header = tmp_path / "x.csv"
    no_header.write_text("a,b\n1,2\n", encoding="utf-8")
    assert run_import(root, no_header)[0] == 2
    doc = tmp_path / "x.docx"
    doc.write_bytes(b"PK")
    code, _, err = run_import(root, doc)
    assert code == 2 and "不支持的文件类型" in err
    dry = workbook(tmp_path / "d.xlsx", [[None, "关于做好防汛工作的通知", "示例县人民政府办公室", None, "2025-06-03", None, "其他文件"]])
    code, out, _ = run_import(root, dry, "--dry-run")
    assert code == 0 and "可导入 1 条" in out and list((root / "content").rglob("*.md")) == []
