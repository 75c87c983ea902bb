"""The directory (目录, 条例第十二条): listings per column, per year and per facet, the 现行有效 / 历史文件
split of 规章 and 行政规范性文件 (景德镇 seed 004), and pagination.

It owns the listing model only and knows nothing of MkDocs: `Directory.build(model, ...)` sorts and slices
everything once per build (O(N log N) overall, O(N) on top of the model's sorted `by_column`), and each
`ListingPage` holds nothing but its own slice, so rendering one page costs O(page size).

URLs (relative to the site root):
  `<slug>/` and `<slug>/page/N/`                the column (current documents only where 有效性管理 is on)
  `<slug>/<YYYY>/` and `<slug>/<YYYY>/page/N/`  one year of the column (by 发布日期), only where the column's own
                                                listing needs more than one page; a column that fits on one page
                                                groups its items by year on that page instead (`<slug>/#y2024`)
  `<slug>/archive/` (+ `page/N/`)               已修改 / 已失效 / 已废止 documents with status, date, reason
  `<slug>/<segment>/<value>/` (+ `page/N/`)     a facet value, e.g. `zcjd/form/tujie/` for 解读形式 = 图解
  `nianbao/list/` (+ `page/N/`)                 the 年报 column's items (its index page belongs to the report)
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Column, Item, Model
from ..paging import Pager
from .summary import summary

DEFAULT_PAGE_SIZE = 20
LISTED_KINDS = ("条目", "解读", "分组", "制度", "年报")
"""Column kinds that get directory pages; 指南 is the guide engineer's page."""

LIST_SUFFIX = {"年报": "list/"}
"""Kinds whose item listing lives below the column URL because the column page itself belongs to another feature."""


@dataclass(frozen=True, slots=True)
class Facet:
    """A filter over one item attribute with a fixed vocabulary, rendered as static pages (no JavaScript)."""

    key: str  # the front-matter key, shown as the filter's label
    attr: str  # the Item attribute holding the value
    segment: str  # URL segment: <slug>/<segment>/<value slug>/
    values: dict[str, str]  # value -> URL slug, in display order


FACETS: dict[str, Facet] = {
    "解读形式": Facet(
        key="解读形式",
        attr="interpretation_form",
        segment="form",
        # Vocabulary of catalog_schema/item.schema.json (forms named in seeds 003 and 004).
        values={"文字解读": "wenzi", "图解": "tujie", "音视频": "yinshipin", "问答": "wenda"},
    ),
}

DEFAULT_FACETS_BY_KIND: dict[str, tuple[str, ...]] = {"解读": ("解读形式",)}


@dataclass(frozen=True, slots=True)
class Row:
    """One directory row: 条例第十二条's 索引、名称、内容概述、生成日期, plus 发布日期 (19号: every row shows a date)."""

    item: Item
    successor: Item | None = None  # archive rows: the published document that replaced this one

    @property
    def summary(self) -> str:
        return summary(self.item)

    @property
    def generated(self) -> dt.date | None:
        """生成日期: the 成文日期 of a document, else the 形成日期 of other information."""
        return self.item.written or self.item.formed


