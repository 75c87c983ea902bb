"""`gongkai import FILE.xlsx|csv`: turn a legacy 信息公开目录 spreadsheet into item files.

Owns reading the spreadsheet (openpyxl for .xlsx; CSV in UTF-8 or GBK/GB18030, detected), mapping its columns
索引号/名称/发布机构/成文日期/发布日期/文号/分类 to front matter, mapping 分类 to a 栏目 (exact 栏目名称, its 路径,
or a `旧分类=栏目` mapping), and the per-row report: every row that cannot be converted is listed with its row number
and the reason in Chinese; good rows are written (never over an existing file). Dates may be Excel date cells or text
such as 2024年3月5日, 2024/3/5, 2024.3.5 or 2024-03-05. Rows without a 索引号 get the next free serial of their
发布日期 year (see `gongkai.authoring`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .authoring import AuthoringError, Project, format_serial, item_path, open_project, render_item, used_numbers, write_new
from .checks.identifiers import check_index_no, serial_pattern
from .checks.placeholders import MARK
from .model import Body, Column
from .source import files

# Spreadsheet header -> front-matter key. Legacy catalogs use 指引2008's names; the aliases are the card's labels.
HEADERS: dict[str, str] = {
    "索引号": "索引号",
    "名称": "标题",
    "标题": "标题",
    "信息名称": "标题",
    "发布机构": "发文机关",
    "发文机关": "发文机关",
    "成文日期": "成文日期",
    "生成日期": "成文日期",
    "发布日期": "发布日期",
    "文号": "发文字号",
    "发文字号": "发文字号",
    "分类": "栏目",
    "栏目": "栏目",
}
REQUIRED = ("标题", "发布日期", "栏目")
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*(?:年|/|-|\.)\s*(\d{1,2})\s*(?:月|/|-|\.)\s*(\d{1,2})\s*日?\s*$")
_DATE_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
BODY = (
    MARK
    + "正文待补充：本条由旧目录表格 {source} 第 {row} 行导入。请写入正文或在“附件”中列出文件，再删除这一行（留着这一行的信息不会发布）。\n"
)


@dataclass(slots=True)
class RowProblem:
    row: int
    reasons: list[str]

    def format(self) -> str:
        return f"第 {self.row} 行：" + "；".join(self.reasons)


@dataclass(slots=True)
class ImportResult:
    written: list[tuple[int, Path, str]] = field(default_factory=list)  # (row, path, 索引号)
    problems: list[RowProblem] = field(default_factory=list)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(spreadsheet row number, {front-matter key: raw value}) for each non-empty data row."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        table = _read_xlsx(path)
    elif suffix == ".csv":
        table = _read_csv(path)
    else:
        raise AuthoringError(f"不支持的文件类型「{path.suffix}」：请另存为 .xlsx 或 .csv", code=2)
    header_at, names = -1, []
    for at, header in enumerate(table[:10]):
        names = [_cell_text(h).replace(" ", "").replace("\u3000", "") for h in header]
        if "名称" in names or "标题" in names:
            header_at = at
            break
    if header_at < 0:
        raise AuthoringError(f"{path.name} 前 10 行中找不到表头（应含 索引号、名称、发布机构、成文日期、发布日期、文号、分类）", code=2)
    keys = [HEADERS.get(n) for n in names]
    missing = [k for k in REQUIRED if k not in keys]
    if missing:
        label = {"标题": "名称", "发布日期": "发布日期", "栏目": "分类"}
        raise AuthoringError(f"表头缺少列：{'、'.join(label[k] for k in missing)}", code=2)
    rows = []
    for offset, raw in enumerate(table[header_at + 1 :], start=header_at + 2):
        record = {key: value for key, value in zip(keys, raw, strict=False) if key}
        if any(_cell_text(v) for v in record.values()):
            rows.append((offset, record))
    return rows


def _read_xlsx(path: Path) -> list[list[Any]]:
    try:
        return files.xlsx_rows(path)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise AuthoringError(f"无法读取 {path.name}：{exc}（请用 Excel 或 WPS 另存为 .xlsx）", code=2) from None


def _read_csv(path: Path) -> list[list[Any]]:
    try:
        data = files.read_all(path)
    except OSError as exc:
        raise AuthoringError(f"无法读取 {path}：{exc.strerror}", code=2) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise AuthoringError(f"{path.name} 既不是 UTF-8 也不是 GBK 编码", code=2)
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]


def parse_date(value: Any) -> tuple[dt.date | None, str]:
    """A date from an Excel date cell or text (2024年3月5日, 2024/3/5, 2024-03-05, 20240305)."""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = _cell_text(value)
    m = _DATE_TEXT.match(text) or _DATE_COMPACT.match(text)
    if not m:
        return None, f"「{text}」不是日期（可写 2024-03-05、2024/3/5 或 2024年3月5日）"
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), ""
    except ValueError:
        return None, f"「{text}」不是真实存在的日期"


def _column_for(project: Project, category: str, mapping: Mapping[str, str]) -> tuple[Column | None, str]:
    name = mapping.get(category, category)
    col = project.catalog.by_name.get(name) or project.catalog.by_slug.get(name)
    if col is None or not col.accepts_items:
        hint = f"（按映射为「{name}」）" if name != category else ""
        return None, f"分类「{category}」{hint}不是可放信息的栏目，可用 --map {category}=栏目名称 指定"
    return col, ""


def _dates(rec: dict[str, Any], today: dt.date, reasons: list[str]) -> tuple[dt.date | None, dt.date | None]:
    """A row's 发布日期 (required, not after today) and 成文日期 (optional, not after 发布日期); problems go to `reasons`."""
    published, why = parse_date(rec.get("发布日期")) if _cell_text(rec.get("发布日期")) else (None, "缺少发布日期")
    if published is None:
        reasons.append(f"发布日期{why}" if not why.startswith("缺少") else why)
    elif published > today:
        reasons.append(f"发布日期 {published.isoformat()} 晚于今天（{today.isoformat()}）")
    written = None
    if _cell_text(rec.get("成文日期")):
        written, why = parse_date(rec.get("成文日期"))
        if written is None:
            reasons.append(f"成文日期{why}")
        elif published and written > published:
            reasons.append(f"成文日期 {written.isoformat()} 晚于发布日期 {published.isoformat()}")
    return published, written


