"""政府信息公开工作年度报告 (年报) in the national 2021 format: the report objects and how they are loaded.

It owns: reading one YAML data file per report from `content/年报/` (schema, cell types, dates, each
value's line), consolidated reports (the sum of the listed component reports), and Part 2 counts derived
from the 规章 / 行政规范性文件 items. The national layout is `gongkai.report_layout`, the CSV/JSON downloads
`gongkai.report_export`, the arithmetic rules `gongkai.rules.report`, the pages `gongkai.mkdocs_plugins.report`.
Nothing here knows about MkDocs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import yaml

from . import render, schema
from .checks import privacy
from .checks.dates import parse_date
from .checks.identifiers import check_index_no
from .model import AnnualReport as AnnualReport  # re-exported: rules, views and plugins write rp.AnnualReport
from .model import Cells as Cells
from .model import Finding, SeverityName
from .model import Number as Number
from .report_layout import Layout as Layout  # re-exported with load_layout, as above
from .report_layout import Row
from .report_layout import load_layout as load_layout
from .source.yamlfile import read_data_file

if TYPE_CHECKING:
    from .model import Model

REPORT_DIR = "年报"
"""Report data files live in `content/年报/*.yml` (Markdown items there are old-format reports)."""
SCHEMA_FILE = "catalog_schema/annual_report.schema.json"
PROSE_KEYS = ("总体情况", "存在的主要问题及改进情况", "其他需要报告的事项")
ENDED_STATES = ("已修改", "已失效", "已废止")
REPEALED_STATES = ("已失效", "已废止")

class _Blank(enum.Enum):
    """A cell left empty (distinct from None, an invalid cell); an enum member so that `cell is _BLANK` narrows types."""

    BLANK = "blank"


_BLANK: Final = _Blank.BLANK


# ---------------------------------------------------------------- reading files


def _record(node: yaml.Node, prefix: str, lines: dict[str, int], texts: dict[str, str], dups: list[tuple[str, int]]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            if key in lines:
                dups.append((key, key_node.start_mark.line + 1))
            lines[key] = key_node.start_mark.line + 1
            _record(value_node, key + "/", lines, texts, dups)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            lines[f"{prefix}{i}"] = child.start_mark.line + 1
            _record(child, f"{prefix}{i}/", lines, texts, dups)
    elif isinstance(node, yaml.ScalarNode):
        texts[prefix.rstrip("/")] = node.value


def report_files(docs_dir: str | Path) -> list[tuple[str, Path]]:
    """(src_uri, path) of every report data file, sorted."""
    base = Path(docs_dir) / REPORT_DIR
    if not base.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.endswith((".yml", ".yaml")) and not name.startswith((".", "_")):
                path = Path(dirpath) / name
                out.append((path.relative_to(docs_dir).as_posix(), path))
    return sorted(out)


def is_report_data(src_uri: str, prefix: str = "") -> bool:
    """A 年报 data file of the body whose folder is `prefix` ("" for the 本级政府: content/年报/)."""
    return src_uri.startswith(prefix + REPORT_DIR + "/") and src_uri.endswith((".yml", ".yaml"))


BLANK_TEXTS = frozenset({"", "-", "—", "－", "–", "/", "／", "无"})
"""What real reports print in a cell they leave empty: accepted (a warning) and counted as 0."""


def _derived_slug(src_uri: str, name: str, year: int) -> str:
    """A URL part for another body's report without 路径: the file name when it is lowercase ASCII, else a hash of the name."""
    stem = Path(src_uri).stem.lower().removeprefix(str(year)).strip("-_")
    if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", stem):
        return stem
    return "jg" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def _shown(value: Any) -> str:
    """A value as a message shows it: YAML-like, at most 40 characters."""
    text = "空" if value is None else str(value)
    return text if len(text) <= 40 else text[:40] + "……"


def printed_p3_rows(layout: Layout, collapsed: set[str] | frozenset[str]) -> tuple[Row, ...]:
    """Part 3 rows as a report prints them: a group in `collapsed` is one result row keyed by the group."""
    rows: list[Row] = []
    for row in layout.p3_rows:
        group = row.key.split("/", 1)[0] if "/" in row.key else ""
        if group in collapsed:
            if not any(r.key == group for r in rows):
                rows.append(Row(group, row.group, result=True))
            continue
        rows.append(row)
    return tuple(rows)


