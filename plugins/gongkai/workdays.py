"""Working days (工作日) under the State Council's yearly 放假安排, including 调休 working weekends.

Owns the working-day calendar used by timeliness rules (解读 within N working days, 公开时限 in working
days). Two sources, in this order of precedence (DOMAIN §8):

1. `site_config/holidays.yml` — years the body adds from the State Council notice (国务院办公厅关于
   Y 年部分节假日安排的通知), validated by `catalog_schema/holidays.schema.json`. A year listed there
   replaces the package's data for that year; each listed date overrides whatever the package says.
2. The `chinese-calendar` package (1.11.0 covers 2004–2026).

A date in a year covered by neither raises `CalendarGap` (with `.year`): the caller turns it into a
clear finding. Nothing is guessed. Problems in the data file become `Finding`s in `WorkCalendar.findings`.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chinese_calendar import constants as _cc

from . import schema
from .checks.dates import parse_date
from .model import Finding, SeverityName
from .source.yamlfile import read_data_file

if TYPE_CHECKING:
    from .model import Model

HOLIDAYS_FILE = "site_config/holidays.yml"
HOLIDAYS_SCHEMA = "catalog_schema/holidays.schema.json"

PACKAGE = "chinesecalendar"
try:
    PACKAGE_VERSION = importlib.metadata.version(PACKAGE)
except importlib.metadata.PackageNotFoundError:  # pragma: no cover - the package is a pinned dependency
    PACKAGE_VERSION = "?"
PACKAGE_FIRST_YEAR: int = min(_cc.holidays).year
PACKAGE_LAST_YEAR: int = max(_cc.holidays).year


class CalendarGap(Exception):
    """A date falls in a year whose 放假安排 is known neither to the package nor to holidays.yml."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年的法定节假日和调休安排未知：chinese-calendar {PACKAGE_VERSION} 只覆盖 "
            f"{PACKAGE_FIRST_YEAR}–{PACKAGE_LAST_YEAR} 年，{HOLIDAYS_FILE} 中也没有 {year} 年的数据"
        )

    @property
    def hint(self) -> str:
        return (
            f"按国务院办公厅《关于{self.year}年部分节假日安排的通知》，在 {HOLIDAYS_FILE} 的“年度安排”中"
            f"添加 {self.year} 年的放假日期和调休上班日期，并写明通知文号"
        )


@dataclass(frozen=True, slots=True)
class YearSource:
    """Where one year's 放假安排 came from: the notice named in holidays.yml, or the package."""

    year: int
    notice: str  # e.g. 国办发明电〔2026〕N号; empty for the package
    line: int = 0


