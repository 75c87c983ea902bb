"""事项 freshness for the 标准目录: enough items, a recent newest one, no long gap (thresholds as data).

Owns `catalog_schema/standard_freshness.yml` (validated by its schema; source: 平昌 county monitoring
practice, DOMAIN.md §6): at least N public items per adopted 事项, the newest at most D days old, no gap
between two consecutive items longer than G days; a column listed under 栏目时限 replaces D and G when
the 事项's newest item is in that column. A value exactly at its threshold passes; one day over warns.
The loader reads the rules once (`load_rules`) and `gongkai.standard_catalog.adopt` gives each adopted row its
`measure` (shown on the catalog pages and the staff dashboard); `standard_freshness` is the check-only rule
(`gongkai check` warnings). Knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

from .catalog import read_validated
from .model import Finding, Model
from .model.standard import Freshness
from .model.standard import FreshnessRules as Rules

__all__ = ["Freshness", "Rules", "load_rules", "measure", "standard_freshness"]

RULES_FILE = "catalog_schema/standard_freshness.yml"
RULES_SCHEMA = "catalog_schema/standard_freshness.schema.json"


def load_rules(root: Path, findings: list[Finding]) -> Rules | None:
    data = read_validated(root, RULES_FILE, RULES_SCHEMA, findings)
    if data is None:
        return None
    return Rules(data["来源"], data["每事项最少条数"], data["最新不超过天数"], data["最大间隔天数"], dict(data.get("栏目时限") or {}))


def measure(dates: list[dt.date], newest_column: str | None, rules: Rules, today: dt.date) -> Freshness:
    """The figures for one 事项 from its items' dates, newest first."""
    limit = rules.limit_for(newest_column)
    max_age = limit or rules.max_age
    max_gap = limit or rules.max_gap
    latest = dates[0] if dates else None
    age = (today - latest).days if latest else None
    gap, gap_from, gap_to = 0, None, None
    for newer, older in pairwise(dates):
        if (newer - older).days > gap:
            gap, gap_from, gap_to = (newer - older).days, older, newer
    problems = []
    if len(dates) < rules.min_count:
        problems.append(f"信息 {len(dates)} 条，少于 {rules.min_count} 条")
    if age is None:
        problems.append("暂无信息")
    elif age > max_age:
        problems.append(f"最新一条距今 {age} 天，超过 {max_age} 天")
    if gap > max_gap:
        problems.append(f"{gap_from} 至 {gap_to} 间隔 {gap} 天，超过 {max_gap} 天")
    return Freshness(len(dates), latest, age, gap, gap_from, gap_to, max_age, max_gap, tuple(problems))


def standard_freshness(model: Model, today: dt.date) -> list[Finding]:
    """A warning per adopted 事项 that breaks a freshness rule (check and the staff dashboard only)."""
    findings = list(model.freshness_problems)
    rules = model.freshness_rules
    if rules is None:
        return findings
    for domain in model.standard.selected:
        for m in domain.matters:
            if m.freshness and m.freshness.problems:
                findings.append(
                    Finding(
                        domain.file,
                        m.line,
                        "standard-matter-stale",
                        "warning",
                        f"标准目录事项「{m.key}」更新不足：{'；'.join(m.freshness.problems)}",
                        expected=f"至少 {rules.min_count} 条，最新不超过 {m.freshness.max_age} 天，"
                        f"间隔不超过 {m.freshness.max_gap} 天（阈值见 {RULES_FILE}）",
                    )
                )
    return findings