def _both(lines: dict[str, int], texts: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The line and text tables of a 年报 file, whose keys are renamed together."""
    return lines, texts


class _Reader:
    """Turns one data file into an `AnnualReport`, collecting findings (file, line, Chinese message).

    Errors are collected, never fatal: a schema problem in one part leaves every other part's numbers
    in place, so the sums that do not depend on it are still checked. Only a file that is not YAML
    mapping at all gives no report. What real reports do differently from the format (blank cells,
    （六） printed as one row, label typos, no 规章 row) becomes a check-only warning in `notes`.
    """

    def __init__(self, model: Model, layout: Layout, findings: list[Finding]) -> None:
        self.model = model
        self.layout = layout
        self.findings = findings
        self.root = Path(model.root)

    def read(self, src_uri: str, path: Path) -> AnnualReport | None:
        shown = os.path.relpath(path, self.root)
        df = read_data_file(path)
        if df.error:
            rule, line, message, expected = df.error
            text = f"年报数据{message}" if rule == "yaml-syntax" else message
            self.findings.append(Finding(shown, line, rule, "error", text, expected=expected))
            return None
        data, node = df.data, df.node
        if node is None or not isinstance(data, dict):
            self.findings.append(Finding(shown, 1, "yaml-syntax", "error", "年报数据文件应是“字段: 值”的列表", expected="参照示例年报填写"))
            return None
        lines: dict[str, int] = {}
        texts: dict[str, str] = {}
        dups: list[tuple[str, int]] = []
        _record(node, "", lines, texts, dups)
        notes: list[Finding] = []
        self._aliases(data, "", lines, texts, shown, notes)
        for part in ("第二部分", "第三部分", "第四部分"):
            if isinstance(data.get(part), dict):
                self._aliases(data[part], part + "/", lines, texts, shown, notes)
        for group in ("不予公开", "无法提供", "不予处理", "其他处理"):
            p3 = data.get("第三部分")
            if isinstance(p3, dict) and isinstance(p3.get(group), dict):
                self._aliases(p3[group], f"第三部分/{group}/", lines, texts, shown, notes)
        unknown = self._mapping_rows(data, lines, texts, shown, notes)
        self._drop_unknown(data, "", schema.document(self.root / SCHEMA_FILE), lines, shown, notes)
        errors = unknown + schema.validate(data, self.root / SCHEMA_FILE, shown, lines)
        for key, line in dups:
            errors.append(Finding(shown, line, "duplicate-key", "error", f"字段「{key}」写了两次，只会保留后一个值", field=key))
        self.findings.extend(errors)
        report = self._build(src_uri, shown, data, lines, texts, notes)
        return replace(report, sound=False) if errors else report

    def _aliases(
        self, mapping: dict[Any, Any], prefix: str, lines: dict[str, int], texts: dict[str, str], shown: str, notes: list[Finding]
    ) -> None:
        """Rename keys real reports misspell (layout `常见错字`) to the format's key, with a warning naming both."""
        for wrong, right in self.layout.aliases.items():
            if wrong not in mapping or right in mapping:
                continue
            mapping[right] = mapping.pop(wrong)
            old, new = prefix + wrong, prefix + right
            for table in _both(lines, texts):
                for key in [k for k in table if k == old or k.startswith(old + "/")]:
                    table[new + key[len(old) :]] = table[key]
            notes.append(
                Finding(
                    shown,
                    lines.get(new, 1),
                    "report-label-typo",
                    "warning",
                    f"「{wrong}」按「{right}」读取（标签有错字）",
                    field=new,
                    expected=right,
                )
            )

    def _drop_unknown(
        self, data: dict[Any, Any], prefix: str, node: Mapping[str, Any], lines: dict[str, int], shown: str, notes: list[Finding]
    ) -> None:
        """Leave out keys the format does not have (a source note, a third-party 小计 row), with a warning: every required
        row and section is checked by itself, so a misspelt key still surfaces as the missing one."""
        known = node.get("properties", {})
        for key in [k for k in data if k not in known]:
            data.pop(key)
            close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.5)
            notes.append(
                Finding(
                    shown,
                    lines.get(f"{prefix}{key}", 1),
                    "report-unknown-field",
                    "warning",
                    f"「{prefix}{key}」不是年报格式中的字段，已忽略" + (f"（是否应为「{close[0]}」？）" if close else ""),
                    field=f"{prefix}{key}",
                    expected="可用字段：" + "、".join(known),
                )
            )
        for key, sub in known.items():
            if isinstance(data.get(key), dict) and "properties" in sub:
                self._drop_unknown(data[key], f"{prefix}{key}/", sub, lines, shown, notes)

    def _row_specs(self) -> list[tuple[str, tuple[str, ...], frozenset[str]]]:
        """(data path, column labels, keys that mean "not a row") of every table row, and of each （三）–（六）
        group printed as one row (a mapping holding one of its reason keys, such as 其他, is the group itself)."""
        lay = self.layout
        none: frozenset[str] = frozenset()
        specs = [(f"第二部分/{row.key}", g.columns, none) for g in lay.p2_groups for row in g.rows]
        specs += [(f"第三部分/{row.key}", lay.p3_columns, none) for row in lay.p3_rows]
        for key, _ in lay.p3_group_keys:
            reasons = frozenset(r.key.split("/", 1)[1] for r in lay.p3_rows if r.key.startswith(key + "/"))
            specs.append((f"第三部分/{key}", lay.p3_columns, reasons))
        return specs + [(f"第四部分/{row.key}", lay.p4_columns, none) for row in lay.p4_rows]

    def _mapping_rows(
        self, data: dict[str, Any], lines: dict[str, int], texts: dict[str, str], shown: str, notes: list[Finding]
    ) -> list[Finding]:
        """Rows written as `列名: 值` mappings (as a table converter writes them) become lists in column order; a
        missing column is blank, a misspelt label is read with a warning, an unknown label is an error."""
        errors: list[Finding] = []
        for path, columns, reasons in self._row_specs():
            *parents, key = path.split("/")
            parent: Any = data
            for step in parents:
                parent = parent.get(step) if isinstance(parent, dict) else None
            node = parent.get(key) if isinstance(parent, dict) else None
            if not isinstance(node, dict) or not node or reasons.intersection(node):
                continue
            self._aliases(node, path + "/", lines, texts, shown, notes)
            if not any(k in columns for k in node):
                continue  # a group of reason rows, or something the schema will name
            for label in (k for k in node if k not in columns):
                where = path.replace("/", " → ")
                line = lines.get(f"{path}/{label}", 1)
                message = f"{where}：没有「{label}」这一列"
                field = f"{path}/{label}"
                errors.append(Finding(shown, line, "report-column-unknown", "error", message, field=field, expected="、".join(columns)))
            for i, label in enumerate(columns):
                for table in _both(lines, texts):
                    if f"{path}/{label}" in table:
                        table[f"{path}/{i}"] = table[f"{path}/{label}"]
                lines.setdefault(f"{path}/{i}", lines.get(path, 1))
            parent[key] = [node.get(label) for label in columns]
        return errors

    def _header(self, data: dict[str, Any], add: Any) -> tuple[int, str, str, bool]:
        """年度, 机关名称, 机关类型 (schema problems already reported; unusable ones give 0 / "") and whether all three are usable."""
        year = data.get("年度")
        name = data.get("机关名称")
        kind = data.get("机关类型")
        if not isinstance(year, int) or isinstance(year, bool) or not 2008 <= year <= 2999:
            year = None  # the schema names the problem (条例 in force from 2008; no date arithmetic on absurd years)
        ok = year is not None and isinstance(name, str) and name.strip() != ""
        ok = ok and isinstance(kind, str) and kind in self.layout.deadlines
        return (
            (year if isinstance(year, int) and not isinstance(year, bool) else 0),
            (name.strip() if isinstance(name, str) else ""),
            (kind if isinstance(kind, str) else ""),
            ok,
        )

    def _build(
        self, src_uri: str, shown: str, data: dict[str, Any], lines: dict[str, int], texts: dict[str, str], notes: list[Finding]
    ) -> AnnualReport:
        lay = self.layout
        start = len(self.findings)

        def add(rule: str, key: str, message: str, expected: str = "", severity: SeverityName = "error") -> None:
            line = lines.get(key, 1)
            target = notes if severity == "warning" else self.findings
            target.append(Finding(shown, line, rule, severity, message, field=key, expected=expected))

        year, name, body_type, usable = self._header(data, add)
        if usable and year < lay.first_year:
            add(
                "report-format-year",
                "年度",
                f"{year}年度的年报不适用{lay.source}格式",
                f"{lay.first_year}年度及以后的年报用本格式；更早的年报作为普通信息（Markdown）发布在“政府信息公开年报”栏目",
            )
        own = name == (self.model.body.name if self.model.body else "")
        standalone = data.get("单独发布", True) is not False
        published = self._published(data, year, standalone, add)
        slug = self._slug(src_uri, data, name, year, own, standalone, add)
        index_no = data.get("索引号", "") if isinstance(data.get("索引号"), str) else ""
        if index_no and own and self.model.body is not None:
            for rule, message, expected, severity in check_index_no(
                index_no, self.model.body.prefix, self.model.body.serial_format, published.year if published else None
            ):
                add(rule, "索引号", message, expected, severity)
        components = self._components(src_uri, data, add)
        self._prose_present(data, standalone, shown, lines, add)
        p3_raw = data.get("第三部分")
        collapsed = {g for g, _ in lay.p3_group_keys if isinstance(p3_raw, dict) and isinstance(p3_raw.get(g), list)}
        invalid: set[str] = set()
        part2 = self._part2(data.get("第二部分"), texts, invalid, add)
        part3 = self._table(p3_raw, "第三部分", printed_p3_rows(lay, collapsed), lay.p3_columns, invalid, add)
        part4 = self._table(data.get("第四部分"), "第四部分", lay.p4_rows, lay.p4_columns, invalid, add)
        for g, label in lay.p3_group_keys:
            if g in collapsed:
                message = f"第三部分{label}印成了一行（国家格式分列各项原因）：按一行读取，计入（七）总计"
                add("report-group-one-row", f"第三部分/{g}", message, f"{g}: 下分各项原因，每项 7 个数", "warning")
        prose = {k: str(data[k]).strip() if isinstance(data.get(k), str) else "" for k in PROSE_KEYS}
        return AnnualReport(
            src_uri=src_uri,
            file=shown,
            year=year,
            body=name,
            body_type=body_type,
            slug=slug,
            published=published,
            index_no=index_no,
            standalone=standalone,
            own_body=own,
            components=components,
            part2=part2,
            part3=part3,
            part4=part4,
            prose=prose,
            lines=lines,
            sound=not any(f.severity == "error" for f in self.findings[start:]),
            usable=usable,
            invalid=frozenset(invalid),
            collapsed=frozenset(collapsed),
            notes=tuple(notes),
            prefix=self.model.prefix,
        )

    @staticmethod
    def _slug(src_uri: str, data: dict[str, Any], name: str, year: int, own: bool, standalone: bool, add: Any) -> str:
        """路径 of another body's report; without one, a URL part from the file name (a check warning)."""
        slug = data.get("路径", "") if isinstance(data.get("路径"), str) else ""
        if standalone and not own and not slug and "路径" not in data:
            slug = _derived_slug(src_uri, name, year)
            add(
                "report-slug-missing",
                "机关名称",
                f"「{name}」不是本站机关，年报没有写“路径”：网址暂用 nianbao/{year}-{slug}/（改文件名会改变网址）",
                "路径: 小写字母或数字，例如 jyj",
                "warning",
            )
        return slug

    def _published(self, data: dict[str, Any], year: int, standalone: bool, add: Any) -> dt.date | None:
        if "发布日期" not in data:
            if standalone:
                add("report-date-missing", "发布日期", "单独发布的年报必须写发布日期", "发布日期: YYYY-MM-DD")
            return None
        if not isinstance(data["发布日期"], str):
            return None  # the schema names the wrong type
        published, why = parse_date(data["发布日期"])
        if published is None:
            add("date-invalid", "发布日期", why, "YYYY-MM-DD")
        elif published > self.model.today:
            add(
                "date-future",
                "发布日期",
                f"发布日期 {published.isoformat()} 晚于今天（{self.model.today.isoformat()}）",
                "不晚于今天的日期",
            )
        elif year and published.year <= year:
            add(
                "report-date-early",
                "发布日期",
                f"{year}年度的年报不能在{published.year}年发布（{published.isoformat()}）",
                f"{year + 1}年的日期",
            )
        return published

    def _components(self, src_uri: str, data: dict[str, Any], add: Any) -> tuple[str, ...]:
        tables = [k for k in ("第二部分", "第三部分", "第四部分") if k in data]
        if "合并" not in data:
            for key in ("第二部分", "第三部分", "第四部分"):
                if key not in data:
                    add("schema", key, f"缺少必填字段「{key}」", "按示例年报填写表格数据；汇总年报改写“合并”")
            return ()
        listed = data["合并"] if isinstance(data["合并"], list) else []
        base = Path(src_uri).parent
        for key in tables:
            add("report-merge-tables", key, f"汇总年报的{key}由“合并”列出的年报相加得出，不应再填写", f"删除{key}，或删除“合并”")
        return tuple(os.path.normpath(base / c).replace(os.sep, "/") for c in listed if isinstance(c, str))

    def _prose_present(self, data: dict[str, Any], standalone: bool, shown: str, lines: dict[str, int], add: Any) -> None:
        for key in PROSE_KEYS:
            if key in data:
                if isinstance(data[key], str):
                    self._scan_prose(shown, key, data[key], lines)
            elif standalone:
                add(
                    "report-section-missing",
                    "机关名称",
                    f"缺少“{self.layout.heading(key)}”的内容（条例第五十条）",
                    f"加一段“{key}: |”，下一行起缩进两格写正文（可用 Markdown）",
                )

    def _part2(self, raw: Any, texts: dict[str, str], invalid: set[str], add: Any) -> dict[str, Cells]:
        part2: dict[str, Cells] = {}
        if not isinstance(raw, dict):
            return part2
        for group in self.layout.p2_groups:
            for row in group.rows:
                value = raw.get(row.key)
                if row.key not in raw:
                    continue
                path = f"第二部分/{row.key}"
                width = len(group.columns)
                values = value if isinstance(value, list) else [value]
                if len(values) != width:
                    invalid.add(path)  # the schema names the wrong length
                    continue
                cells: list[Number | None] = []
                blanks: list[str] = []
                for i, v in enumerate(values):
                    at = f"{path}/{i}" if isinstance(value, list) else path
                    where = f"第二部分 {row.label} · {group.columns[i]}"
                    cell: Number | _Blank | None
                    if row.amount:
                        cell = self._amount(texts.get(at) if not isinstance(v, list | dict) else None, v, where, at, add)
                    else:
                        cell = self._count(v, where, at, add)
                    if cell is _BLANK:
                        blanks.append(group.columns[i])
                        cells.append(None)
                    elif cell is None:
                        invalid.add(f"{path}/{i}")
                        cells.append(None)
                    else:
                        cells.append(cell)
                self._blank_note(blanks, f"第二部分 {row.label}", path, add)
                part2[row.key] = tuple(cells)
        return part2

    def _table(self, raw: Any, part: str, rows: tuple[Row, ...], columns: tuple[str, ...], invalid: set[str], add: Any) -> dict[str, Cells]:
        out: dict[str, Cells] = {}
        if not isinstance(raw, dict):
            return out
        for row in rows:
            node: Any = raw
            for step in row.key.split("/"):
                node = node.get(step) if isinstance(node, dict) else None
            if not isinstance(node, list) or len(node) != len(columns):
                continue  # missing or misshapen: the schema says so; sums that need this row are skipped
            cells: list[Number | None] = []
            blanks: list[str] = []
            for i, value in enumerate(node):
                cell = self._count(value, f"{part}{row.name} · {columns[i]}", f"{part}/{row.key}/{i}", add)
                if cell is _BLANK:
                    blanks.append(columns[i])
                    cells.append(None)
                elif cell is None:
                    invalid.add(f"{part}/{row.key}/{i}")
                    cells.append(None)
                else:
                    cells.append(cell)
            self._blank_note(blanks, f"{part}{row.name}", f"{part}/{row.key}", add)
            out[row.key] = tuple(cells)
        return out

    @staticmethod
    def _blank_note(blanks: list[str], where: str, at: str, add: Any) -> None:
        if blanks:
            add(
                "report-cell-blank",
                at,
                f"{where}：{'、'.join(blanks)} 空白，按 0 计算",
                "没有发生的填 0",
                "warning",
            )

    @staticmethod
    def _count(value: Any, where: str, at: str, add: Any) -> int | Literal[_Blank.BLANK] | None:
        """A count: a non-negative integer (also written "12" or 12.0); blank → `_BLANK`; anything else → error, None."""
        if value is None or (isinstance(value, str) and value.strip() in BLANK_TEXTS):
            return _BLANK
        if isinstance(value, bool):
            pass
        elif isinstance(value, int):
            if value >= 0:
                return value
        elif isinstance(value, float):
            if value >= 0 and value.is_integer():
                return int(value)
        elif isinstance(value, str) and value.strip().isdecimal():
            return int(value.strip())
        elif isinstance(value, str) and re.fullmatch(r"\d{1,3}(,\d{3})+", value.strip()):
            number = int(value.strip().replace(",", ""))
            add("report-cell-comma", at, f"{where}：「{value.strip()}」含千位分隔符，按 {number} 读取", str(number), "warning")
            return number
        add("report-cell", at, f"{where}：应为非负整数，实为 {_shown(value)}", "0 或正整数（件数）")
        return None

    def _amount(self, text: str | None, value: Any, where: str, at: str, add: Any) -> Decimal | Literal[_Blank.BLANK] | None:
        """The fee in 万元, exactly as written (Decimal from the YAML text: 24252.311082 keeps its six places)."""
        if value is None or (isinstance(value, str) and value.strip() in BLANK_TEXTS):
            return _BLANK
        amount = None
        raw = str(text if text is not None else value).strip()
        if not isinstance(value, bool | list | dict):
            try:
                amount = Decimal(raw.replace(",", "")) if "_" not in raw else None
            except InvalidOperation:
                amount = None
        if amount is None or not amount.is_finite() or amount < 0:
            add(
                "report-amount",
                at,
                f"{where}：应为非负金额（万元），实为 {_shown(value)}",
                "例如 12.3456 或 24252.311082（单位：万元，照原文填写）",
            )
            return None
        if "," in raw:
            add("report-amount-comma", at, f"{where}：「{raw}」含千位分隔符，按 {format(amount, 'f')} 读取", format(amount, "f"), "warning")
        return amount

    def _scan_prose(self, shown: str, key: str, text: Any, lines: dict[str, int]) -> None:
        text = str(text)
        line0 = lines.get(key, 1)
        for rule, kind, offset, value in privacy.scan(text):
            self.findings.append(
                Finding(
                    shown,
                    line0 + 1 + text.count("\n", 0, offset),
                    rule,
                    privacy.severity(rule),
                    f"{key}含有{kind}：{privacy.mask(rule, value)}（条例第十五条，个人隐私不予公开）",
                    field=key,
                    expected=privacy.fix(rule),
                )
            )
        self.findings.extend(render.for_root(self.root).findings(shown, text, line0 + 1, key, label=key))


