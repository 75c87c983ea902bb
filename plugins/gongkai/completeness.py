"""Catalog completeness: is every 主动公开 事项 present and fresh, and do the gaps reach a 19号 veto?

Owns the inspection rules in `catalog_schema/inspection.yml` (国办秘函〔2019〕19号 单项否决 thresholds,
the 考核类别 periods, the 条例 Art. 26 publication limit), the per-column status (正常 / 超期 / 空栏目)
against each column's 更新周期 in `catalog_schema/catalog.yml`, and the threshold summary.

Counting rules:
- Only public items with a valid 发布日期 count: an item without a visible date counts as not updated
  (2015 census; 19号). Files that fail to load are not in the model, so they never make a column fresh.
- Periods use calendar arithmetic (`gongkai.periods`: "6个月" = the same day six months earlier, clamped to
  month end); a column is fresh when its newest item is published on or after `today - period`.
- "每年M月D日前" (annual) columns are fresh when the newest item was published after the last-but-one
  deadline, i.e. the item due by the most recent M/D exists.
- "按需" columns only need one item.
- The 年报 column also counts the body's own reports published as data files (`model.reports`, gongkai.report).

Knows nothing of MkDocs; `gongkai check`, the report formats and the staff dashboard call `assess()`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import periods, schema
from .catalog import CATALOG_FILE, read_data
from .model import SOURCE_19, Column, Finding, Inspection, Model, Severity, Veto, cn_date
from .source.yamlfile import line_of, read_shared_data_file

INSPECTION_FILE = "catalog_schema/inspection.yml"
INSPECTION_SCHEMA = "catalog_schema/inspection.schema.json"

Status = Literal["正常", "超期", "空栏目"]

def load_inspection(root: Path | str, findings: list[Finding]) -> Inspection:
    """Read and validate `inspection.yml`; a missing or invalid file is a finding and the defaults apply."""
    root = Path(root)
    if not (root / INSPECTION_FILE).is_file():
        return Inspection()
    df = read_data(root, INSPECTION_FILE, findings)
    if df is None or df.data is None:
        return Inspection()
    data, lines = df.data, df.lines
    problems = schema.validate(data, root / INSPECTION_SCHEMA, INSPECTION_FILE, lines)
    if problems:
        findings.extend(problems)
        return Inspection()
    default = Inspection()
    raw_vetoes: dict[str, Any] = data.get("单项否决", {})
    vetoes = tuple(
        Veto(v.key, raw_vetoes[v.key]["阈值"], raw_vetoes[v.key].get("依据", v.basis)) if v.key in raw_vetoes else v for v in default.vetoes
    )
    limit: dict[str, Any] = data.get("公开时限", {})
    return Inspection(
        source=data.get("来源", default.source),
        periods={**default.periods, **data.get("考核类别期限", {})},
        long_period=data.get("长期未更新期限", default.long_period),
        vetoes=vetoes,
        veto_severity=Severity.ERROR if data.get("单项否决级别") == "错误" else Severity.WARNING,
        workdays=limit.get("工作日", default.workdays),
        start_fields=tuple(limit.get("起算日期", default.start_fields)),
        workdays_basis=limit.get("依据", default.workdays_basis),
        workdays_severity=Severity.ERROR if limit.get("级别") == "错误" else Severity.WARNING,
        lines=lines,
    )


@dataclass(frozen=True, slots=True)
class ColumnStatus:
    """One 事项 (leaf column) with its items and freshness at `today`."""

    column: Column
    count: int
    latest: dt.date | None
    status: Status
    cycle: str  # the column's 更新周期 text
    due: dt.date | None  # newest item must be on or after this date to count as updated (None: presence only)
    overdue: bool  # newest item older than `due` (the column's own 更新周期)
    stale_19: bool  # not updated within its 考核类别 period (动态 2周 / 政策 6个月)
    long_stale: bool  # 应更新但长期未更新

    @property
    def path(self) -> str:
        return " › ".join(c.name for c in [*self.column.ancestors, self.column])


@dataclass(frozen=True, slots=True)
class Threshold:
    """A 19号 veto indicator: how many columns count, against which limit."""

    veto: Veto
    columns: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.columns)

    @property
    def reached(self) -> bool:
        return self.count >= self.veto.limit

    @property
    def verdict(self) -> str:
        return "已达单项否决标准" if self.reached else "未达单项否决标准"

    @property
    def text(self) -> str:
        return f"{self.veto.key} {self.count} 个（单项否决标准：≥{self.veto.limit} 个）：{self.verdict}"


@dataclass(slots=True)
class Completeness:
    """The completeness table and the 19号 threshold summary for one model at one date."""

    root: Path
    today: dt.date
    inspection: Inspection
    columns: list[ColumnStatus]
    thresholds: list[Threshold]

    def findings(self) -> list[Finding]:
        """Warnings for each empty or stale column, an error for each threshold reached."""
        out: list[Finding] = []
        lines = column_lines(self.root, {_column_key(s.column) for s in self.columns if s.status != "正常"})
        for s in self.columns:
            line = lines.get(_column_key(s.column), 1)
            if s.status == "空栏目":
                out.append(
                    Finding(
                        CATALOG_FILE,
                        line,
                        "completeness-empty",
                        "warning",
                        f"栏目「{s.path}」没有已公开的信息（空栏目）",
                        field=s.column.name,
                        expected=_expected_content(s.column),
                    )
                )
            elif s.status == "超期":
                assert s.latest is not None
                reasons = []
                if s.overdue:
                    reasons.append(f"超过更新周期「{s.cycle}」")
                if s.stale_19:
                    period = self.inspection.periods.get(s.column.inspection, "")
                    reasons.append(f"属于{SOURCE_19}的{s.column.inspection}类栏目，超过{period}未更新")
                if s.long_stale and not s.overdue:
                    reasons.append(f"超过{self.inspection.long_period}未更新（长期未更新）")
                out.append(
                    Finding(
                        CATALOG_FILE,
                        line,
                        "completeness-stale",
                        "warning",
                        f"栏目「{s.path}」最新信息发布于 {cn_date(s.latest)}，{'；'.join(reasons)}",
                        field=s.column.name,
                        expected=f"发布新信息（{cn_date(self.today)}检查时，最新信息应不早于 {cn_date(s.due or self.today)}）",
                    )
                )
        for t in self.thresholds:
            if t.reached:
                out.append(
                    Finding(
                        INSPECTION_FILE,
                        line_of(self.inspection.lines, f"单项否决/{t.veto.key}"),
                        "inspection-veto",
                        self.inspection.veto_severity,
                        f"{t.text}（{t.veto.basis}）：{'、'.join(t.columns)}",
                        field=f"单项否决/{t.veto.key}",
                        expected=f"这类栏目少于 {t.veto.limit} 个：按事项补发信息；"
                        "本机关确无此类信息的栏目写进 site_config/body.yml 的「停用栏目」",
                    )
                )
        return out


def _expected_content(column: Column) -> str:
    content = column.matter.content if column.matter else ""
    return f"按事项发布信息：{content}" if content else "在该栏目发布信息"


ColumnKey = tuple[str, str, tuple[str, ...]]
"""A column as catalog.yml writes it: (名称, 路径, 适用层级); one level's catalog never repeats one."""


