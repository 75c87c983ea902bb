"""Feeds: RSS 2.0 and Atom 1.0 for the whole site and for each column (the newest N listed items).

It owns what goes into a feed (titles, links, dates, summaries) and writes the XML: each feed's document with
`feedgen`, a maintained library that emits both formats from one description, and each item's entry once per
build as the text feedgen writes for it (its elements in feedgen's order, escaped and indented as lxml, feedgen's
XML library, writes them), so that an item listed by the body's feed and by its column's is not described, built
and serialised again for every feed (feedgen's per-entry work was most of the feeds' time). The files are byte for
byte feedgen's (tests/test_feeds_build.py). Knows nothing of MkDocs: the directory plugin calls `write_feeds` once
after the build. Dates are the items' 发布日期 at 00:00 China Standard Time; the feed's own update time is its
newest entry's, so rebuilding unchanged content yields identical files.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator
from feedgen.util import formatRFC2822

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


@functools.lru_cache(maxsize=4096)
def _day_texts(day: dt.date) -> tuple[str, str]:
    """A day as an entry writes it: RFC 2822 for RSS (feedgen's `formatRFC2822`, which switches the locale to C and
    back on every call) and ISO 8601 for Atom; the same few hundred days recur across a body's entries."""
    when = as_datetime(day)
    return formatRFC2822(when), when.isoformat()


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


@dataclass(frozen=True, slots=True)
class _Entry:
    """One item's entry as it stands in every feed that lists it (the body's feed, its column's, a parent column's):
    the bytes of its RSS `<item>` and of its Atom `<entry>`, indentation included."""

    rss: bytes
    atom: bytes


def _esc(text: str) -> str:
    """Text content as lxml (libxml2) writes it: `&`, `<`, `>` and carriage returns escaped, everything else as is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(text: str) -> str:
    """An attribute value as lxml writes it: `_esc`, and `"`, line feeds and tabs escaped."""
    return _esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _entry(item: Item, site_url: str, lastmod: Callable[[Item], dt.date]) -> _Entry:
    """The bytes feedgen writes for the entry of `item` (pretty-printed by lxml at the entry's depth in the feed), for
    the fields a Gongkai feed sets (guid, title, alternate link, summary, published, updated, category, author), in
    feedgen's order and with its rules: no summary/description when there is none, no author without a name, the
    Atom link without its rel (feedgen 1.0 writes `<link href>` only). Written as text: building the elements with
    lxml to serialise them was most of an entry's time. tests/test_feeds_build.py checks the bytes against feedgen's
    own output, and the escaping against lxml's for every character class."""
    url = _esc(site_url + item.url)
    title = _esc(clean(item.title))
    if not title:
        raise ValueError(f"{item.src_uri}: 订阅源条目缺少标题")  # feedgen: "Required fields not set"
    summary = _esc(clean(item_summary(item)))
    published, published_iso = _day_texts(item.published)
    category = clean(item.column.name)
    author = _esc(clean(item.issuer_text))
    rss = [f"    <item>\n      <title>{title}</title>\n      <link>{url}</link>\n"]
    if summary:
        rss.append(f"      <description>{summary}</description>\n")
    rss.append(
        f'      <guid isPermaLink="true">{url}</guid>\n      <category>{_esc(category)}</category>\n'
        f"      <pubDate>{published}</pubDate>\n    </item>\n"
    )
    atom = [f"  <entry>\n    <id>{url}</id>\n    <title>{title}</title>\n    <updated>{_day_texts(lastmod(item))[1]}</updated>\n"]
    if author:
        atom.append(f"    <author>\n      <name>{author}</name>\n    </author>\n")
    atom.append(f'    <link href="{_attr(site_url + item.url)}"/>\n')
    if summary:
        atom.append(f"    <summary>{summary}</summary>\n")
    atom.append(f'    <category term="{_attr(category)}"/>\n    <published>{published_iso}</published>\n  </entry>\n')
    return _Entry("".join(rss).encode(), "".join(atom).encode())


def _generator(
    spec: FeedSpec,
    site_url: str,
    self_url: str,
    author: str,
    fallback: dt.date,
    lastmod: Callable[[Item], dt.date],
) -> FeedGenerator:
    """The feed's own fields (feedgen writes the document; the entries are spliced in by `write_feeds`)."""
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
    entries: dict[int, _Entry] = {}  # by id(item): the specs hold every item while this runs
    for spec in specs:
        (site_dir / spec.path).mkdir(parents=True, exist_ok=True)
        fg = _generator(spec, site_url, site_url + spec.path + "rss.xml", author, fallback, lastmod)  # once per pair
        listed = []
        for item in spec.items:
            entry = entries.get(id(item))
            if entry is None:
                entry = entries[id(item)] = _entry(item, site_url, lastmod)
            listed.append(entry)
        for name, render, close, part in (
            ("rss.xml", FeedGenerator.rss_str, b"  </channel>\n</rss>\n", "rss"),
            ("atom.xml", FeedGenerator.atom_str, b"</feed>\n", "atom"),
        ):
            rel = spec.path + name
            _self_link(fg, site_url + rel)  # the one field the pair's two files differ in
            head = render(fg, pretty=True)  # the feed without entries: they come last in both formats
            assert head.endswith(close), head[-80:]
            body = b"".join(getattr(e, part) for e in listed)
            (site_dir / rel).write_bytes(head[: -len(close)] + body + close)
            written.append(rel)
    return written


def _self_link(fg: FeedGenerator, href: str) -> None:
    """Point the feed's rel="self" link at `href` (the file being written), keeping every other link as it was."""
    fg.link([link if link.get("rel") != "self" else {**link, "href": href} for link in fg.link()], replace=True)
