"""网站地图 (the HTML site map at `sitemap/`, linked from every footer): the column tree plus every other page.

Owns: choosing what the map lists. Items are never listed (a body may have 20,000); columns are listed
in catalog order, linked when the build has a page at the column's URL; every other page (generated or
written by staff: 指南, 目录, 年报, 联系我们 …) is listed by title, except the 2nd and later pages of a
paginated listing (`…/page/N/`). Knows nothing of MkDocs: it receives (url, title) pairs once per build.
(`gongkai.views.sitemap` is a different thing: the XML sitemap for search engines.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Catalog, Column

_PAGED = re.compile(r"(^|/)page/\d+/$")


@dataclass(slots=True)
class Node:
    name: str
    url: str  # "" when the build has no page for this column
    children: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class SiteMap:
    has_home: bool
    columns: list[Node]
    pages: list[tuple[str, str]]  # (title, url) of the other pages, by url
    name: str = ""  # a platform body's name (its section of the portal's map)
    home: str = ""  # the URL of its 专栏 home ("" = the site root)
    bodies: list[SiteMap] = field(default_factory=list)  # the map of every other body of the platform, in platform order


def build(catalog: Catalog, pages: Iterable[tuple[str, str]], *, exclude: Iterable[str] = (), home: str = "", name: str = "") -> SiteMap:
    """`pages`: (url, title) of every non-item page of the body, URLs relative to the site root (`home` = its home)."""
    skip = set(exclude)
    titles = {url: title for url, title in pages if url not in skip and not _PAGED.search(url)}
    has_home = titles.pop(home, None) is not None

    def node(col: Column) -> Node:
        url = col.url if titles.pop(col.url, None) is not None else ""
        return Node(col.name, url, [node(child) for child in col.children])

    columns = [node(root) for root in catalog.roots]
    rest = sorted(((title or url, url) for url, title in titles.items()), key=lambda p: p[1])
    return SiteMap(has_home, columns, rest, name, home)