def _index_no_reasons(index_no: str, body: Body, year: int | None, used: set[str], seen: Mapping[str, int]) -> list[str]:
    """Why a row's own 索引号 cannot be kept: its form, or a number used in content/ or earlier in the sheet."""
    reasons = []
    for _rule, message, expected, severity in check_index_no(index_no, body.prefix, body.serial_format, year):
        if severity == "error":  # a year part that differs from 发布日期 is kept as the old site had it
            reasons.append(f"{message}（应为 {expected}）")
    if index_no in used:
        reasons.append(f"索引号「{index_no}」已被 content/ 中的信息使用（或曾被使用）")
    elif index_no in seen:
        reasons.append(f"索引号「{index_no}」与第 {seen[index_no]} 行重复")
    return reasons


def _number_the_rest(body: Body, good: list[tuple[int, dict[str, Any]]], taken: set[str]) -> None:
    """Rows without 索引号: next free serial per 发布日期 year, after every number already used or in the sheet."""
    pattern = serial_pattern(body.serial_format)
    highest: dict[int, int] = {}
    for number in taken:
        prefix, _, tail = number.partition("/")
        m = pattern.match(tail)
        if prefix == body.prefix and m:
            year = int(m.group("year"))
            highest[year] = max(highest.get(year, 0), int(m.group("serial")))
    for _row, meta in good:
        if not meta["索引号"]:
            day = meta["发布日期"]
            highest[day.year] = highest.get(day.year, 0) + 1
            meta["索引号"] = f"{body.prefix}/{format_serial(body.serial_format, day, highest[day.year])}"


def convert(
    project: Project,
    rows: Iterable[tuple[int, dict[str, Any]]],
    mapping: Mapping[str, str],
    today: dt.date,
    used: set[str],
) -> tuple[list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    """Validate rows and build their front matter; 索引号 are assigned only after every explicit one is known."""
    body = project.body
    good: list[tuple[int, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for row, rec in rows:
        reasons: list[str] = []
        title = _cell_text(rec.get("标题"))
        if len(title) < 2:
            reasons.append("缺少名称" if not title else f"名称「{title}」太短")
        issuer = _cell_text(rec.get("发文机关"))
        if not issuer:
            reasons.append("缺少发布机构")
        published, written = _dates(rec, today, reasons)
        category = _cell_text(rec.get("栏目"))
        column = None
        if not category:
            reasons.append("缺少分类")
        else:
            column, why = _column_for(project, category, mapping)
            if why:
                reasons.append(why)
        index_no = _cell_text(rec.get("索引号"))
        if index_no:
            reasons += _index_no_reasons(index_no, body, published.year if published else None, used, seen)
            if index_no not in used and index_no not in seen:
                seen[index_no] = row
        if reasons or column is None:  # no column always came with its reason
            problems.append(RowProblem(row, reasons))
            continue
        meta: dict[str, Any] = {"标题": title, "索引号": index_no, "栏目": column.name, "发文机关": issuer}
        doc_no = _cell_text(rec.get("发文字号"))
        if doc_no:
            meta["发文字号"] = doc_no
        if written:
            meta["成文日期"] = written
        meta["发布日期"] = published
        if column.lifecycle:
            meta["有效性"] = {"状态": "有效"}
        good.append((row, meta))
    _number_the_rest(body, good, used | set(seen))
    return good, problems


def run_import(root: Path, source: Path, mapping: Mapping[str, str], today: dt.date, dry_run: bool = False) -> ImportResult:
    project = open_project(root)
    rows = read_rows(source)
    good, problems = convert(project, rows, mapping, today, used_numbers(project))
    result = ImportResult(problems=problems)
    for row, meta in good:
        column = project.catalog.by_name[meta["栏目"]]
        path = item_path(project, column, meta["索引号"], meta["标题"])
        hints = ["# 有效性按“有效”导入，请核对"] if "有效性" in meta else []
        text = render_item(path, root, meta, hints, BODY.format(source=source.name, row=row))
        if path.exists():
            result.problems.append(RowProblem(row, [f"文件 {path.relative_to(root)} 已存在，未覆盖"]))
            continue
        if not dry_run:
            try:
                write_new(path, text)
            except AuthoringError as exc:
                result.problems.append(RowProblem(row, [str(exc)]))
                continue
        result.written.append((row, path, meta["索引号"]))
    result.problems.sort(key=lambda p: p.row)
    return result


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise AuthoringError(f"--map 的写法是 旧分类=栏目名称，现为「{pair}」", code=2)
        out[old.strip()] = new.strip()
    return out