# ---------------------------------------------------------------- Part 2 from the items (DOMAIN §2.4)


@dataclass(frozen=True, slots=True)
class Part2Count:
    issued: int  # 本年制发: 成文日期 (else 发布日期) within the year
    repealed: int  # 本年废止: 状态 已废止/已失效 (as computed for the build date, so a lapsed 有效期 counts) within the year
    current: int  # 现行有效 on 12月31日: issued by then, not 已修改/已失效/已废止 by then, 施行日期 (if any) reached

    def as_cells(self) -> Cells:
        return (self.issued, self.repealed, self.current)


def derive_part2(model: Model, years: set[int]) -> dict[int, dict[str, Part2Count]]:
    """Count 规章 and 行政规范性文件 per year from every item of those columns, public or not.

    One pass over the items to pick the two columns (O(N)), then O(k·years) over those k documents.
    A column the body's level does not have (规章 below 设区的市级) counts 0.
    """
    layout = load_layout(model.root)
    docs: dict[str, list[tuple[dt.date, dt.date | None, bool, dt.date | None]]] = {k: [] for k in layout.p2_columns_by_key}
    wanted = {}
    for key, name in layout.p2_columns_by_key.items():
        col = model.catalog.by_name.get(name)
        if col is not None:
            wanted[col.slug] = key
    for item in model.items:
        wanted_key = wanted.get(item.column.slug)
        if wanted_key is None:
            continue
        issued = item.written or item.published
        v = item.validity  # state and date computed from the dates (model.Validity): 有效期 lapses count
        ended = v.date if v is not None and v.state in ENDED_STATES else None
        repealed = v is not None and v.state in REPEALED_STATES
        docs[wanted_key].append((issued, ended, repealed, v.effective if v is not None else None))
    out: dict[int, dict[str, Part2Count]] = {}
    for year in years:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        out[year] = {
            key: Part2Count(
                issued=sum(1 for d in rows if start <= d[0] <= end),
                repealed=sum(1 for d in rows if d[2] and d[1] is not None and start <= d[1] <= end),
                current=sum(1 for d in rows if d[0] <= end and (d[1] is None or d[1] > end) and (d[3] is None or d[3] <= end)),
            )
            for key, rows in docs.items()
        }
    return out


