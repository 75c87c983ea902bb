"""Supervision of a platform's bodies (issue #18): one row per body for the 政务公开办's table.

It owns what the staff dashboard's platform table and the CI job summary show for each body: items published
this year, columns 超期 and 空栏目 (as `gongkai.completeness` computes them, DOMAIN §9 thresholds), 解读 missing
(the findings of the 三同步 rule, `jd-missing`), last year's 年报 (`gongkai.report.last_year`: 按时发布 / 逾期发布 /
未发布 / 未到期, by the body's 机关类型) and the body's errors and warnings. Knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from . import completeness
from . import report as rp
from .model import Finding, Model, Platform

JD_MISSING = "jd-missing"
"""The rule of 解读 missing for a 政策文件 (gongkai.interpretation.interpretation_missing)."""


@dataclass(frozen=True, slots=True)
class BodyRow:
    """One body in the platform table."""

    id: str
    name: str
    kind: str  # 本级政府 / 部门 / 乡镇
    home_url: str  # the body's 专栏 home, relative to the site root ("" for the 本级政府)
    items: int  # every item of the body
    items_this_year: int  # public items published in today's year
    stale: int  # 事项 (leaf columns) 超期
    empty: int  # 事项 空栏目
    vetoes: tuple[str, ...]  # 19号 单项否决 thresholds reached
    jd_missing: int
    report: rp.LastYear
    errors: int
    warnings: int

    @property
    def report_text(self) -> str:
        """The 年报 cell: the state, with the date it was published or due."""
        r = self.report
        if r.state in (rp.ON_TIME, rp.LATE) and r.report is not None and r.report.published is not None:
            return f"{r.year}年度 {r.state}（{r.report.published.isoformat()}）"
        return f"{r.year}年度 {r.state}（期限 {r.due.isoformat()}）"

    @property
    def report_problem(self) -> bool:
        return self.report.state in (rp.LATE, rp.MISSING)


def body_row(model: Model, findings: Iterable[Finding], today: dt.date) -> BodyRow:
    """The row of one body from its model and its findings (check findings included). O(items + columns + findings)."""
    status = completeness.assess(model, model.inspection, today)
    errors = warnings = jd = 0
    for f in findings:
        errors += f.severity == "error"
        warnings += f.severity == "warning"
        jd += f.rule == JD_MISSING
    return BodyRow(
        id=model.id,
        name=model.body.name,
        kind=model.kind,
        home_url=model.prefix,
        items=len(model.items),
        items_this_year=sum(1 for i in model.items if i.public and i.published.year == today.year),
        stale=sum(1 for s in status.columns if s.status == "超期"),
        empty=sum(1 for s in status.columns if s.status == "空栏目"),
        vetoes=tuple(t.veto.key for t in status.thresholds if t.reached),
        jd_missing=jd,
        report=rp.last_year(model, today),
        errors=errors,
        warnings=warnings,
    )


def platform_rows(platform: Platform, owned: Iterable[tuple[str, Finding]], today: dt.date) -> list[BodyRow]:
    """One row per body in platform order; `owned`: (body id, finding) pairs, as `Loaded.owner` assigns them."""
    by_body: dict[str, list[Finding]] = {}
    for body_id, finding in owned:
        by_body.setdefault(body_id, []).append(finding)
    return [body_row(b, by_body.get(b.id, []), today) for b in platform.bodies]