@dataclass(slots=True)
class WorkCalendar:
    """Working days: `is_workday`, `add_workdays`, `workdays_between` (all raise `CalendarGap`)."""

    overrides: dict[dt.date, bool] = field(default_factory=dict)  # from holidays.yml: True = 上班, False = 放假
    data_years: dict[int, YearSource] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    _cumulative: dict[int, list[int]] = field(default_factory=dict)  # year -> workdays up to day-of-year i (1-based)

    def covers(self, year: int) -> bool:
        return year in self.data_years or PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR

    def source_of(self, year: int) -> str:
        """Human-readable source for a year's data (for messages), or raise `CalendarGap`."""
        if year in self.data_years:
            src = self.data_years[year]
            return f"{HOLIDAYS_FILE}（{src.notice}）"
        if self.covers(year):
            return f"chinese-calendar {PACKAGE_VERSION}"
        raise CalendarGap(year)

    def is_workday(self, d: dt.date) -> bool:
        if isinstance(d, dt.datetime):
            d = d.date()
        override = self.overrides.get(d)
        if override is not None and self.covers(d.year):
            return override
        if d.year in self.data_years:
            return d.weekday() < 5
        if PACKAGE_FIRST_YEAR <= d.year <= PACKAGE_LAST_YEAR:
            return d in _cc.workdays or (d.weekday() < 5 and d not in _cc.holidays)
        raise CalendarGap(d.year)

    def add_workdays(self, d: dt.date, n: int) -> dt.date:
        """The n-th working day after `d` (before it when n < 0); `d` itself when n == 0."""
        step = dt.timedelta(days=1 if n >= 0 else -1)
        left = abs(n)
        while left:
            d += step
            if self.is_workday(d):
                left -= 1
        return d

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; 0 if end <= start."""
        if end <= start:
            return 0
        if start.year == end.year:
            cum = self._year(start.year)
            return cum[end.timetuple().tm_yday] - cum[start.timetuple().tm_yday]
        first = self._year(start.year)
        total = first[-1] - first[start.timetuple().tm_yday]
        for year in range(start.year + 1, end.year):
            total += self._year(year)[-1]
        return total + self._year(end.year)[end.timetuple().tm_yday]

    def _year(self, year: int) -> list[int]:
        """Cumulative working-day counts for a year, built once per year (index 0 = before 1 January)."""
        cum = self._cumulative.get(year)
        if cum is None:
            if not self.covers(year):
                raise CalendarGap(year)
            cum = [0]
            d = dt.date(year, 1, 1)
            one = dt.timedelta(days=1)
            while d.year == year:
                cum.append(cum[-1] + self.is_workday(d))
                d += one
            self._cumulative[year] = cum
        return cum


def load_calendar(root: Path) -> WorkCalendar:
    """Read `site_config/holidays.yml` (optional) under `root`; problems go to `.findings`, never raise.

    Cached per project and file version, so every rule of one `gongkai check` shares one calendar.
    """
    path = Path(root).resolve() / HOLIDAYS_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    return _load_calendar(str(path.parent.parent), stamp)


@functools.lru_cache(maxsize=8)
def _load_calendar(root: str, stamp: int) -> WorkCalendar:
    cal = WorkCalendar()
    path = Path(root) / HOLIDAYS_FILE
    if not path.is_file():
        return cal
    df = read_data_file(path)
    if df.error:
        rule, line, message, expected = df.error
        cal.findings.append(Finding(HOLIDAYS_FILE, line, rule, "error", message, expected=expected))
        return cal
    data, lines = df.data, df.lines
    if data is None:
        return cal
    schema_path = Path(root) / HOLIDAYS_SCHEMA
    if not schema_path.is_file():
        message = f"找不到 {HOLIDAYS_SCHEMA}，无法检查 {HOLIDAYS_FILE}，其中的节假日数据未使用"
        cal.findings.append(Finding(HOLIDAYS_SCHEMA, 1, "config-missing", "error", message, expected="从示例仓库复制该文件"))
        return cal
    problems = schema.validate(data, schema_path, HOLIDAYS_FILE, lines)
    if problems:
        cal.findings.extend(problems)
        return cal
    for n, entry in enumerate(data.get("年度安排", ())):
        _load_year(cal, entry, f"年度安排/{n}", lines)
    return cal


def _load_year(cal: WorkCalendar, entry: dict[str, Any], key: str, lines: dict[str, int]) -> None:
    year = int(entry["年份"])
    line = lines.get(f"{key}/年份", 1)

    def add(field_key: str, severity: SeverityName, rule: str, message: str, expected: str = "") -> None:
        cal.findings.append(
            Finding(HOLIDAYS_FILE, lines.get(field_key, line), rule, severity, message, field=field_key, expected=expected)
        )

    if year in cal.data_years:
        first = cal.data_years[year].line
        add(f"{key}/年份", "error", "holidays-duplicate-year", f"{year} 年写了两次（另一处在第 {first} 行）", "每年只写一段")
        return
    days: dict[dt.date, bool] = {}
    for h, holiday in enumerate(entry["节日"]):
        hkey = f"{key}/节日/{h}"
        start, why = parse_date(holiday["放假起"])
        if start is None:
            add(f"{hkey}/放假起", "error", "date-invalid", why, "YYYY-MM-DD")
            return
        end = start
        if "放假止" in holiday:
            given, why = parse_date(holiday["放假止"])
            if given is None:
                add(f"{hkey}/放假止", "error", "date-invalid", why, "YYYY-MM-DD")
                return
            end = given
            if end < start:
                add(f"{hkey}/放假止", "error", "holidays-range", f"放假止 {end} 早于放假起 {start}", "放假止不早于放假起")
                return
        if abs(start.year - year) > 1 or (end - start).days > 31:
            add(f"{hkey}/放假起", "error", "holidays-range", f"{holiday['名称']}的放假日期不在 {year} 年前后", f"{year} 年的日期")
            return
        d = start
        while d <= end:
            days[d] = False
            d += dt.timedelta(days=1)
        for w, value in enumerate(holiday.get("调休上班", ())):
            wkey = f"{hkey}/调休上班/{w}"
            day, why = parse_date(value)
            if day is None:
                add(wkey, "error", "date-invalid", why, "YYYY-MM-DD")
                return
            if day.weekday() < 5:
                weekday = "一二三四五"[day.weekday()]
                message = f"调休上班日 {day} 是星期{weekday}，本来就是工作日"
                add(wkey, "warning", "holidays-workday-weekday", message, "通知中写明的周六或周日")
            days[day] = True
    cal.data_years[year] = YearSource(year, str(entry["通知"]).strip(), line)
    cal.overrides.update(days)


def holidays_data(model: Model, today: dt.date) -> list[Finding]:
    """`gongkai check` reports mistakes in site_config/holidays.yml once, whoever uses the calendar."""
    return list(load_calendar(Path(model.root)).findings)