# ---------------------------------------------------------------- loading all reports


def _sum_cells(tables: list[Mapping[str, Cells]]) -> dict[str, Cells]:
    """Cell-wise sums; a blank (None) adds nothing, and a cell blank in every table stays blank."""
    out: dict[str, Cells] = {}
    for table in tables:
        for key, row in table.items():
            if key not in out:
                out[key] = row
            elif len(out[key]) == len(row):
                out[key] = tuple(b if a is None else a if b is None else a + b for a, b in zip(out[key], row, strict=True))
    return out


def _fold(part3: Mapping[str, Cells], groups: frozenset[str]) -> Mapping[str, Cells]:
    """Part 3 with the reason rows of `groups` summed into one row per group (to add reports printed either way)."""
    if not groups:
        return part3
    out: dict[str, Cells] = {}
    for key, row in part3.items():
        group = key.split("/", 1)[0]
        if group in groups and "/" in key:
            out[group] = _sum_cells([{group: out[group]}, {group: row}])[group] if group in out else row
        else:
            out[key] = row
    return out


def _part2_missing(r: AnnualReport, layout: Layout, derived: dict[int, dict[str, Part2Count]], findings: list[Finding]) -> AnnualReport:
    """Part 2 rows a report leaves out: the site's own body counts them from its items; another body's missing
    规章 row is a warning (most bodies have no power to make 规章); any other missing row is an error.
    Returns the report with the counted rows, the warnings and its soundness (a new one when anything changed)."""
    missing = tuple(k for k in layout.p2_columns_by_key if k not in r.part2 and f"第二部分/{k}" not in r.invalid)
    if not missing or not isinstance(r.lines, dict):
        return r
    if r.own_body and r.year in derived:
        counted = {k: derived[r.year][k].as_cells() for k in missing}
        return replace(r, part2={**r.part2, **counted}, derived=missing)
    notes: list[Finding] = []
    sound = r.sound
    for k in missing:
        if k == "规章":
            notes.append(
                Finding(
                    r.file,
                    r.line("第二部分"),
                    "report-no-rules-row",
                    "warning",
                    "第二部分没有“规章”一行（没有规章制定权的机关常见）：页面上这一行显示为“—”",
                    field="第二部分/规章",
                    expected="规章: [本年制发件数, 本年废止件数, 现行有效件数]，没有的填 [0, 0, 0]",
                )
            )
            continue
        findings.append(
            Finding(
                r.file,
                r.line("第二部分"),
                "schema",
                "error",
                f"第二部分缺少「{k}」：只有本站机关的年报可以由本站信息统计",
                field=f"第二部分/{k}",
                expected=f"{k}: [本年制发件数, 本年废止件数, 现行有效件数]",
            )
        )
        sound = False
    return replace(r, notes=r.notes + tuple(notes), sound=sound)


