"""The 专栏 home (the site index): the four 一级 columns with their last update, and the latest entries.

It owns what the home shows (国办公开办函〔2019〕61号: the four 一级 columns with their exact names as
the primary entries; 19号: the home must visibly show new information, every entry with its date), computed
once per build in O(N) from the model's sorted per-column lists. 年报 published as data files
(`gongkai.report`, `model.reports`) count as entries of the 政府信息公开年报 column when their pages are
built. On a platform (issue #18) the portal home (the 本级政府's) also lists every department's and township's 专栏
(`portal`). It knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from .. import completeness
from ..model import Column, Model, Platform

LATEST = 10


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the latest list: an item, or a 年报 page."""

    title: str
    url: str
    column: str
    published: dt.date
    index_no: str

    @property
    def sort_key(self) -> tuple[int, str]:
        return (-self.published.toordinal(), self.index_no)


@dataclass(frozen=True, slots=True)
class RootEntry:
    """One 一级 column on the home: its newest date and how many public entries it holds."""

    column: Column
    updated: dt.date | None
    count: int


@dataclass(slots=True)
class Home:
    roots: list[RootEntry]
    latest: list[Entry]


def report_entries(model: Model, root_name: str) -> list[Entry]:
    """The body's published 年报 (data files), as entries of the 年报 column."""
    return [
        Entry(r.title, r.url, root_name, r.published, r.index_no or f"nianbao/{r.year}")
        for r in getattr(model, "reports", ())
        if r.published is not None and r.own_body
    ]


def root_entry(model: Model, column: Column, guide_updated: dt.date | None, extra: Iterable[Entry] = ()) -> RootEntry:
    """The newest date under a column, read from the head of each leaf's sorted list (O(leaves))."""
    leaves = [c for c in column.walk() if not c.children]
    lists = [model.by_column.get(c.slug, []) for c in leaves]
    dates = [items[0].published for items in lists if items]
    extra = list(extra)
    dates += [e.published for e in extra]
    if column.kind == "指南" and guide_updated is not None:
        dates.append(guide_updated)
    return RootEntry(column, max(dates, default=None), sum(len(items) for items in lists) + len(extra))


def build(model: Model, guide_updated: dt.date | None = None, latest: int = LATEST, *, reports: bool = False) -> Home:
    """The home's content: each root's date; the `latest` newest public items (and 年报 pages if `reports`)."""
    extra: dict[str, list[Entry]] = {}
    if reports:
        for root in model.catalog.roots:
            if root.kind == "年报":
                extra[root.slug] = report_entries(model, root.name)
    roots = [root_entry(model, c, guide_updated, extra.get(c.slug, ())) for c in model.catalog.roots]
    items = (Entry(i.title, i.url, i.column.name, i.published, i.index_no) for i in itertools.chain.from_iterable(model.by_column.values()))
    newest = heapq.nsmallest(latest, itertools.chain(items, *extra.values()), key=lambda e: e.sort_key)
    return Home(roots, newest)


@dataclass(frozen=True, slots=True)
class BodyRow:
    """One body in the portal's lists: its 专栏 (URL prefix), newest item date and freshness (DOMAIN §9)."""

    name: str
    url: str
    latest: dt.date | None
    stale: int  # columns past their update cycle or 19号's period (超期)
    empty: int  # blank columns (空栏目)

    @property
    def freshness(self) -> str:
        if self.latest is None:
            return "尚无信息"
        parts = [f"超期栏目{self.stale}个" if self.stale else "", f"空栏目{self.empty}个" if self.empty else ""]
        return "、".join(p for p in parts if p) or "按期更新"


@dataclass(frozen=True, slots=True)
class Portal:
    """The lists 部门信息公开 and 乡镇（街道）信息公开 on the portal home, in platform.yml order."""

    departments: list[BodyRow]
    townships: list[BodyRow]


def body_row(model: Model) -> BodyRow:
    """O(columns): the newest date from the head of each column's sorted list; statuses as the dashboard computes them."""
    heads = [items[0].published for items in model.by_column.values() if items]
    report = completeness.assess(model, model.inspection)
    stale = sum(1 for s in report.columns if s.status == "超期")
    empty = sum(1 for s in report.columns if s.status == "空栏目")
    return BodyRow(model.body.name, model.prefix, max(heads, default=None), stale, empty)


def portal(platform: Platform) -> Portal:
    return Portal([body_row(m) for m in platform.departments], [body_row(m) for m in platform.townships])
