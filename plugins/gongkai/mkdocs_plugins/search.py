"""The search plugin (`gongkai-search`): the 全文检索 page at `search/`, the exact-lookup files, and Pagefind.

It only adapts MkDocs events to `gongkai.views.search`: it generates the search page, gives item templates
the facet values and extra title terms (Jinja globals), gives the search page its settings, and after
the build writes the exact 文号/索引号 lookup. Pagefind (extended binary) runs beside the build on the other
core: at most `pages_per_index` pages per Pagefind process, one process after another, their parts merged into
one bundle at the end (`gongkai.pagefind_service`). Items are indexed from their search documents
(`gongkai/search_document.html`: model + body HTML), sent as soon as MkDocs has converted their Markdown; other
pages with a search body (指南, 年报) are sent when rendered. Item pages are rendered last (`on_files`), so the last
Pagefind process can write its part, and the parts be merged, while MkDocs renders them: indexing adds little to
the build's wall time. A partition build keeps its parts for `gongkai assemble` (`gongkai.partition`).
Material's own search plugin is not used: its single JSON index has no Chinese segmentation.

On a platform of many bodies (issue #18) the index, the exact lookup and the page at `search/` are portal-wide,
with the 机关 facet; every other body gets its own page under its prefix (`<id>/search/`, its `gk_urls.search`, so
its header search box submits there), scoped to that body until the reader widens it to the whole portal, and its
own bundle `<id>/pagefind/` (the pages whose 机关 filter names it, written by the same merge as the portal's), which
that page searches while it is scoped. That page lists only its body's facet values and has its body's own exact
lookup (`<id>/search/exact/`, the entries of the items in its bundle; written, in a partition build, by the partition
that owns the body), so that a body's scoped first query costs about what it costs on a single-body site of that body.
The 本级政府 has no scoped page (its search is the portal's `search/`), so no bundle or lookup of its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import pagefind_service, partition
from ..model import Item, Model, cn_date
from ..views import search, summary
from ..views.item import ItemView
from . import pages
from .core import get_item, get_items, get_model, get_partition, get_platform, get_urls, html_lang, previewing

if TYPE_CHECKING:
    from jinja2 import Environment, Template
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)


class SearchConfig(Config):
    page = c.Type(str, default="search/index.md")
    """Where the generated search page lives (URL `search/`); the header search box submits to it."""
    pagefind = c.Type(bool, default=True)
    """Run Pagefind after the build. Switch off only for builds that never serve search (e.g. fast previews)."""
    title_chars = c.Type(bool, default=True)
    """Index each title once more as single characters, so any substring of a Chinese title is found (see gongkai.search)."""
    results_per_page = c.Type(int, default=10)
    """Results shown before the 「显示更多」 button."""
    pages_per_index = c.Type(int, default=0)
    """The most pages one Pagefind process indexes (0: `pagefind_service.PAGES_PER_INDEX`); more pages are indexed in parts, then merged."""


def _date_order(item: Item, file: File) -> tuple[dt.date, str, str]:
    """An item page's place among the items: its 发布日期, 索引号 and URL (the text of its date sort)."""
    return item.published, item.index_no, file.url


def _date_text(item: Item, file: File) -> str:
    """`_date_order` as one text in the same order (the date is ISO, a 索引号 holds no space nor control character),
    for the merge (`pagefind_merge.merge`'s `dates`) when the build's order is not the date order."""
    published, index_no, url = _date_order(item, file)
    return f"{published.isoformat()} {index_no} {url}"