def _consolidate(
    reports: list[AnnualReport], findings: list[Finding], outside: Mapping[str, AnnualReport] | None = None
) -> list[AnnualReport]:
    """Consolidated reports: the sum of their components, resolved depth-first with cycle detection.

    Returns the reports in the same order, each consolidated one replaced by its summed copy (whose `parts` are
    the resolved components; in a cycle, the component met again is the one read from its file).
    `outside`: components found elsewhere — on a platform, the other bodies' own reports by their path under
    content/ (`jyty/年报/2025.yml`), and in place of the copies they supersede (`_superseded`). They are resolved
    in their own body already, so they are summed as they are.
    """
    by_src = {r.src_uri: r for r in reports}
    outside = outside or {}
    done: dict[str, AnnualReport] = {}
    busy: set[str] = set()

    def resolve(r: AnnualReport) -> AnnualReport:
        if r.src_uri in done:
            return done[r.src_uri]
        if r.src_uri in busy:
            findings.append(
                Finding(r.file, r.line("合并"), "report-merge-cycle", "error", "汇总年报的“合并”形成循环（A 包含 B，B 又包含 A）")
            )
            return replace(r, sound=False)
        busy.add(r.src_uri)
        out = _merge(r, by_src, outside, resolve, findings) if r.consolidated else r
        done[r.src_uri] = out
        return out

    return [resolve(r) for r in reports]


