"""The site-wide URLs that pages link to across plugins, each declared once, set by the plugin that makes the page.

On a platform of many bodies (issue #18) every body has the same pages under its URL prefix: `prefixed` gives
a body's URLs, which the core plugin hands to that body's pages as `gk_urls`.

A `SiteUrls` lives for one build (the core plugin holds it; templates get it as the global `gk_urls`). Values
are relative to the site root, folder URLs ending in `/`. The defaults are the pages' default places; the
plugin that owns a page sets its URL from its own options (`gongkai-search` → `search`, `gongkai-directory` →
`overview`, `library`, `report_list`, `gongkai-guide` → `apply`), so no other plugin or template re-declares
it. A page that is not built has `None`, and links to it are left out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .. import land_map
from .. import standard_catalog as sc
from .feeds import SITE_FEED_DIR

SEARCH = "search/"
OVERVIEW = "mulu/"
GUIDE = "zhinan/"
REPORT_INDEX = "nianbao/"
REPORT_COMPARE = "nianbao/duibi/"
SITE_RSS = SITE_FEED_DIR + "/rss.xml"
SITE_ATOM = SITE_FEED_DIR + "/atom.xml"


@dataclass(slots=True)
class SiteUrls:
    home: str = ""
    """The body's 专栏 home: "" for the 本级政府 (the portal home), "<id>/" for a department or township."""
    search: str = SEARCH
    """The 全文检索 page (gongkai-search, option `page`): the header, 404, home, 指南 and 文件库 search forms submit here."""
    overview: str = OVERVIEW
    """The 目录 overview (gongkai-directory)."""
    site_rss: str | None = SITE_RSS
    """The whole site's feeds (gongkai-directory, option `feeds`)."""
    site_atom: str | None = SITE_ATOM
    guide: str = GUIDE
    """The 政府信息公开指南 (gongkai-guide)."""
    standard_catalog: str | None = sc.INDEX_URL
    """The 基层政务公开标准目录 and its 未涉及领域 page (gongkai-guide); None when the body adopts no domain."""
    standard_excluded: str | None = sc.EXCLUDED_URL
    land_map: str = land_map.URL
    """征地信息 with its map (gongkai-guide)."""
    report_compare: str = REPORT_COMPARE
    """The 年报 year-over-year page (gongkai-report)."""
    apply: str | None = None
    """The 依申请公开 section (gongkai-guide, options `apply`, `apply_path`)."""
    library: str | None = None
    """The 行政规范性文件库 (gongkai-directory, options `library`, `library_path`), when the catalog has one."""
    report_list: str | None = None
    """The 年报 column's item list (gongkai-directory), which the 年报 index links to."""

    def prefixed(self, prefix: str) -> SiteUrls:
        """The same pages of a platform body whose 专栏 lives under `prefix` ("<id>/"); the search page stays portal-wide."""
        if not prefix:
            return self
        changes = {
            f.name: prefix + value
            for f in dataclasses.fields(self)
            if f.name != "search" and isinstance(value := getattr(self, f.name), str)
        }
        return dataclasses.replace(self, **changes)
