"""标准目录 事项 freshness (catalog_schema/standard_freshness.yml; 平昌 county monitoring practice):
at least N items, newest within D days, no gap over G days, per-column limits. Each rule is tried one
day (or one item) under, at and over its threshold; then a real build and `gongkai check` show it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY, gongkai, mkdocs_build
from gongkai import standard_freshness as sf
from test_standard_catalog_table import build_site, grid, item, read_table

DAY = dt.date.fromisoformat(TODAY)
RULES = sf.Rules("测试", min_count=4, max_age=90, max_gap=90, by_column={"财政预决算": 365})


def spaced(newest_age: int, n: int, step: int) -> list[dt.date]:
    """n dates, newest first: the newest `newest_age` days before today, then every `step` days."""
    return [DAY - dt.timedelta(days=newest_age + k * step) for k in range(n)]


@pytest.mark.parametrize(("n", "ok"), [(3, False), (4, True), (5, True)])
def test_at_least_n_items(n: int, ok: bool) -> None:
    f = sf.measure(spaced(1, n, 10), None, RULES, DAY)
    assert f.count == n
    assert (f"信息 {n} 条，少于 4 条" in f.problems) is not ok


@pytest.mark.parametrize(("age", "ok"), [(89, True), (90, True), (91, False)])
def test_newest_within_d_days(age: int, ok: bool) -> None:
    f = sf.measure(spaced(age, 4, 1), None, RULES, DAY)
    assert f.age == age and f.latest == DAY - dt.timedelta(days=age)
    assert (not f.problems) is ok
    if not ok:
        assert f.problems == (f"最新一条距今 {age} 天，超过 90 天",)


@pytest.mark.parametrize(("gap", "ok"), [(89, True), (90, True), (91, False)])
def test_no_gap_longer_than_g_days(gap: int, ok: bool) -> None:
    dates = [DAY, DAY - dt.timedelta(days=1), DAY - dt.timedelta(days=1 + gap), DAY - dt.timedelta(days=2 + gap)]
    f = sf.measure(dates, None, RULES, DAY)
    assert f.gap == gap
    assert (not f.problems) is ok
    if not ok:
        assert f.problems == (f"{dates[2]} 至 {dates[1]} 间隔 {gap} 天，超过 90 天",)


@pytest.mark.parametrize(("age", "ok"), [(364, True), (365, True), (366, False)])
def test_a_column_limit_replaces_d_and_g(age: int, ok: bool) -> None:
    f = sf.measure(spaced(age, 4, 200), "财政预决算", RULES, DAY)
    assert f.max_age == f.max_gap == 365
    assert (not [p for p in f.problems if "距今" in p]) is ok
    assert not [p for p in f.problems if "间隔" in p]  # 200-day gaps are fine for a 365-day column
    assert sf.measure(spaced(age, 4, 200), "民生保障", RULES, DAY).problems  # other columns keep 90 days


def test_no_items_is_reported_as_such() -> None:
    f = sf.measure([], None, RULES, DAY)
    assert f.problems == ("信息 0 条，少于 4 条", "暂无信息") and f.latest is None


def test_shipped_thresholds_name_their_source_and_match_the_practice() -> None:
    findings: list = []
    rules = sf.load_rules(REPO, findings)
    assert findings == [] and rules is not None
    assert (rules.min_count, rules.max_age, rules.max_gap) == (4, 90, 90)
    assert "平昌" in rules.source
    assert rules.by_column["财政预决算"] == 365 and rules.by_column["政府采购"] == 180


def test_build_check_and_dashboard_show_each_matter_freshness(tmp_path: Path) -> None:
    dates = ["2026-11-01", "2026-10-01", "2026-09-01", "2026-08-01"]  # 4 items, newest 23 days, gaps ≤ 31
    items = {f"f{n}.md": item(n, d, "测试领域/学校名录") for n, d in enumerate(dates, 1)}
    items["s.md"] = item(9, "2026-05-01", "测试领域/收费标准")  # 1 item, 207 days old
    result = build_site(tmp_path, items)
    assert result.ok, result.output
    rules_path = tmp_path / "p" / "catalog_schema" / "standard_freshness.yml"
    data = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    data["栏目时限"] = {}  # the items sit in 民生保障; use the plain 90-day rules here
    rules_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = mkdocs_build(tmp_path / "p")
    assert result.ok, result.output  # freshness never fails the public build
    rows = [r for body in read_table(result.site / "bzml" / "csly" / "index.html").bodies for r in grid(body)]
    assert "更新检查" not in rows[0][2].text
    assert "更新检查：信息 1 条，少于 4 条；最新一条距今 207 天，超过 90 天" in rows[2][2].text
    assert "更新检查：信息 0 条，少于 4 条；暂无信息" in rows[1][2].text
    proc = gongkai("check", "--root", str(tmp_path / "p"), "--today", TODAY)
    stale = "警告[standard-matter-stale] 标准目录事项「测试领域/收费标准」更新不足："
    assert f"{stale}信息 1 条，少于 4 条；最新一条距今 207 天，超过 90 天" in proc.stdout
    assert "测试领域/学校名录」更新不足" not in proc.stdout
    assert "catalog_schema/domains/测试领域.yml:" in proc.stdout
    project = tmp_path / "p"
    cfg = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["plugins"] = [*cfg["plugins"], "gongkai-dashboard"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.ok, result.output
    dash = (result.site / "staff" / "dashboard" / "index.html").read_text(encoding="utf-8")
    table = dash[dash.index('id="gk-dash-std"') :]
    assert "学校名录</th>" in table and "<td>达标</td>" in table
    assert "信息 1 条，少于 4 条；最新一条距今 207 天，超过 90 天" in table