class SearchPlugin(BasePlugin[SearchConfig]):
    def __init__(self) -> None:
        self.exact: dict[str, list[str]] = {}
        self.facet_values: list[tuple[str, list[str]]] = []
        self.bodies: dict[str, tuple[str, ...]] | None = None  # src_uri -> 机关 facet values (None: a platform of one)
        self.scoped: dict[str, tuple[str, str]] = {}  # src_uri of a body's own search page -> that body's name, URL prefix
        self.scope_items: dict[str, list[Item]] = {}  # a body's name -> the items of its own bundle (`search.scope_items`)
        self.scope_facets: dict[str, list[tuple[str, list[str]]]] = {}  # a body's name -> its scoped page's facet values
        self.scope_shards: dict[str, int] = {}  # a body's name -> the shard count of its own exact lookup
        self.scope_exact: dict[str, dict[str, list[str]]] = {}  # a body's lookup folder -> its entries, where this build writes it
        self.scope_dirs: dict[str, str] = {}  # a body's name -> its own bundle's folder in the site (`search.scope_bundle`)
        self.scope_paths: dict[str, Path] = {}  # such a folder -> its path under the site (`_start_pagefind`), not made per page
        self.site = Path()
        self.portal_url = ""
        self.stream: pagefind_service.PagefindIndex | pagefind_service.PagefindParts | None = None
        self.binary: Path | None = None
        self.document: Template | None = None
        self.dirty = False
        self.serving = False  # `mkdocs serve`: the search page says that search may lag behind the preview
        self.pages = pages.GeneratedPages("gongkai-search")
        self.partition: partition.Partition | None = None  # a partition build records its documents for `gongkai assemble`

    @property
    def indexing(self) -> bool:
        """Search documents are sent to Pagefind (in a partition build: its parts, kept for `gongkai assemble`)."""
        return self.stream is not None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state (the plugin object survives `mkdocs serve` rebuilds)."""
        self.exact = {}
        self.bodies = None
        self.scoped = {}
        self.scope_dirs = {}
        self.scope_paths = {}
        self.scope_items = {}
        self.scope_facets = {}
        self.scope_shards = {}
        self.scope_exact = {}
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """A missing Pagefind binary stops the build here, before any work, not after it."""
        self._stop()
        self.binary = None
        if not self.config.pagefind:
            return
        if self.dirty:
            # --dirty converts and renders only changed pages, so a new index would hold only those. The
            # site directory is not cleaned: the last full build's index stays, complete but not updated.
            log.info("增量生成（--dirty）不更新全文检索索引，保留上次完整生成的索引；发布前请完整生成（make site）")
            return
        try:
            self.binary = pagefind_service.extended_binary()
        except pagefind_service.PagefindMissing as exc:
            raise PluginError(f"gongkai-search: {exc}") from None

    def _start_pagefind(self, config: MkDocsConfig) -> None:
        """Start Pagefind once the model is loaded: the loader forks its workers only while the process has one thread."""
        self.partition = get_partition(config) if self.binary is not None else None
        if self.binary is None or previewing(config):  # a preview keeps the last index
            return
        site, limit = Path(config.site_dir), self.config.pages_per_index
        self.site = site
        self.scope_paths = {folder: site / folder for folder in self.scope_dirs.values()}
        try:
            if self.partition is not None:  # its parts stay for `gongkai assemble`, which merges every partition's parts
                self.stream = pagefind_service.PagefindParts(site / partition.OUT_DIR / partition.PARTS_DIR, self.binary, limit)
            else:
                self.stream = pagefind_service.PagefindIndex(site / search.BUNDLE_DIR, self.binary, limit)
        except (OSError, RuntimeError) as exc:
            raise PluginError(f"gongkai-search: Pagefind 无法启动：{exc}") from None

    def _add_search_page(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Default priority, after the core (50) has built the model: add the search pages, size the lookup."""
        platform = get_platform(config)
        public = [i for model in platform.bodies for i in model.public_items]  # portal-wide search
        self.bodies = search.item_bodies(platform)
        self.exact = search.exact_entries(public, self.bodies)
        order = [b.body.name for b in platform.bodies]
        self.facet_values = search.facet_values(public, self.bodies, order)
        self.scope_items = search.scope_items(public, self.bodies) if self.bodies is not None else {}
        helper = self.pages = pages.GeneratedPages("gongkai-search")
        page = helper.add(files, config, self.config.page, "全文检索", "gongkai/search.html")
        assert page is not None  # a staff page at this URL stops the build (Staff.FORBIDDEN)
        get_urls(config).search = page.url  # every search form (header, 404, home, 指南, 文件库) submits here
        self.portal_url = page.url
        for body in platform.bodies if self.bodies is not None else ():
            if not body.prefix:
                continue
            scoped = helper.add(files, config, body.prefix + self.config.page, f"{body.body.name} 全文检索", "gongkai/search.html")
            assert scoped is not None
            get_urls(config, body.prefix).search = scoped.url  # the body's pages search the body first
            self.scoped[scoped.src_uri] = (body.body.name, body.prefix)
            self.scope_dirs[body.body.name] = search.scope_bundle(body.prefix)
            self._scope_facets_and_lookup(body.body.name, body.prefix, order, get_partition(config))
        self._start_pagefind(config)
        return files

    def _scope_facets_and_lookup(self, name: str, prefix: str, order: list[str], part: partition.Partition | None) -> None:
        """O(items of the body): its scoped page's facet values (`search.SearchView` lists its 机关 box only with another
        body in it), its own lookup's shard count, and the lookup itself, kept to be written at the end of the build
        where this build writes it (a partition build: the bodies it owns)."""
        own = self.scope_items.get(name, [])
        self.scope_facets[name] = search.facet_values(own, self.bodies, order)
        entries = search.exact_entries(own, self.bodies, name, prefix)
        self.scope_shards[name] = search.shard_count(len(entries))
        folder = search.exact_dir(prefix)
        if part is None or part.owns(folder + "/0.json"):
            self.scope_exact[folder] = entries

    @event_priority(-100)  # last, after every plugin has added its pages
    def _items_last(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """O(N log N): item pages move to the end, so that every other page with a search body is rendered before them.

        They go in (发布日期, 索引号, URL) order, the order of their date sort (gongkai/search_document.html), so the
        fragment names that carry the date order compress well (gongkai.pagefind_bundle) and the merge finds each
        part's date order in the build's order (a 索引号 is unique in a body, not across bodies: the URL decides).
        On a platform they go body by body (in platform order; a 联合发文 with the body whose folder holds it), each
        body's in that order: the merge then cuts each body's own bundle from the portal's words (`pagefind_merge._Slicer`)
        and is given the date order apart (`_date_text`).
        """
        if not self.indexing:
            return files
        items = get_items(config)
        dated = sorted((f for f in files if f.src_uri in items), key=lambda f: _date_order(items[f.src_uri], f))
        if self.bodies is not None:
            platform = get_platform(config)
            rank = {body.body.name: n for n, body in enumerate(platform.bodies)}

            def body_rank(file: File) -> int:
                body = platform.body_of_uri(file.src_uri)
                return rank.get(body.body.name, -1) if body is not None else -1

            dated.sort(key=body_rank)  # stable: each body's items stay in date order
        return Files([f for f in files if f.src_uri not in items] + dated)

    on_files = CombinedEvent(_add_search_page, _items_last)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """Page templates (a site's overrides among them) get the helpers the search documents use."""
        self._search_globals(env, config)
        return env

    def _search_globals(self, env: Environment, config: MkDocsConfig) -> None:
        chars = self.config.title_chars
        env.globals["gk_search_facets"] = lambda item: search.Facets.of(item, self._bodies_of(item.src_uri)).pairs()
        env.globals["gk_summary"] = summary.summary
        env.globals["gk_search_terms"] = lambda item: search.phrase_words(item) if chars else ""
        env.globals["gk_html_lang"] = html_lang(config)
        env.filters["cn_date"] = cn_date

    def _bodies_of(self, src_uri: str) -> tuple[str, ...]:
        """The 机关 facet values of an item (empty on a platform of one)."""
        return self.bodies.get(src_uri, ()) if self.bodies else ()

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Before any Markdown is converted (MkDocs sets up the page environment only after that): the search document template."""
        self.document = None
        if self.indexing:
            env = pages.templates_read_once(pages.escape_package_templates(config.theme.get_env()))
            self._search_globals(env, config)
            self.document = env.get_template("gongkai/search_document.html")
        return nav

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """O(page): an item's search document goes to Pagefind as soon as its body is converted."""
        if self.indexing and self.document is not None:
            found = get_item(config, page.file.src_uri)
            if found is not None:
                item, model = found
                document = self.document.render(item=item, item_view=ItemView.of(item, model), content=html, base_url="", page_url=page.url)
                date = _date_text(item, page.file) if self.bodies is not None else ""
                self._add("/" + page.url, document, self._bodies_of(page.file.src_uri), phase=0, date=date)
        return html

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext | None:
        """O(1): the search page gets its settings; the first item page rendered lets Pagefind write its bundle."""
        stream = self.stream
        if stream is not None and not stream.writing and page.file.src_uri in get_items(config):
            stream.finish_in_background()  # every search document and every other page is in (items render last)
        if page.file.src_uri == self.config.page or page.file.src_uri in self.scoped:
            gk = context.get("gk")  # the core plugin's body of the page: a body's own page lists that body's columns
            model = gk if isinstance(gk, Model) else get_model(config)
            shards = search.shard_count(len(self.exact))
            scope, prefix = self.scoped.get(page.file.src_uri, ("", ""))
            if not scope:
                view = search.SearchView(shards, self.config.results_per_page, model.catalog.roots, self.facet_values, "", self.portal_url)
            else:  # the body's own facet values and lookup; the portal's lookup for identifiers the body's has not
                facets = self.scope_facets[scope]
                view = search.SearchView(
                    self.scope_shards[scope], self.config.results_per_page, model.catalog.roots, facets, scope, self.portal_url
                )
                view.scope_bundle_url = search.scope_bundle(prefix) + "/"
                view.exact_url = search.exact_dir(prefix) + "/"
                view.portal_exact_url, view.portal_shards = search.EXACT_DIR + "/", shards
            context["search"] = view
            context["search_preview"] = self.serving
        return context

    @event_priority(-100)  # last: the page as every other plugin left it
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """O(page): a rendered page with a search body (指南, 年报; not items, sent earlier) goes to Pagefind."""
        if self.indexing and page.file.src_uri not in get_items(config):
            html = output
            bodies: tuple[str, ...] = ()
            if self.bodies is not None:  # a platform: the page (指南, 年报…) is found in its body's scoped search too
                body = get_platform(config).body_of_uri(page.file.src_uri)
                if body is not None:
                    html, bodies = search.with_body_filter(output, body.body.name), (body.body.name,)
            self._add("/" + page.url, html, bodies)  # an item was sent as its search document (even if an override marks its page)
        return output

    def _add(self, url: str, html: str, bodies: tuple[str, ...] = (), phase: int = 1, date: str = "") -> None:
        """Index a page; on a platform also in the own bundle of each body of its 机关 filter (`bodies`) that has one
        (`date`: its place in the date order, where the build's order is not that order: `_items_last`)."""
        assert self.stream is not None
        scopes = list(dict.fromkeys(self.scope_dirs[b] for b in bodies if b in self.scope_dirs))
        try:
            if self.stream.add_page(url, html, [self.scope_paths[folder] for folder in scopes], date) and self.partition is not None:
                self.partition.add_document(url, phase, scopes, date)  # its place in the full build's order, for the assembly's merge
        except RuntimeError as exc:
            self._stop()
            raise PluginError(f"gongkai-search: Pagefind 建立索引失败：{exc}") from None

    @event_priority(100)  # first: MkDocs has written its last page
    def _rendered(self, *, config: MkDocsConfig) -> None:
        """The parts of the index still waiting are indexed side by side, beside the other plugins' post-build work."""
        if self.stream is not None:
            self.stream.rendered()

    @event_priority(-100)  # last, after other plugins' post-build output
    def _index_written(self, *, config: MkDocsConfig) -> None:
        """Write the exact-lookup shards (the portal's; each body's own, in a partition build those of the bodies it
        owns), then let Pagefind write its bundle to site/pagefind/."""
        site = Path(config.site_dir)
        search.write_exact(site, self.exact)
        for folder, entries in self.scope_exact.items():
            search.write_exact(site, entries, folder)
        stream, self.stream = self.stream, None
        if stream is None:
            return
        try:
            stream.release_documents()  # every file of the build is written: the documents go while the parts are merged
            pages = stream.result()
        except Exception as exc:  # any failure of Pagefind or of writing its bundle stops the build with a message
            stream.abort()
            raise PluginError(f"gongkai-search: Pagefind 建立索引失败：{exc}") from None
        stream.remove_documents()  # only now that every file of the build is written (see PagefindBatch.remove_documents)
        log.debug(f"Pagefind 已为 {pages} 个页面建立索引")

    on_post_build = CombinedEvent(_rendered, _index_written)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop()

    def _stop(self) -> None:
        if self.stream is not None:
            self.stream.abort()
            self.stream = None
