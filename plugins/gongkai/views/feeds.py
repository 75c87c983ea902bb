"""Feeds: RSS 2.0 and Atom 1.0 for the whole site and for each column (the newest N listed items).

It owns what goes into a feed (titles, links, dates, summaries) and writes the XML with `feedgen`, a maintained
library that emits both formats from one description. Knows nothing of MkDocs: the directory plugin calls
`write_feeds` once after the build. Dates are the items' 发布日期 at 00:00 China Standard Time; the feed's own
update time is its newest entry's, so rebuilding unchanged content yields identical files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator

from ..model import Item
from .summary import summary as item_summary

if TYPE_CHECKING:
    from .directory import Directory

CST = dt.timezone(dt.timedelta(hours=8), "CST")
LANGUAGE = "zh-CN"
SITE_FEED_DIR = "feeds"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Drop characters XML 1.0 forbids (control characters pasted from word processors)."""
    return _XML_INVALID.sub("", text)


def as_datetime(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=CST)


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed pair: `<path>rss.xml` and `<path>atom.xml` under the site root."""

    path: str  # "" for the site root, "feeds/" or "<slug>/"
    title: str
    description: str
    page_url: str  # the HTML page the feed mirrors, relative to the site root
    items: Sequence[Item]


def site_specs(body: str, directory: Directory, size: int, overview_url: str, prefix: str = "") -> list[FeedSpec]:
    """The body's feed (the newest `size` items, mirroring the 目录 overview) and one per column, under its URL prefix."""
    description = f"{body}政府信息公开专栏最新发布的{size}条信息"
    specs = [FeedSpec(prefix + SITE_FEED_DIR + "/", f"{body}政府信息公开", description, overview_url, directory.latest_items(size))]
    for view in directory.views.values():
        name = view.column.name
        description = f"{body}政府信息公开专栏「{name}」最新发布的信息"
        specs.append(FeedSpec(view.column.url, f"{body} · {name}", description, view.list_url, view.latest_items(size)))
    return specs


def _generator(
    spec: FeedSpec, site_url: str, self_url: str, author: str, fallback: dt.date, lastmod: Callable[[Item], dt.date]
) -> FeedGenerator:
    fg = FeedGenerator()
    page = site_url + spec.page_url
    fg.id(page)
    fg.title(clean(spec.title))
    fg.description(clean(spec.description) or clean(spec.title))
    fg.subtitle(clean(spec.description) or clean(spec.title))
    fg.link(href=page, rel="alternate")
    fg.link(href=self_url, rel="self")
    fg.language(LANGUAGE)
    fg.author({"name": clean(author)})
    newest = max((lastmod(i) for i in spec.items), default=fallback)
    fg.updated(as_datetime(newest))
    fg.lastBuildDate(as_datetime(newest))
    for item in spec.items:
        url = site_url + item.url
        fe = fg.add_entry(order="append")
        fe.guid(url, permalink=True)
        fe.title(clean(item.title))
        fe.link(href=url, rel="alternate")
        summary = clean(item_summary(item))
        if summary:
            fe.summary(summary)
        fe.published(as_datetime(item.published))
        fe.updated(as_datetime(lastmod(item)))
        fe.category(term=clean(item.column.name))
        fe.author({"name": clean(item.issuer_text)})
    return fg


def write_feeds(
    site_dir: Path,
    site_url: str,
    specs: Sequence[FeedSpec],
    *,
    author: str,
    fallback: dt.date,
    lastmod: Callable[[Item], dt.date] = lambda item: item.published,
) -> list[str]:
    """Write every feed pair; returns the written paths relative to `site_dir`. `site_url` must end with "/"."""
    written = []
    for spec in specs:
        (site_dir / spec.path).mkdir(parents=True, exist_ok=True)
        fg = _generator(spec, site_url, site_url + spec.path + "rss.xml", author, fallback, lastmod)  # once per pair
        for name, render in (("rss.xml", FeedGenerator.rss_file), ("atom.xml", FeedGenerator.atom_file)):
            rel = spec.path + name
            _self_link(fg, site_url + rel)  # the one field the pair's two files differ in
            render(fg, str(site_dir / rel), pretty=True)
            written.append(rel)
    return written


def _self_link(fg: FeedGenerator, href: str) -> None:
    """Point the feed's rel="self" link at `href` (the file being written), keeping every other link as it was."""
    fg.link([link if link.get("rel") != "self" else {**link, "href": href} for link in fg.link()], replace=True)