def _merge(
    r: AnnualReport,
    by_src: dict[str, AnnualReport],
    outside: Mapping[str, AnnualReport],
    resolve: Callable[[AnnualReport], AnnualReport],
    findings: list[Finding],
) -> AnnualReport:
    """One consolidated report summed from its resolved components; a missing or other-year component is an error."""
    ok = r.sound
    parts = []
    for n, src in enumerate(r.components):
        part = outside.get(src) or by_src.get(src)
        at = f"合并/{n}"
        if part is None:
            findings.append(
                Finding(
                    r.file,
                    r.line(at),
                    "report-merge-missing",
                    "error",
                    f"合并的年报「{src}」不存在",
                    field=at,
                    expected="content/年报/ 下的年报数据文件",
                )
            )
            ok = False
            continue
        if part.year != r.year:
            findings.append(
                Finding(
                    r.file,
                    r.line(at),
                    "report-merge-year",
                    "error",
                    f"合并的年报「{src}」是{part.year}年度的，本报告是{r.year}年度",
                    field=at,
                )
            )
            ok = False
        part = part if src in outside else resolve(part)
        ok = part.sound and ok
        parts.append(part)
    collapsed: frozenset[str] = frozenset().union(*(p.collapsed for p in parts)) if parts else frozenset()
    return replace(
        r,
        parts=tuple(parts),
        invalid=frozenset().union(*(p.invalid for p in parts)) if parts else frozenset(),
        collapsed=collapsed,
        part2=_sum_cells([p.part2 for p in parts]),
        part3=_sum_cells([_fold(p.part3, collapsed) for p in parts]),
        part4=_sum_cells([p.part4 for p in parts]),
        sound=ok,
    )


