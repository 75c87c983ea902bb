"""Working days under the State Council's 放假安排: chinese-calendar 1.11.0 plus site_config/holidays.yml."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import chinese_calendar
import pytest
from conftest import gongkai, make_project
from gongkai.workdays import PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR, CalendarGap, WorkCalendar, load_calendar

D = dt.date

# Fixture data for a year the package does not cover. Invented dates in the notice's shape; not a real notice.
HOLIDAYS_2027 = """\
# 测试数据（虚构）
年度安排:
  - 年份: 2027
    通知: 测试用 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕99号）
    节日:
      - 名称: 元旦
        放假起: 2027-01-01
        放假止: 2027-01-03
      - 名称: 春节
        放假起: 2027-02-06
        放假止: 2027-02-13
        调休上班: [2027-02-14, 2027-02-20]
"""


@pytest.fixture(scope="module")
def package_calendar(tmp_path_factory: pytest.TempPathFactory) -> WorkCalendar:
    """The calendar of a project with the fixture county's site_config/holidays.yml."""
    return load_calendar(make_project(tmp_path_factory.mktemp("calendar")))


def write_holidays(root: Path, text: str) -> Path:
    """A project (catalog_schema/, site_config/ …) whose site_config/holidays.yml is `text`."""
    if not (root / "catalog_schema").is_dir():
        make_project(root)
    (root / "site_config" / "holidays.yml").write_text(text, encoding="utf-8")
    return root


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_package_covers_2004_to_2026() -> None:
    assert (PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR) == (2004, 2026)


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (D(2025, 1, 26), True),  # 星期日，春节调休上班
        (D(2025, 1, 27), True),
        (D(2025, 1, 28), False),  # 春节 1月28日—2月4日
        (D(2025, 2, 4), False),
        (D(2025, 2, 5), True),
        (D(2025, 2, 8), True),  # 星期六，春节调休上班
        (D(2025, 9, 28), True),  # 星期日，国庆调休上班
        (D(2025, 10, 1), False),  # 国庆、中秋 10月1日—8日
        (D(2025, 10, 8), False),
        (D(2025, 10, 9), True),
        (D(2025, 10, 11), True),  # 星期六，国庆调休上班
        (D(2025, 10, 12), False),
        (D(2026, 2, 14), True),  # 星期六，2026 春节调休上班
        (D(2026, 2, 16), False),
        (D(2026, 2, 28), True),
    ],
)
def test_known_holidays_and_adjusted_weekends_agree_with_the_package(package_calendar: WorkCalendar, day: dt.date, workday: bool) -> None:
    assert package_calendar.is_workday(day) is workday
    assert chinese_calendar.is_workday(day) is workday


def test_every_day_of_2024_to_2026_matches_chinese_calendar(package_calendar: WorkCalendar) -> None:
    day = D(2024, 1, 1)
    while day.year <= 2026:
        assert package_calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_adding_working_days_skips_the_spring_festival_and_lands_on_adjusted_saturday(package_calendar: WorkCalendar) -> None:
    assert package_calendar.add_workdays(D(2025, 1, 27), 1) == D(2025, 2, 5)
    assert package_calendar.add_workdays(D(2025, 2, 7), 1) == D(2025, 2, 8)  # Saturday worked
    assert package_calendar.add_workdays(D(2025, 1, 24), 1) == D(2025, 1, 26)  # Sunday worked
    assert package_calendar.add_workdays(D(2025, 2, 5), 3) == D(2025, 2, 8)


def test_adding_working_days_across_national_day(package_calendar: WorkCalendar) -> None:
    assert package_calendar.add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert package_calendar.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert package_calendar.add_workdays(D(2025, 9, 30), 3) == D(2025, 10, 11)
    assert package_calendar.add_workdays(D(2025, 10, 9), -1) == D(2025, 9, 30)
    assert package_calendar.add_workdays(D(2025, 10, 5), 0) == D(2025, 10, 5)


def test_working_days_between_counts_after_start_up_to_end(package_calendar: WorkCalendar) -> None:
    cal = package_calendar
    assert cal.workdays_between(D(2025, 9, 30), D(2025, 10, 13)) == 4  # 10/9, 10/10, 10/11(六), 10/13
    assert cal.workdays_between(D(2025, 1, 27), D(2025, 2, 10)) == 5  # 2/5, 2/6, 2/7, 2/8(六), 2/10
    assert cal.workdays_between(D(2025, 1, 24), D(2025, 1, 27)) == 2  # 1/26(日), 1/27
    assert cal.workdays_between(D(2025, 12, 31), D(2026, 1, 5)) == 2  # 元旦 1/1—1/3, 1/4(日) worked, 1/5
    assert cal.workdays_between(D(2025, 10, 13), D(2025, 9, 30)) == 0
    assert cal.workdays_between(D(2025, 10, 13), D(2025, 10, 13)) == 0


