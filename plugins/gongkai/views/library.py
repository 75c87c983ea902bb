"""The 行政规范性文件库's pages (DOMAIN §2.4, §14): every 规章 and 行政规范性文件 of the body, by state, year and issuer.

It owns the library's listings (built once per build from the columns with 有效性管理, O(N log N)) and the
现行有效文件目录 as CSV. States come from `model.Validity`, computed for the build date: a document past its
有效期 is listed and counted as 已失效 without anyone editing its file. The 登记编号 pattern and the 有效期
reminder are `gongkai.library`'s. Knows nothing of MkDocs (the directory plugin adapts it).

URLs (relative to the site root, `wjk/` by default):
  `wjk/` (+ `page/N/`)            every document, newest 成文日期 first, with its state
  `wjk/xxyx/`                     现行有效文件目录 (有效 and 尚未生效), also as `wjk/xxyx.csv`
  `wjk/ysx/`, `wjk/yfz/`, `wjk/yxg/`  已失效, 已废止, 已修改: with the date, the reason and the successor
  `wjk/<YYYY>/`                   one year (by 成文日期, else 发布日期), only where `wjk/` needs more than one page; a
                                  library that fits on one page groups its documents by year there (`wjk/#y2024`)
  `wjk/jg/<N>/`                   one 发文机关 (N: its position in the issuers' sorted list)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Column, Item, Model
from .directory import Listing, year_link

DEFAULT_BASE = "wjk/"
STATE_LISTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("xxyx", "现行有效文件目录", ("有效", "尚未生效")),
    ("ysx", "已失效文件", ("已失效",)),
    ("yfz", "已废止文件", ("已废止",)),
    ("yxg", "已修改文件", ("已修改",)),
)
"""(URL segment, title, states listed): the 现行有效 list first, then the ended states."""
CSV_NAME = "xxyx.csv"
CSV_HEADER = ("序号", "标题", "发文字号", "登记编号", "发文机关", "成文日期", "施行日期", "有效期", "有效性", "索引号", "网址")


def issued(item: Item) -> dt.date:
    """The year and order of a document: its 成文日期, else its 发布日期."""
    return item.written or item.published


def _newest(item: Item) -> tuple[int, str]:
    return (-issued(item).toordinal(), item.index_no)


def _ended_first(item: Item) -> tuple[int, str]:
    v = item.validity
    when = v.date if v is not None and v.date else item.published
    return (-when.toordinal(), item.index_no)


@dataclass(eq=False, slots=True)
class Library:
    """The library's listings. `group` is the column the library belongs to (for the listing objects)."""

    base: str
    columns: list[Column]
    everything: Listing
    states: list[Listing] = field(default_factory=list)
    years: list[Listing] = field(default_factory=list)
    issuers: list[Listing] = field(default_factory=list)
    year_pages: bool = True  # False: every document fits on `wjk/`, which groups them by year (no year pages)

    @property
    def current(self) -> Listing:
        return self.states[0]

    @property
    def csv_url(self) -> str:
        return self.base + CSV_NAME

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def listings(self) -> Iterator[Listing]:
        """The listings that have pages of their own: everything, each state, each year (unless the library fits on
        one page), each 发文机关."""
        yield self.everything
        yield from self.states
        if self.year_pages:
            yield from self.years
        yield from self.issuers

    def year_href(self, year: Listing, here: Listing | None = None) -> str:
        """Where a year link on the page of `here` leads (`year_link`; the one page is `wjk/`)."""
        return year_link(year, self.everything, self.year_pages, here)

    @property
    def latest(self) -> dt.date | None:
        return max((i.published for i in self.everything.items), default=None)


def lifecycle_columns(model: Model) -> list[Column]:
    return [c for c in model.catalog.item_columns if c.lifecycle]


def build(model: Model, page_size: int, base: str = DEFAULT_BASE) -> Library | None:
    """The library, or None when the catalog has no column with 有效性管理."""
    columns = lifecycle_columns(model)
    if not columns:
        return None
    group = columns[0].parent or columns[0]
    docs = sorted((i for c in columns for i in model.by_column.get(c.slug, [])), key=_newest)
    lib = Library(base, columns, Listing("library", group, base, "行政规范性文件库", docs, page_size))
    for segment, title, states in STATE_LISTS:
        chosen = [i for i in docs if i.validity is not None and i.validity.state in states]
        if segment != "xxyx":
            chosen.sort(key=_ended_first)
        lib.states.append(
            Listing("library-state", group, f"{base}{segment}/", title, chosen, page_size, label=title, successors=model.by_index_no)
        )
    by_year: dict[int, list[Item]] = {}
    by_issuer: dict[str, list[Item]] = {}
    for item in docs:
        by_year.setdefault(issued(item).year, []).append(item)
        for issuer in item.issuers:
            by_issuer.setdefault(issuer, []).append(item)
    lib.years = [
        Listing("library-year", group, f"{base}{y}/", f"行政规范性文件库 · {y}年", by_year[y], page_size, label=f"{y}年", anchor=f"y{y}")
        for y in sorted(by_year, reverse=True)
    ]
    # As for a column (`Directory`): a library on one page already shows every document, grouped by year there,
    # instead of year pages that would repeat a few of its rows each (issue #18).
    lib.year_pages = lib.everything.total_pages > 1
    lib.issuers = [
        Listing("library-issuer", group, f"{base}jg/{n}/", f"行政规范性文件库 · {name}", by_issuer[name], page_size, label=name)
        for n, name in enumerate(sorted(by_issuer), 1)
    ]
    return lib


def csv_text(lib: Library, site_url: str) -> str:
    """The 现行有效文件目录 as CSV (UTF-8 with BOM so Excel opens it), in the page's order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for n, item in enumerate(lib.current.items, 1):
        v = item.validity
        writer.writerow(
            (
                n,
                item.title,
                item.doc_no,
                item.registration,
                "、".join(item.issuers),
                item.written.isoformat() if item.written else "",
                v.effective.isoformat() if v and v.effective else "",
                v.term if v else "",
                v.state if v else "",
                item.index_no,
                site_url + item.url,
            )
        )
    return "\ufeff" + out.getvalue()


def write_csv(site_dir: Path, lib: Library, site_url: str) -> Path:
    path = site_dir / lib.csv_url
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(lib, site_url), encoding="utf-8", newline="")
    return path
