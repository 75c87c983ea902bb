"""Charts of the 年报 figures across years, drawn as SVG text at build time (no JavaScript, no requests).

It owns the drawing only: each chart is an inline `<svg role="img">` whose `<title>` and `<desc>` state
what it shows and every value it draws, so a screen reader gets the same facts; the page also shows
the year-over-year table as the full text alternative. Values come from `gongkai.views.report_tables`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from markupsafe import Markup

from ..model import Number

# Colours with at least 4.5:1 contrast against white (WCAG 1.4.11 needs 3:1 for graphics).
PALETTE = ("#1c5aa6", "#b35c00", "#2e7d32", "#6a1b9a", "#c62828", "#37474f")
WIDTH = 560
FONT = 13


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    desc: str
    svg: Markup  # markup, every text escaped here (autoescaped templates print it as is)


def _n(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _svg(chart_id: str, title: str, desc: str, height: int, parts: list[str]) -> Chart:
    t, d = escape(title), escape(desc)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gk-chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-size="{FONT}">'
        f'<title id="{chart_id}-t">{t}</title><desc id="{chart_id}-d">{d}</desc>' + "".join(parts) + "</svg>"
    )
    return Chart(chart_id, title, desc, Markup(svg))


def _legend(labels: list[str], y: int) -> tuple[list[str], int]:
    """Legend entries laid out left to right, wrapping; returns the markup and the height used."""
    out: list[str] = []
    x, row_h = 10, FONT + 10
    for i, label in enumerate(labels):
        w = 22 + FONT * len(label) + 16
        if x + w > WIDTH - 10 and x > 10:
            x, y = 10, y + row_h
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{x + 20}" y="{y + 12}" fill="#1f2328">{escape(label)}</text>')
        x += w
    return out, y + row_h


def grouped_bars(
    chart_id: str, title: str, years: list[int], series: Sequence[tuple[str, Sequence[Number | None]]], unit: str = "件"
) -> Chart:
    """Vertical bars per year, one bar per series, each labelled with its value."""
    top, plot_h, left = 24, 180, 40
    legend, legend_end = _legend([s[0] for s in series], top + plot_h + 30)
    height = legend_end + 6
    peak = max([v for _, vals in series for v in vals if v is not None] + [1])
    slot = (WIDTH - left - 10) / max(len(years), 1)
    bar_w = min(48.0, (slot - 16) / max(len(series), 1))
    base = top + plot_h
    parts = [f'<line x1="{left}" y1="{base}" x2="{WIDTH - 10}" y2="{base}" stroke="#4a5260"/>']
    facts = []
    for yi, year in enumerate(years):
        x0 = left + yi * slot + (slot - bar_w * len(series)) / 2
        parts.append(f'<text x="{left + yi * slot + slot / 2:.1f}" y="{base + 18}" text-anchor="middle" fill="#1f2328">{year}年</text>')
        vals = []
        for si, (label, values) in enumerate(series):
            v = values[yi]
            vals.append(f"{label}{'无数据' if v is None else _n(v) + unit}")
            if v is None:
                continue
            h = plot_h * v / peak
            x = x0 + si * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{PALETTE[si % len(PALETTE)]}"/>'
            )
            parts.append(f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" fill="#1f2328">{_n(v)}</text>')
        facts.append(f"{year}年：" + "，".join(vals))
    return _svg(chart_id, title, "；".join(facts) + "。", height, parts + legend)


def stacked_shares(chart_id: str, title: str, years: list[int], parts_by_label: Sequence[tuple[str, Sequence[int | None]]]) -> Chart:
    """One horizontal 100% bar per year, split by the given parts (e.g. the six 办理结果)."""
    left, bar_h, gap, top = 64, 26, 14, 10
    plot_w = WIDTH - left - 10
    body_h = top + len(years) * (bar_h + gap)
    legend, legend_end = _legend([p[0] for p in parts_by_label], body_h + 6)
    out: list[str] = []
    facts = []
    for yi, year in enumerate(years):
        y = top + yi * (bar_h + gap)
        out.append(f'<text x="{left - 8}" y="{y + bar_h / 2 + 5:.1f}" text-anchor="end" fill="#1f2328">{year}年</text>')
        values = [(label, vals[yi]) for label, vals in parts_by_label]
        total = sum(v for _, v in values if v)
        if total == 0:
            out.append(f'<text x="{left}" y="{y + bar_h / 2 + 5:.1f}" fill="#1f2328">无办理结果</text>')
            facts.append(f"{year}年：无办理结果")
            continue
        x = float(left)
        shown = []
        for si, (label, v) in enumerate(values):
            if not v:
                shown.append(f"{label}0件")
                continue
            w = plot_w * v / total
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{PALETTE[si % len(PALETTE)]}" stroke="#fff" stroke-width="1"/>'
            )
            pct = round(100 * v / total)
            if w > 34:
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + bar_h / 2 + 5:.1f}" text-anchor="middle" fill="#fff">{pct}%</text>')
            shown.append(f"{label}{v}件（{pct}%）")
            x += w
        facts.append(f"{year}年（共{total}件）：" + "，".join(shown))
    return _svg(chart_id, title, "；".join(facts) + "。", legend_end + 6, out + legend)