def test_working_days_between_over_several_years_equals_counting_each_day(package_calendar: WorkCalendar) -> None:
    start, end = D(2023, 6, 15), D(2026, 3, 2)
    expected = sum(chinese_calendar.is_workday(start + dt.timedelta(days=n)) for n in range(1, (end - start).days + 1))
    assert package_calendar.workdays_between(start, end) == expected


def test_a_year_covered_by_neither_source_raises_calendar_gap_naming_the_year(package_calendar: WorkCalendar) -> None:
    with pytest.raises(CalendarGap) as info:
        package_calendar.is_workday(D(2027, 3, 1))
    assert info.value.year == 2027
    assert "2027年" in str(info.value) and "holidays.yml" in str(info.value)
    assert "2027年部分节假日安排的通知" in info.value.hint
    with pytest.raises(CalendarGap):
        package_calendar.workdays_between(D(2026, 12, 28), D(2027, 1, 4))
    with pytest.raises(CalendarGap) as early:
        package_calendar.add_workdays(D(2004, 1, 2), -3)
    assert early.value.year == 2003


def test_holidays_file_adds_a_year_the_package_lacks(tmp_path: Path) -> None:
    cal = load_calendar(write_holidays(tmp_path, HOLIDAYS_2027))
    assert cal.findings == []
    assert cal.is_workday(D(2027, 2, 8)) is False  # Monday in the fixture's 春节
    assert cal.is_workday(D(2027, 2, 14)) is True  # Sunday worked
    assert cal.is_workday(D(2027, 2, 21)) is False  # ordinary Sunday
    assert cal.add_workdays(D(2027, 2, 5), 1) == D(2027, 2, 14)
    assert cal.workdays_between(D(2026, 12, 30), D(2027, 1, 5)) == 3  # 12/31, 1/4, 1/5
    assert "国办发明电〔2026〕99号" in cal.source_of(2027)
    with pytest.raises(CalendarGap) as info:
        cal.is_workday(D(2028, 1, 3))
    assert info.value.year == 2028


def test_holidays_file_takes_precedence_over_the_package_for_its_years(tmp_path: Path) -> None:
    corrected = """\
年度安排:
  - 年份: 2026
    通知: 测试用更正数据
    节日:
      - 名称: 国庆节
        放假起: 2026-10-01
        放假止: 2026-10-08
"""
    cal = load_calendar(write_holidays(tmp_path, corrected))
    assert chinese_calendar.is_workday(D(2026, 10, 8)) is True
    assert cal.is_workday(D(2026, 10, 8)) is False
    assert chinese_calendar.is_workday(D(2026, 10, 10)) is True  # the package's 调休 Saturday
    assert cal.is_workday(D(2026, 10, 10)) is False  # the year's data comes from the file only
    assert cal.is_workday(D(2026, 2, 16)) is True  # nothing in the file about 春节: an ordinary Monday
    assert cal.is_workday(D(2025, 10, 8)) is False  # other years still from the package


def test_shipped_holidays_file_is_valid_and_adds_nothing(package_calendar: WorkCalendar) -> None:
    assert package_calendar.findings == []
    assert package_calendar.data_years == {}


def test_mistakes_in_holidays_file_are_reported_by_check_with_line(tmp_path: Path) -> None:
    project = tmp_path / "p"
    text = HOLIDAYS_2027.replace("放假止: 2027-02-13", "放假止: 2027-02-30").replace("2027-02-20]", "2027-02-17]")
    write_holidays(project, text)
    result = gongkai("check", "--root", str(project), "--format", "json")
    findings = [f for f in json.loads(result.stdout) if f["file"] == "site_config/holidays.yml"]
    bad_date_line = line_of(text, "2027-02-30")
    assert [(f["rule"], f["line"], f["severity"]) for f in findings] == [("date-invalid", bad_date_line, "error")]
    assert "不是真实存在的日期" in findings[0]["message"]
    assert result.returncode == 1


def test_weekday_listed_as_adjusted_workday_is_a_warning(tmp_path: Path) -> None:
    text = HOLIDAYS_2027.replace("2027-02-20]", "2027-02-17]")
    cal = load_calendar(write_holidays(tmp_path, text))
    assert [(f.rule, f.severity, f.line) for f in cal.findings] == [("holidays-workday-weekday", "warning", line_of(text, "2027-02-17"))]
    assert "星期三" in cal.findings[0].message


def test_unknown_key_in_holidays_file_is_a_schema_error_not_a_crash(tmp_path: Path) -> None:
    text = HOLIDAYS_2027.replace("放假起: 2027-01-01", "放假日: 2027-01-01")
    cal = load_calendar(write_holidays(tmp_path, text))
    assert {f.rule for f in cal.findings} == {"schema"}
    unknown = next(f for f in cal.findings if "放假日" in f.message)
    assert unknown.line == line_of(text, "放假日")
    assert any("放假起" in f.message and f.line == line_of(text, "名称: 元旦") for f in cal.findings)
    with pytest.raises(CalendarGap):
        cal.is_workday(D(2027, 1, 4))
