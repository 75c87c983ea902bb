"""What the 年报 pages get: each report's page context, the index by year, and each body's year-over-year series.

The 年报 plugin (`gongkai.mkdocs_plugins.report`) adapts these to MkDocs: it renders the prose with the site's
Markdown settings, writes the CSV/JSON downloads and adds the pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import report as rp
from . import report_charts as charts
from . import report_tables as tables

if TYPE_CHECKING:
    from ..model import Column, Model


class Trail:
    """What the shared breadcrumb partial needs: the columns above the page."""

    __slots__ = ("trail",)

    def __init__(self, trail: list[Any]) -> None:
        self.trail = trail


class BodySeries:
    """One body's reports, oldest first, with the year-over-year rows and charts."""

    def __init__(self, n: int, body: str, reports: list[rp.AnnualReport], layout: rp.Layout) -> None:
        self.body = body
        self.reports = reports
        self.years = [r.year for r in reports]
        self.metrics = tables.metrics(reports, layout)
        by_label = {m.label: m.values for m in self.metrics}
        self.charts = [
            charts.grouped_bars(
                f"gk-chart-{n}-new",
                f"{body}各年度本年新收政府信息公开申请数量",
                self.years,
                [("本年新收申请", by_label["本年新收政府信息公开申请"])],
            ),
            charts.stacked_shares(
                f"gk-chart-{n}-mix",
                f"{body}各年度申请办理结果构成",
                self.years,
                # 办理结果 are counts (int); Metric types every row's values as Number (int or Decimal 万元)
                [(m.label.split("：", 1)[1], m.values) for m in self.metrics if m.label.startswith("办理结果：")],  # type: ignore[misc]
            ),
            charts.grouped_bars(
                f"gk-chart-{n}-review",
                f"{body}各年度政府信息公开行政复议、行政诉讼数量",
                self.years,
                [("行政复议", by_label["行政复议（总计）"]), ("行政诉讼", by_label["行政诉讼（总计）"])],
            ),
        ]


def series(published: list[rp.AnnualReport], layout: rp.Layout) -> list[BodySeries]:
    """One series per body with sound reports (the site's own body first), oldest report first."""
    bodies: dict[str, list[rp.AnnualReport]] = {}
    for r in sorted(published, key=lambda r: (not r.own_body, r.body, r.year)):
        if r.sound:
            bodies.setdefault(r.body, []).append(r)
    return [BodySeries(n, body, reports, layout) for n, (body, reports) in enumerate(bodies.items())]


def report_context(r: rp.AnnualReport, layout: rp.Layout, prose: dict[str, Any], downloads: dict[str, str], trail: Trail) -> dict[str, Any]:
    """A report page: the report, its three tables in the official layout, its prose and downloads."""
    return {
        "report": r,
        "report_layout": layout,
        "report_prose": prose,
        "report_downloads": downloads,
        "report_period": layout.period.format(year=r.year),
        "report_tables": {
            "第二部分": tables.part2_table(r, layout),
            "第三部分": tables.part3_table(r, layout),
            "第四部分": tables.part4_table(r, layout),
        },
        "report_parts": [(p, p.url if p.standalone else "") for p in r.parts],
        "v": trail,
    }


def index_context(
    model: Model, column: Column | None, published: list[rp.AnnualReport], series: list[BodySeries], trail: Trail
) -> dict[str, Any]:
    """The 年报 index: the reports by year (newest first), the column's older items, the series for the charts link."""
    old = list(model.by_column.get(column.slug, [])) if column else []
    by_year: dict[int, list[rp.AnnualReport]] = {}
    for r in published:
        by_year.setdefault(r.year, []).append(r)
    return {"report_years": sorted(by_year.items(), reverse=True), "report_old": old, "report_series": series, "v": trail}
