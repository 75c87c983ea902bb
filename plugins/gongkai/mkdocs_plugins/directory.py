"""The directory plugin (`gongkai-directory`): adapts `gongkai.views.directory`, `feeds`, `opendata` and `sitemap` to MkDocs.

It owns the generated directory pages (column, year, archive, facet and 分组 pages, the 年报 item list and the
目录 overview at `mulu/`), the context those pages receive, and the post-build files: RSS/Atom feeds,
`opendata/catalog.{json,csv}` with their schema, and `sitemap.xml` (replacing MkDocs' own, whose lastmod is the
build date). All slicing happens once in `on_files`; every page event is a dict lookup.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from ..model import Item, Model
from ..views import feeds, opendata, sitemap, urls
from ..views import library as library_mod
from ..views.directory import DEFAULT_PAGE_SIZE, FACETS, Directory, Listing
from .core import get_item, get_partition, get_platform, get_urls, previewing
from .pages import GeneratedPages, Staff
from .provenance import item_history

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

OVERVIEW_URI = urls.OVERVIEW + "index.md"
TEMPLATES = {
    "column": "gongkai/directory.html",
    "year": "gongkai/directory.html",
    "facet": "gongkai/directory.html",
    "list": "gongkai/directory.html",
    "archive": "gongkai/directory_archive.html",
    "group": "gongkai/directory_group.html",
    "overview": "gongkai/directory_overview.html",
    "library": "gongkai/library.html",
}


class DirectoryConfig(Config):
    page_size = c.Type(int, default=DEFAULT_PAGE_SIZE)
    """Items per directory page."""
    feed_size = c.Type(int, default=50)
    """Items per RSS/Atom feed (newest first)."""
    archive = c.Type(bool, default=True)
    """List 已修改/已失效/已废止 documents on `<slug>/archive/`; false follows seed 004 literally (current only)."""
    facets = c.Optional(c.DictOfItems(c.ListOfItems(c.Choice(tuple(FACETS)))))
    """Column slug -> facet keys with static filter pages; default: 解读形式 for every column of kind 解读."""
    library = c.Type(bool, default=True)
    """The 行政规范性文件库 (gongkai.views.library) at `library_path`, with the 现行有效文件目录 CSV."""
    library_path = c.Type(str, default=library_mod.DEFAULT_BASE)
    feeds = c.Type(bool, default=True)
    opendata = c.Type(bool, default=True)
    sitemap = c.Type(bool, default=True)


class DirectoryPlugin(BasePlugin[DirectoryConfig]):
    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.directory: Directory | None = None
        self.model: Model | None = None
        self.directories: dict[str, tuple[Model, Directory]] = {}  # URL prefix -> each platform body's directory
        self.libraries: dict[str, library_mod.Library] = {}
        self.pages = GeneratedPages("gongkai-directory")
        self.lastmod: dict[str, dt.date | None] = {}
        self.files: Files | None = None
        self.site_url = ""
        self.links: dict[str, str] = {}
        self.library: library_mod.Library | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Declared so that MkDocs keeps this object across `mkdocs serve` rebuilds: the preview compares its views."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state (serve rebuilds reuse this object) and check the options that need the site URL."""
        self._reset()
        if self.config.page_size < 1 or self.config.feed_size < 1:
            raise PluginError("gongkai-directory: page_size 和 feed_size 必须是正整数")
        if (self.config.feeds or self.config.sitemap or self.config.opendata) and not config.site_url:
            raise PluginError("gongkai-directory: 订阅源、开放数据和网站地图需要完整网址，请在 mkdocs.yml 中设置 site_url")
        self.site_url = (config.site_url or "").rstrip("/") + "/"
        self.links = {"overview": LINKS["overview"]}
        for switch, keys in (("feeds", ("site_rss", "site_atom")), ("opendata", ("catalog_json", "catalog_csv", "catalog_schema"))):
            if self.config[switch]:
                self.links.update({k: LINKS[k] for k in keys})
        if self.config.sitemap:
            self.links["sitemap"] = LINKS["sitemap"]
        if not self.config.feeds:
            site_urls = get_urls(config)
            site_urls.site_rss = site_urls.site_atom = None  # no feed links anywhere (the home and 指南 show them)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Default priority (0): after the core plugin (50) has built the model. Adds one stub per directory page,
        for every body of the platform under its URL prefix."""
        for model in get_platform(config).bodies:
            directory = Directory.build(model, self.config.page_size, archive=self.config.archive, facets=self.config.facets)
            self.directories[model.prefix] = (model, directory)
            self._add_body(files, config, model, directory)
        self.model, self.directory = self.directories[""]
        self.library = self.libraries.get("")
        return files

    def _add_body(self, files: Files, config: MkDocsConfig, model: Model, directory: Directory) -> None:
        prefix = model.prefix
        site_urls = get_urls(config, prefix)
        links = {k: v if k == "sitemap" else prefix + v for k, v in self.links.items()}  # one sitemap.xml for the site
        for view in directory.views.values():
            if view.listing is None:
                ctx = {"dir_view": view, "dir_links": links}
                self._add(files, config, view.column.url + "index.md", view.column.name, "group", ctx, view.latest)
        for view, listing in directory.listings():
            for lp in listing.pages():
                title = listing.title if lp.number == 1 else f"{listing.title}（第{lp.number}页）"
                ctx = {"dir_view": view, "dir_page": lp, "dir_links": links}
                self._add(files, config, lp.src_uri, title, listing.kind, ctx, _listing_lastmod(listing))
            if listing.kind == "list":
                site_urls.report_list = listing.base  # the 年报 column's items; the 年报 index (gongkai-report) links here
        ctx = {"dir_overview": directory, "dir_links": links}
        self._add(files, config, prefix + OVERVIEW_URI, "目录", "overview", ctx, directory.latest)
        if self.config.library:
            self._add_library(files, config, model, links)

    def _add_library(self, files: Files, config: MkDocsConfig, model: Model, links: dict[str, str]) -> None:
        base = model.prefix + self.config.library_path.strip("/") + "/"
        lib = library_mod.build(model, self.config.page_size, base)
        get_urls(config, model.prefix).library = lib.base if lib is not None else None  # the home links here
        if lib is None:
            return
        self.libraries[model.prefix] = lib
        extra = {"lib": lib, "lib_today": model.today, "dir_links": links}
        latest = lib.latest
        for listing in lib.listings():
            for lp in listing.pages():
                title = listing.title if lp.number == 1 else f"{listing.title}（第{lp.number}页）"
                self._add(files, config, lp.src_uri, title, "library", {**extra, "lib_page": lp}, latest)

    def _add(
        self, files: Files, config: MkDocsConfig, src_uri: str, title: str, kind: str, context: dict[str, Any], lastmod: dt.date | None
    ) -> None:
        self.lastmod[src_uri] = lastmod
        # A page written by staff (e.g. an introduction) keeps its text and gets the listing below it.
        self.pages.add(files, config, src_uri, title, TEMPLATES[kind], {**context, "dir_kind": kind}, staff=Staff.INTRODUCES)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """Keep the final file list for the sitemap (all plugins' on_files have run by now)."""
        self.files = files
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """O(1): a staff-written page at a directory URL gets the directory template unless it names its own."""
        self.pages.set_template(page)
        return markdown

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext | None:
        """O(1): hand a directory page its view and its own slice (looked up by src_uri)."""
        extra = self.pages.context_for(page)
        if extra is not None:
            context.update(extra)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Once per build, after every page exists: each body's feeds and open data under its prefix, one sitemap."""
        if not self.directories:
            return
        site_dir = Path(config.site_dir)
        history = item_history(config)

        def item_lastmod(item: Item) -> dt.date:
            return sitemap.latest_change(item.published, history.get(item.src_uri))

        part = get_partition(config)
        for prefix, (model, directory) in self.directories.items():
            if part is not None and not part.owns(prefix + "index.html"):
                continue  # another partition writes this body's feeds and open data (`gongkai assemble` takes them from there)
            if self.config.feeds:
                specs = feeds.site_specs(model.body.name, directory, self.config.feed_size, prefix + urls.OVERVIEW, prefix)
                feeds.write_feeds(site_dir, self.site_url, specs, author=model.body.name, fallback=model.today, lastmod=item_lastmod)
            if self.config.opendata and not previewing(config):  # every item: written by full builds only
                own = (i for i in (*model.items, *model.joint_items) if i.public)
                published = sorted(own, key=lambda i: i.sort_key)
                opendata.write_opendata(site_dir, published, model.body, self.site_url, model.today, history, prefix)
            if prefix in self.libraries:
                library_mod.write_csv(site_dir, self.libraries[prefix], self.site_url)
        if self.config.sitemap and self.files is not None and not previewing(config):  # a preview renders a few pages only
            entries = self._sitemap_entries(config, item_lastmod)
            sitemap.write_sitemap(site_dir, entries)
            part = get_partition(config)
            if part is not None:  # `gongkai assemble` writes the sitemap again from every partition's entries
                part.sitemap = [(loc, when.isoformat() if when else None) for loc, when in entries]

    def _sitemap_entries(self, config: MkDocsConfig, item_lastmod: Any) -> list[tuple[str, dt.date | None]]:
        assert self.files is not None
        out = []
        for f in self.files.documentation_pages():
            if f.page is None or f.page.meta.get("gongkai_private"):  # staff-only pages (gongkai-dashboard)
                continue
            found = get_item(config, f.src_uri)
            if found is not None:
                when: dt.date | None = item_lastmod(found[0])
            elif f.src_uri in self.lastmod:
                when = self.lastmod[f.src_uri]
            else:
                when = next(iter(sitemap.dates_in(f.page.meta.get("更新日期"))), None)
            url = "" if f.url in ("./", ".") else f.url
            out.append((self.site_url + url, when))
        return out


def _listing_lastmod(listing: Listing) -> dt.date | None:
    """A listing page changes whenever an item enters the listing: its newest date (status date for archives)."""
    if listing.kind == "archive":
        return max((i.validity.date or i.published for i in listing.items[:1] if i.validity), default=None)
    return listing.latest


LINKS = {
    "overview": urls.OVERVIEW,
    "site_rss": urls.SITE_RSS,
    "site_atom": urls.SITE_ATOM,
    "catalog_json": opendata.OUT_DIR + opendata.JSON_NAME,
    "catalog_csv": opendata.OUT_DIR + opendata.CSV_NAME,
    "catalog_schema": opendata.OUT_DIR + opendata.SCHEMA_NAME,
    "sitemap": "sitemap.xml",
}
"""Site-wide URLs (relative to the site root) the directory templates link to."""