def _check_unique(model: Model, reports: list[AnnualReport], findings: list[Finding]) -> None:
    """One report per body and year, one URL per page, and an 索引号 no item uses."""
    seen: dict[tuple[str, int], AnnualReport] = {}
    urls: dict[str, AnnualReport] = {}
    for r in reports:
        if (r.body, r.year) in seen:
            findings.append(
                Finding(
                    r.file,
                    r.line("年度"),
                    "report-duplicate",
                    "error",
                    f"{r.body}{r.year}年度的年报重复（另见 {seen[(r.body, r.year)].file}）",
                    field="年度",
                )
            )
            continue
        seen[(r.body, r.year)] = r
        if r.standalone:
            other = urls.get(r.url)
            if other is not None:
                findings.append(Finding(r.file, r.line("路径"), "report-url", "error", f"网址 {r.url} 与 {other.file} 相同", field="路径"))
            urls[r.url] = r
        if r.index_no:
            item = model.by_index_no.get(r.index_no)
            if item is not None:
                findings.append(
                    Finding(
                        r.file,
                        r.line("索引号"),
                        "index-duplicate",
                        "error",
                        f"索引号「{r.index_no}」与 {item.src_uri} 重复",
                        field="索引号",
                    )
                )


@dataclass(frozen=True, slots=True)
class BodyReports:
    """The other platform bodies' own reports (issue #18), which the 本级政府's consolidated reports are built from.

    `by_path`: each report by its file under content/ (`jyty/年报/2025.yml`: what `合并: [../jyty/年报/2025.yml]` in
    content/年报/ names); `by_body_year`: each body's own standalone report by (机关名称, 年度)."""

    by_path: Mapping[str, AnnualReport]
    by_body_year: Mapping[tuple[str, int], AnnualReport]

    @classmethod
    def of(cls, models: Iterable[Model]) -> BodyReports:
        by_path: dict[str, AnnualReport] = {}
        by_body_year: dict[tuple[str, int], AnnualReport] = {}
        for m in models:
            for r in m.reports:
                if r.own_body and not r.consolidated:
                    by_path[m.prefix + r.src_uri] = r
                    if r.standalone:
                        by_body_year[(r.body, r.year)] = r
        return cls(by_path, by_body_year)