@dataclass(eq=False, slots=True)
class Listing:
    """A sorted sequence of items shown page by page at `base` (a URL path ending in "/")."""

    kind: str  # column / year / facet / archive / list
    column: Column
    base: str
    title: str
    items: Sequence[Item]
    page_size: int
    label: str = ""  # the year or facet value this listing is restricted to
    anchor: str = ""  # year listings: the id of the year's group on a one-page column page ("y2024")
    successors: Mapping[str, Item] | None = None  # archives: 索引号 -> item, to link each row to its replacement

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def total_pages(self) -> int:
        return max(1, -(-len(self.items) // self.page_size))

    @property
    def latest(self) -> dt.date | None:
        """Newest 发布日期 in the listing (archives are ordered by status date, so they have none)."""
        if self.kind == "archive" or not self.items:
            return None
        return self.items[0].published

    def page(self, number: int) -> ListingPage:
        if not 1 <= number <= self.total_pages:
            raise IndexError(f"{self.base}: page {number} of {self.total_pages}")
        return ListingPage(self, number)

    def pages(self) -> Iterator[ListingPage]:
        for n in range(1, self.total_pages + 1):
            yield ListingPage(self, n)


@dataclass(frozen=True, slots=True)
class ListingPage:
    """One page of a listing: its slice of items and its pager. Never touches the rest of the listing."""

    listing: Listing
    number: int

    @property
    def url(self) -> str:
        return self.pager.url(self.number)

    @property
    def src_uri(self) -> str:
        return self.url + "index.md"

    @property
    def start(self) -> int:
        """Zero-based position of the first item on this page."""
        return (self.number - 1) * self.listing.page_size

    @property
    def items(self) -> Sequence[Item]:
        return self.listing.items[self.start : self.start + self.listing.page_size]

    @property
    def rows(self) -> list[Row]:
        lookup = self.listing.successors
        if lookup is None:
            return [Row(i) for i in self.items]
        rows = []
        for i in self.items:
            succ = lookup.get(i.validity.successor) if i.validity and i.validity.successor else None
            rows.append(Row(i, succ if succ is not None and succ.public else None))
        return rows

    @property
    def first_position(self) -> int:
        return self.start + 1 if self.listing.items else 0

    @property
    def last_position(self) -> int:
        return min(self.start + self.listing.page_size, len(self.listing.items))

    @property
    def pager(self) -> Pager:
        return Pager(self.number, self.listing.total_pages, self.listing.base)


@dataclass(eq=False, slots=True)
class FacetView:
    facet: Facet
    listings: list[Listing]  # one per value present, in vocabulary order


def year_link(year: Listing, main: Listing | None, year_pages: bool, here: Listing | None) -> str:
    """Where a year link leads, from the page of `here`: the year's own pages, or, where the `main` listing (a column's,
    the 文件库's) fits on one page and has no year pages, its year group there (`#y2024` on that page itself)."""
    if year_pages or main is None:
        return year.base
    return f"#{year.anchor}" if here is main else f"{main.base}#{year.anchor}"


@dataclass(eq=False, slots=True)
class ColumnView:
    """A column's listings and the figures its page and the 目录 overview show."""

    column: Column
    listing: Listing | None  # None for 分组 columns (they list sub-columns instead)
    archive: Listing | None = None
    years: list[Listing] = field(default_factory=list)
    facets: list[FacetView] = field(default_factory=list)
    children: list[ColumnView] = field(default_factory=list)
    all_latest: dt.date | None = None  # newest 发布日期 of every public item, current or not
    year_pages: bool = True  # False: the column fits on one page, which groups its items by year (no year pages)

    @property
    def url(self) -> str:
        return self.column.url

    @property
    def list_url(self) -> str:
        """Where the items are listed (`nianbao/list/` for the 年报, else the column page)."""
        return self.listing.base if self.listing is not None else self.column.url

    def year_href(self, year: Listing, here: Listing | None = None) -> str:
        """Where a year link on the page of `here` leads (`year_link`; the one page is the column's listing)."""
        return year_link(year, self.listing, self.year_pages, here)

    @property
    def count(self) -> int:
        """Items listed by default (current documents only where 有效性管理 is on)."""
        if self.listing is not None:
            return self.listing.count
        return sum(c.count for c in self.children)

    @property
    def archive_count(self) -> int:
        if self.listing is not None:
            return self.archive.count if self.archive is not None else 0
        return sum(c.archive_count for c in self.children)

    @property
    def latest(self) -> dt.date | None:
        """Latest update: the newest 发布日期 in the column or any of its sub-columns."""
        if self.listing is not None:
            return self.all_latest
        return max((d for c in self.children if (d := c.latest) is not None), default=None)

    @property
    def trail(self) -> list[Column]:
        return [*self.column.ancestors, self.column]

    @property
    def rss_url(self) -> str:
        return f"{self.column.url}rss.xml"

    @property
    def atom_url(self) -> str:
        return f"{self.column.url}atom.xml"

    def listings(self) -> Iterator[Listing]:
        """This column's listings that have pages of their own: the main one, its years (unless the column fits on one
        page), the archive, each facet value's (none for 分组 columns)."""
        if self.listing is None:
            return
        yield self.listing
        if self.year_pages:
            yield from self.years
        if self.archive is not None:
            yield self.archive
        for fv in self.facets:
            yield from fv.listings

    def leaf_views(self) -> Iterator[ColumnView]:
        if self.listing is not None:
            yield self
        for child in self.children:
            yield from child.leaf_views()

    def latest_items(self, limit: int) -> list[Item]:
        """The newest `limit` listed items of this column and its sub-columns (a lazy k-way merge)."""
        streams = [v.listing.items for v in self.leaf_views() if v.listing is not None]
        return list(itertools.islice(heapq.merge(*streams, key=_sort_key), limit))


@dataclass(frozen=True, slots=True)
class OverviewRow:
    view: ColumnView | None  # None for columns without a listing (the 指南)
    column: Column
    depth: int


def _sort_key(item: Item) -> tuple[int, str]:
    return item.sort_key


def _archive_key(item: Item) -> tuple[int, str]:
    """Archive order: the most recently 修改/失效/废止 first; equal dates by 索引号."""
    when = item.validity.date if item.validity and item.validity.date else item.published
    return (-when.toordinal(), item.index_no)


def column_listing(model: Model, column: Column, page_size: int = DEFAULT_PAGE_SIZE, base: str | None = None) -> Listing:
    """The paginated listing of a column's public items, newest first (current documents only where 有效性管理 is on).

    Reusable by other features (the annual report lists old-format report items with it).
    """
    items = model.column_items(column)
    if column.lifecycle:
        items = [i for i in items if i.current]
    base = base if base is not None else column.url + LIST_SUFFIX.get(column.kind, "")
    kind = "list" if base != column.url else "column"
    return Listing(kind, column, base, column.name, items, page_size)


class Directory:
    """All listings of a build, built once from the model."""

    def __init__(self, model: Model, views: dict[str, ColumnView], page_size: int) -> None:
        self.model = model
        self.views = views
        self.page_size = page_size

    @classmethod
    def build(
        cls,
        model: Model,
        page_size: int = DEFAULT_PAGE_SIZE,
        *,
        archive: bool = True,
        facets: dict[str, list[str]] | None = None,
    ) -> Directory:
        """Slice every column once. `facets` maps a column slug to facet keys (default: by column kind)."""
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        views: dict[str, ColumnView] = {}

        def build_view(column: Column) -> ColumnView | None:
            if column.kind not in LISTED_KINDS:
                return None
            if column.children:
                view = ColumnView(column, None)
                view.children = [v for c in column.children if (v := build_view(c)) is not None]
            else:
                view = cls._leaf_view(model, column, page_size, archive, facets)
            views[column.slug] = view
            return view

        for root in model.catalog.roots:
            build_view(root)
        return cls(model, views, page_size)

    @staticmethod
    def _leaf_view(model: Model, column: Column, page_size: int, archive: bool, facets: dict[str, list[str]] | None) -> ColumnView:
        everything = model.by_column.get(column.slug, [])  # public items, sorted by Item.sort_key once in the loader
        listing = column_listing(model, column, page_size)
        view = ColumnView(column, listing, all_latest=everything[0].published if everything else None)
        if column.lifecycle and archive:
            old = sorted((i for i in everything if not i.current), key=_archive_key)
            view.archive = Listing(
                "archive", column, f"{column.url}archive/", f"{column.name} · 历史文件", old, page_size, successors=model.by_index_no
            )
        if column.kind == "年报":
            return view  # the report items are few: no year or facet pages
        by_year: dict[int, list[Item]] = {}
        for item in listing.items:  # already sorted, so each year's list stays sorted
            by_year.setdefault(item.year, []).append(item)
        view.years = [
            Listing(
                "year",
                column,
                f"{column.url}{year}/",
                f"{column.name} · {year}年",
                by_year[year],
                page_size,
                label=f"{year}年",
                anchor=f"y{year}",
            )
            for year in sorted(by_year, reverse=True)
        ]
        # A column on one page already shows every item: its page groups them by year (issue #18) instead of
        # year pages that would repeat one or two of its rows each (most of a platform's generated pages).
        view.year_pages = listing.total_pages > 1
        keys = facets.get(column.slug, []) if facets is not None else DEFAULT_FACETS_BY_KIND.get(column.kind, ())
        for key in keys:
            facet = FACETS[key]
            groups: dict[str, list[Item]] = {}
            for item in listing.items:
                value = getattr(item, facet.attr, "")
                if value:
                    groups.setdefault(value, []).append(item)
            order = list(facet.values) + sorted(v for v in groups if v not in facet.values)
            listings = []
            for n, value in enumerate(order, 1):
                if value in groups:
                    slug = facet.values.get(value, str(n))
                    base = f"{column.url}{facet.segment}/{slug}/"
                    listings.append(Listing("facet", column, base, f"{column.name} · {value}", groups[value], page_size, label=value))
            view.facets.append(FacetView(facet, listings))
        return view

    def listings(self) -> Iterator[tuple[ColumnView, Listing]]:
        """Every listing with the view it belongs to (each generates one page per `page_size` items)."""
        for view in self.views.values():
            yield from ((view, listing) for listing in view.listings())

    def overview(self) -> list[OverviewRow]:
        """Every column of the catalog in tree order, for the 目录 page."""
        out: list[OverviewRow] = []

        def walk(columns: Iterable[Column], depth: int) -> None:
            for col in columns:
                out.append(OverviewRow(self.views.get(col.slug), col, depth))
                walk(col.children, depth + 1)

        walk(self.model.catalog.roots, 0)
        return out

    def latest_items(self, limit: int) -> list[Item]:
        """The newest `limit` listed items of the whole site."""
        streams = [v.listing.items for v in self.views.values() if v.listing is not None]
        return list(itertools.islice(heapq.merge(*streams, key=_sort_key), limit))

    @property
    def latest(self) -> dt.date | None:
        return max((v.latest for v in self.views.values() if v.latest is not None), default=None)

    @property
    def count(self) -> int:
        return sum(v.count for v in self.views.values() if v.listing is not None)