def column_lines(root: Path, wanted: set[ColumnKey]) -> dict[ColumnKey, int]:
    """Line of each wanted column's `名称` in catalog.yml (the first column of that key, in file order)."""
    df = read_shared_data_file(root / CATALOG_FILE)  # one parse for every body of a platform
    out: dict[ColumnKey, int] = {}

    def walk(raws: Any, at: str) -> None:
        for n, raw in enumerate(raws if isinstance(raws, list) else ()):
            if isinstance(raw, dict):
                key = (raw.get("名称"), raw.get("路径"), tuple(raw.get("适用层级") or ()))
                if key in wanted:
                    out.setdefault(key, line_of(df.lines, f"{at}/{n}/名称"))
                walk(raw.get("下级栏目"), f"{at}/{n}/下级栏目")

    if wanted and isinstance(df.data, dict):
        walk(df.data.get("栏目"), "栏目")
    return out


def _column_key(column: Column) -> ColumnKey:
    return column.name, column.slug, tuple(column.levels)


def is_disclosure_matter(column: Column) -> bool:
    """A leaf column that takes items and carries a 主动公开 事项."""
    return column.accepts_items and column.matter is not None and column.matter.manner == "主动公开"


def _annual_due(today: dt.date, month: int, day: int) -> dt.date:
    """The day after the last-but-one deadline: the item due by the latest deadline is newer than that."""

    def deadline(year: int) -> dt.date:
        return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))

    last = deadline(today.year) if today > deadline(today.year) else deadline(today.year - 1)
    return deadline(last.year - 1) + dt.timedelta(days=1)


def column_status(column: Column, model: Model, inspection: Inspection, today: dt.date) -> ColumnStatus:
    items = model.by_column.get(column.slug, [])
    count = len(items)
    dates = [items[0].published] if items else []
    if column.kind == "年报":  # 年报 published as data files (gongkai.report) count as the column's entries
        reports = [r.published for r in getattr(model, "reports", ()) if r.own_body and r.published is not None]
        count += len(reports)
        dates += reports
    latest = max(dates, default=None)
    assert column.matter is not None
    cycle = column.matter.cycle
    if cycle.kind == "period":
        due = periods.start(today, cycle.text)
    elif cycle.kind == "annual":
        due = _annual_due(today, cycle.month, cycle.day)
    else:
        due = None
    period_19 = inspection.periods.get(column.inspection)
    start_19 = periods.start(today, period_19) if period_19 else None
    if inspection.long_period == "按更新周期":
        long_due = due
    else:
        long_due = periods.start(today, inspection.long_period) if cycle.kind != "on_demand" else None
    needed = max((d for d in (due, start_19, long_due) if d is not None), default=None)
    if latest is None:
        return ColumnStatus(column, 0, None, "空栏目", cycle.text, needed, False, False, False)
    overdue = due is not None and latest < due
    stale_19 = start_19 is not None and latest < start_19
    long_stale = long_due is not None and latest < long_due
    status: Status = "超期" if (overdue or stale_19 or long_stale) else "正常"
    return ColumnStatus(column, count, latest, status, cycle.text, needed, overdue, stale_19, long_stale)


def assess(model: Model, inspection: Inspection, today: dt.date | None = None) -> Completeness:
    """Status of every 主动公开 事项 (catalog order) and the three 19号 thresholds. O(columns)."""
    today = today or model.today
    columns = [column_status(c, model, inspection, today) for c in model.catalog.item_columns if is_disclosure_matter(c)]
    members = {
        "空白栏目": tuple(s.column.name for s in columns if s.status == "空栏目"),
        "动态政策栏目不更新": tuple(s.column.name for s in columns if s.stale_19),
        "长期未更新栏目": tuple(s.column.name for s in columns if s.long_stale),
    }
    thresholds = [Threshold(v, members[v.key]) for v in inspection.vetoes]
    return Completeness(Path(model.root), today, inspection, columns, thresholds)


def check(model: Model, today: dt.date) -> list[Finding]:
    """The check rule: inspection.yml's problems (found by the loader), then the assessment (`rules.completeness`)."""
    return [*model.inspection_problems, *assess(model, model.inspection, today).findings()]