def _superseded(reports: list[AnnualReport], bodies: BodyReports, findings: list[Finding]) -> dict[str, AnnualReport]:
    """Copies of a platform body's own report kept in the 本级政府's folder (e.g. content/年报/2025-jyty.yml): the body's
    file wins. The copy gets no page (the body's report has one under its prefix) and every consolidated report that
    lists it sums the body's file instead; its own sums are still checked. A note (提示) names both files and says
    whether their numbers differ. Returns copy src_uri → the body's report."""
    out: dict[str, AnnualReport] = {}
    for r in reports:
        own = None if r.own_body or r.consolidated else bodies.by_body_year.get((r.body, r.year))
        if own is None:
            continue
        out[r.src_uri] = own
        same = (r.part2, r.part3, r.part4) == (own.part2, own.part3, own.part4)
        differ = "，数字与本文件相同" if same else "；两个文件的数字不同，以该机关的文件为准"
        message = (
            f"{r.body}{r.year}年度年报在平台上有该机关自己的文件 {own.file}：汇总年报改用该文件，本文件不再单独生成页面{differ}"
        )
        fix = f"删除本文件；汇总年报的“合并”直接写该机关的文件：../{own.prefix}{own.src_uri}"
        findings.append(Finding(r.file, r.line("机关名称"), "report-copy", "info", message, field="机关名称", expected=fix))
    return out


def load_reports(model: Model, bodies: BodyReports | None = None) -> tuple[list[Finding], list[AnnualReport]]:
    """Read every report file once, derive and consolidate (the loader keeps the result on the model).

    Returns the findings and every report read, including those whose 年度/机关名称/机关类型 are unusable
    (no page, no carry-over), so that their sums are still checked; the usable ones are `model.reports`.
    `bodies`: for the 本级政府 of a platform, the other bodies' own reports (consolidated reports use them; a copy
    of one in the 本级政府's folder is superseded: not usable, no page).
    """
    findings: list[Finding] = []
    files = report_files(model.docs_dir)
    if not files:
        return findings, []
    layout = load_layout(model.root)
    reader = _Reader(model, layout, findings)
    every = [r for r in (reader.read(src, path) for src, path in files) if r is not None]
    reports = [r for r in every if r.usable]

    # Part 2 rows the site's own (non-consolidated) reports leave out are counted from the items.
    own_years = {r.year for r in reports if r.own_body and not r.consolidated}
    derived = derive_part2(model, own_years) if own_years else {}
    reports = [r if r.consolidated else _part2_missing(r, layout, derived, findings) for r in reports]
    outside: dict[str, AnnualReport] = {}
    if bodies is not None:
        copies = _superseded(reports, bodies, findings)
        outside = {**bodies.by_path, **copies}
        every = [replace(r, usable=False) if r.src_uri in copies else r for r in every]
        reports = [r for r in reports if r.src_uri not in copies]
    reports = _consolidate(reports, findings, outside)
    _check_unique(model, reports, findings)
    final = {r.src_uri: r for r in reports}
    return findings, [final.get(r.src_uri, r) for r in every]


def previous_report(model: Model, report: AnnualReport) -> AnnualReport | None:
    for r in model.reports:
        if r.body == report.body and r.year == report.year - 1:
            return r
    return None


def deadline(layout: Layout, report: AnnualReport) -> dt.date:
    month, day = layout.deadlines[report.body_type]
    return dt.date(report.year + 1, month, day)


ON_TIME, LATE, MISSING, NOT_DUE = "按时发布", "逾期发布", "未发布", "未到期"
"""The states of a body's report for last year (`last_year`)."""


@dataclass(frozen=True, slots=True)
class LastYear:
    """A body's 年报 for the year before `today`: when it is due (条例第四十九条, by the body's 机关类型) and its state."""

    year: int
    kind: str  # the deadline the body keeps: 人民政府 / 政府部门
    due: dt.date
    report: AnnualReport | None  # the body's own standalone report of that year
    state: str  # ON_TIME / LATE / MISSING / NOT_DUE
    file: str  # the report's file, or where it belongs (content/<id>/年报/<year>.yml)


def deadline_kind(layout: Layout, model: Model) -> str:
    """The deadline a body keeps, from its 机关类型 (layout `机关类型期限`); without one, a 部门 on the platform keeps 政府部门's."""
    stated = layout.deadline_kinds.get(model.body.body_type)
    if stated in layout.deadlines:
        return stated
    return "政府部门" if model.kind == "部门" else "人民政府"


def last_year(model: Model, today: dt.date) -> LastYear:
    """The body's report for `today.year - 1` and its state. O(reports)."""
    layout = load_layout(model.root)
    year = today.year - 1
    kind = deadline_kind(layout, model)
    month, day = layout.deadlines[kind]
    due = dt.date(year + 1, month, day)
    own = next((r for r in model.reports if r.own_body and r.standalone and r.year == year and not r.consolidated), None)
    if own is None:
        return LastYear(year, kind, due, None, MISSING if today > due else NOT_DUE, f"{model.content_shown}{REPORT_DIR}/{year}.yml")
    late = own.published is not None and own.published > due
    return LastYear(year, kind, due, own, LATE if late else ON_TIME, own.file)
