"""The core MkDocs plugin: builds the content model once and turns items into pages.

It owns: loading (`gongkai.loader.load`) in `on_files`, failing the build on errors, item URLs
(`<栏目路径>/<后段码>/`, independent of where the file sits in `content/`), keeping items out of the
nav, and handing model objects to the templates. Feature plugins read the model from here via
`get_model(config)`. It also runs the site-wide safety steps: the HTML safety gate on every page
written by staff (`gongkai.safety`, on the HTML MkDocs produced), the Content-Security-Policy of every
page (`gongkai.csp`), and atomic builds (`gongkai.atomic`: `site/` is replaced only by a build that
succeeded).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from .. import atomic, csp, loader, partition, render
from ..checks import links
from ..identity import SITEMAP_PAGE
from ..model import Finding, Item, Loaded, Model, Platform, cn_date
from ..views.item import ItemView
from ..views.navcache import Fragments, NavCache, body_navigation, site_overrides
from ..views.urls import SiteUrls
from . import pages, prerender, serve
from .pages import GeneratedPages, Staff
from .serve import Preview

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

TEMPLATES_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")
MAX_LISTED_ERRORS = 200
HOME_URI = "index.md"
"""The 专栏 home: generated (template gongkai/home.html) unless staff wrote content/index.md."""


class CoreConfig(Config):
    root = c.Optional(c.Dir(exists=True))
    """Project folder holding `catalog_schema/` and `site_config/` (default: the folder of mkdocs.yml)."""
    today = c.Optional(c.Type(str))
    """Date the build treats as today (YYYY-MM-DD), for reproducible builds; env GONGKAI_TODAY also works."""


LANG_TAGS = {"zh": "zh-CN", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "zh-TW": "zh-TW"}
"""Theme language → the BCP 47 tag of <html lang>: screen readers pick the voice from the region."""


def html_lang(config: MkDocsConfig) -> str:
    """The tag every page (partials/language.html) and every search document declares."""
    language = str(config.theme.get("language") or "zh")
    return LANG_TAGS.get(language, language)


class CorePlugin(BasePlugin[CoreConfig]):
    def __init__(self) -> None:
        self.model: Model | None = None
        self.loaded: Loaded | None = None
        self.items: dict[str, tuple[Item, Model]] = {}  # src_uri -> the item and its body's model, every body of the platform
        self.item_index: dict[str, Item] = {}
        self.nav_cache: NavCache | None = None
        self.body_navs: dict[str, Navigation] = {}  # URL prefix -> a platform body's own navigation (on_nav)
        self.command: str | None = None
        self.dirty = False
        self.staging: atomic.AtomicSite | None = None
        self.renderer: render.Renderer | None = None
        self.root = Path(".")
        self.gate_errors: list[Finding] = []
        self.pages = GeneratedPages("gongkai")
        self.urls = SiteUrls()
        self.other_urls: dict[str, SiteUrls] = {}  # URL prefix -> the URLs of a platform body's pages
        self.partition: partition.Partition | None = None  # a build of some bodies only (gongkai build --body/--partition)
        self.preview: Preview | None = None  # set by `mkdocs serve`'s incremental preview (gongkai.mkdocs_plugins.serve) for one run
        self.prerender: prerender.Prerender | None = None  # item pages converted ahead in a forked process (on_nav)
        self.files: Files | None = None  # this build's final file list (on_env)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    @event_priority(100)  # first: every plugin must see the staging folder as site_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state, put the package templates right after the site's custom_dir, stage the build."""
        self.model = None
        self.loaded = None
        self.items = {}
        self.item_index = {}
        self.gate_errors = []
        self._stop_prerender()
        self.pages = GeneratedPages("gongkai")
        self.urls = SiteUrls()  # feature plugins (default priority) set the URLs of the pages they own after this
        self.other_urls = {}
        self.partition = None
        self.root = Path(self.config.root or os.path.dirname(config.config_file_path))
        dirs = config.theme.dirs
        if TEMPLATES_DIR not in dirs:
            custom = config.theme.custom_dir
            dirs.insert(1 if custom and dirs and os.path.samefile(dirs[0], custom) else 0, TEMPLATES_DIR)
        self.renderer = render.Renderer(config.markdown_extensions, config.mdx_configs, config.site_url or "")
        render.register(self.root, self.renderer)  # 年报 prose is checked while loading: the same Markdown as the pages
        if self.command != "serve":  # serve builds into its own temporary folder
            self.staging = atomic.AtomicSite(config.site_dir, dirty=self.dirty)
            config.site_dir = self.staging.staging
        return config

    def _today(self) -> dt.date:
        text = self.config.today or os.environ.get("GONGKAI_TODAY")
        if not text:
            return dt.date.today()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise PluginError(f"gongkai: today / GONGKAI_TODAY 应为 YYYY-MM-DD，现为「{text}」") from None

    @event_priority(50)  # early: feature plugins (default priority) generate pages from the model afterwards
    def _load(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Load and validate every item once; fail on errors; give items their stable URLs."""
        root = self.root
        docs_dir = Path(config.docs_dir)
        item_files = [f for f in files.documentation_pages() if loader.is_item_path(f.src_uri)]
        sources = [(f.src_uri, f.abs_src_path) for f in item_files if f.abs_src_path]  # str: 20,000 Paths cost 0.3 s
        static = [f.src_uri for f in files if f.src_dir == config.docs_dir and f.generated_by is None and not f.is_documentation_page()]
        preview = self.preview
        keep = loader.kept_items(preview.loaded, preview.changed) if preview is not None else None
        loaded = loader.load(root, today=self._today(), docs_dir=docs_dir, sources=sources, static_files=static, keep=keep)
        stops = "（严格模式 --strict 下，如 make site，这条警告会使网站不生成）" if config.strict else ""
        for finding in loaded.warnings if preview is None else ():  # a preview prints the changed files' findings itself
            log.warning(finding.format() + stops)
        errors, model = loaded.errors, loaded.model
        if errors or model is None:  # no model comes only with errors (a project without catalog or body.yml)
            listed = "\n".join(f.format() for f in errors[:MAX_LISTED_ERRORS])
            more = len(errors) - MAX_LISTED_ERRORS
            tail = f"\n……另有 {more} 个错误，运行 gongkai check 查看全部" if more > 0 else ""
            raise PluginError(f"内容有 {len(errors)} 个错误，未生成网站（原网站保持不变）：\n{listed}{tail}")
        self.model, self.loaded = model, loaded
        self.items = {uri: (item, body) for body in loaded.platform.bodies for uri, item in body.by_src_uri.items()}
        self.item_index = {uri: item for uri, (item, _) in self.items.items()}
        for f in item_files:
            item = self.item_for_uri(f.src_uri)
            if item is None or not item.public:
                files.remove(f)  # 依申请公开 / 不予公开: counted, never published
                continue
            f.dest_uri = item.dest_uri
            f.__dict__.pop("url", None)
            f.__dict__.pop("abs_dest_path", None)
            f.inclusion = InclusionLevel.NOT_IN_NAV
        self.pages.add(files, config, HOME_URI, None, "gongkai/home.html", staff=Staff.REPLACES, in_nav=True)
        for body in loaded.platform.bodies[1:]:  # every other body's 专栏 home: /<id>/
            title = f"{body.body.name}政府信息公开"
            self.pages.add(files, config, body.prefix + HOME_URI, title, "gongkai/home.html", staff=Staff.REPLACES)
        self._choose_partition(loaded)
        return files

    def _choose_partition(self, loaded: Loaded) -> None:
        """GONGKAI_BODIES / GONGKAI_PARTITION (gongkai build --body/--partition): build those bodies only."""
        platform = loaded.platform
        try:
            chosen = partition.requested(platform)
        except partition.PartitionError as exc:
            raise PluginError(f"gongkai: {exc}，未生成网站（原网站保持不变）") from None
        if chosen is not None:
            today = platform.today.isoformat()
            self.partition = partition.Partition(chosen, partition.body_ids(platform), today, partition.digests(loaded))
            log.info(f"分区生成：只生成机关 {'、'.join(b or '本级政府' for b in chosen)} 的页面（gongkai assemble 合并各分区）")

    @event_priority(-200)  # after every plugin's on_files (the search plugin moves items last at -100)
    def _keep_partition(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """A partition build: note each page's place in the full file list, exclude the files of the other bodies."""
        part = self.partition
        if part is None:
            return files
        for n, f in enumerate(files.documentation_pages()):
            part.order["/" + f.url] = n
        in_nav = set(_nav_paths(config.nav or []))
        titles = part.owns(SITEMAP_PAGE)  # the 网站地图 lists other bodies' pages by title: only its partition needs them
        for f in files:
            if not part.owns(f.dest_uri):
                f.inclusion = InclusionLevel.EXCLUDED
                if titles and f.is_documentation_page() and f.src_uri not in self.items and f.src_uri not in in_nav:
                    _stand_in_page(f, config)
        return files

    on_files = CombinedEvent(_load, _keep_partition)

    def body_urls(self, prefix: str) -> SiteUrls:
        """The URLs of the pages of the body under `prefix` (the 本级政府's for ""); plugins set the ones they own per body."""
        if not prefix:
            return self.urls
        if prefix not in self.other_urls:
            self.other_urls[prefix] = self.urls.prefixed(prefix)
        return self.other_urls[prefix]

    def body_of(self, page: Page) -> Model | None:
        """The body whose 专栏 a page belongs to (by its URL prefix; items by their model), O(bodies)."""
        found = self.items.get(page.file.src_uri)
        if found is not None:
            return found[1]
        return self.loaded.platform.body_of_uri(page.file.src_uri) if self.loaded else None

    @event_priority(-100)  # last: the nav as every plugin left it (gongkai-guide inserts 指南)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Check the assumption that keeps builds fast: no item ever reaches the nav; cache the nav's rendering."""
        model = self.model
        if model is not None:
            leaked = [p for p in nav.pages if p.file.src_uri in self.items]
            if leaked:
                log.warning(f"{len(leaked)} 条信息出现在导航中（如 {leaked[0].file.src_uri}）；信息不应写入 mkdocs.yml 的 nav")
        self.nav_cache = NavCache(nav)
        self.body_navs = {}
        platform = self.loaded.platform if self.loaded else None
        if platform is not None and platform.is_platform:
            home = platform.home
            portal = f"返回{home.body.name}政府信息公开" if home is not None else "返回门户网站"
            for body in platform.bodies:
                if body.prefix:
                    self.body_navs[body.prefix] = body_navigation(nav, files, body.prefix, portal)
        self._start_prerender(config, files)
        return nav

    def _start_prerender(self, config: MkDocsConfig, files: Files) -> None:
        """O(files): fork the process that converts the item pages' Markdown ahead, in MkDocs' order (prerender)."""
        if self.command == "serve" or self.dirty or not prerender.usable(config, len(self.items), "gongkai"):
            return
        uris = [f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_included) if f.src_uri in self.items]
        ahead = prerender.Prerender(uris, config, files, wait=os.environ.get("GONGKAI_PRERENDER") == "wait")
        if ahead.start(config.site_dir):
            self.prerender = ahead
            log.debug(f"{len(uris)} 条信息的 Markdown 由另一进程提前转换")

    def _stop_prerender(self) -> None:
        if self.prerender is not None:
            self.prerender.stop()
            log.debug(f"采用了另一进程提前转换的 {self.prerender.taken} 条信息，本进程转换 {self.prerender.own} 条")
            self.prerender = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer | None:
        """`mkdocs serve`: an edit to item files updates only the pages that show them (gongkai.mkdocs_plugins.serve)."""
        if self.command == "serve":  # `mkdocs serve --clean` builds as `build` (staged and published whole): no preview
            serve.LivePreview(server, config, builder, self, self.root).install()
        return server

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self.files = files
        pages.escape_package_templates(env)  # before any page is rendered: the package templates autoescape
        pages.templates_read_once(env)
        env.filters["cn_date"] = cn_date
        env.globals["gk_urls"] = self.urls  # every template (the 404 page too) links to other plugins' pages through it
        env.globals["gk_nav"] = self.nav_cache  # main.html: the nav sidebar shared by pages not in the nav
        overridden = site_overrides(config.theme.custom_dir)
        # main.html and the header, footer and language partials: fragments shared by the pages at one place
        env.globals["gk_fragments"] = Fragments(config.theme.get("features") or [], overridden)
        env.globals["gk_html_lang"] = html_lang(config)
        return env

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """O(page): an item's front matter is parsed once, by the loader (pages.without_front_matter)."""
        if page.file.src_uri not in self.items:
            return None
        return pages.without_front_matter(page.file.content_string)

    def _item_page(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """O(1): an item page gets its template and title from the model."""
        item = self.item_for(page)
        if item is None and page.file.generated_by is None:
            _check_urls(page, markdown, self.root)
        if item is not None:
            # Theme templates print page.title unescaped (header, <title>): hand them escaped text.
            page.title = html.escape(item.title, quote=False)
            # The model holds the item's fields: MkDocs' copy of the front matter (the schema's keys only, none the
            # theme reads) would stay alive until the end of the build, 20,000 times over.
            page.meta = {"template": "gongkai/item.html", "title": page.title}
        return markdown

    @event_priority(-1000)  # after every plugin's on_page_markdown: the Markdown MkDocs is about to convert
    def _blank_render(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """O(1): a generated page with no Markdown body skips MkDocs' Markdown instance (pages.skip_blank_render); an
        item page takes its conversion from the process that converts them ahead (prerender), if one runs."""
        page.markdown = markdown
        pages.skip_blank_render(page)
        if self.prerender is not None and page.file.src_uri in self.items:
            self.prerender.attach(page)
        return markdown

    on_page_markdown = CombinedEvent(_item_page, _blank_render)

    @event_priority(90)  # before the search plugin sends the body to Pagefind
    def _gate(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """O(page): the HTML safety gate on every page written by staff; only the sanitizer's output goes on."""
        if page.file.generated_by is not None or self.renderer is None:
            return html  # pages our plugins generate come from autoescaped templates
        if page.file.src_uri not in self.items:
            _escape_title(page)
        verdict = self.renderer.gate.inspect(html)
        if not verdict.clean:
            self._gate_failed(page, verdict.problems)
        return verdict.published

    @event_priority(-1000)  # after every plugin's on_page_content: none reads an item's Markdown afterwards
    def _release_markdown(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """An item page's Markdown is converted: drop it now rather than hold every item's until the build ends."""
        if page.file.src_uri in self.items:
            page.markdown = None  # its title is set (on_page_markdown), so Page.title no longer reads it
        return html

    on_page_content = CombinedEvent(_gate, _release_markdown)

    def _gate_failed(self, page: Page, problems: tuple[Any, ...]) -> None:
        path = page.file.abs_src_path or ""
        shown = os.path.relpath(path, self.root) if path else page.file.src_uri
        source = page.file.content_string if path else (page.markdown or "")
        body = page.markdown or ""
        start = len(source) - len(body) if body and source.endswith(body) else 0
        first_line = source.count("\n", 0, start) + 1
        for finding in render.gate_findings(shown, source[start:], first_line, problems, "正文"):
            log.error(finding.format())
            self.gate_errors.append(finding)

    @event_priority(-100)  # last: the page as every plugin left it
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """O(page): the Content-Security-Policy, with the hashes of the inline scripts this page really has
        (under `mkdocs serve` the preview policy that lets MkDocs' live-reload script run)."""
        return csp.add_meta(output, preview=self.command == "serve")

    @event_priority(-100)
    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        """The 404 page and other theme templates get the same policy (non-HTML output is left alone)."""
        if not template_name.endswith(".html"):
            return output_content
        return csp.add_meta(output_content, preview=self.command == "serve")

    @event_priority(-1000)  # after every other plugin's post-build output (Pagefind's index included)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Fail on unsafe pages; otherwise, unless --strict will abort on warnings, publish the staged site."""
        self._stop_prerender()
        if self.gate_errors:
            n = len(self.gate_errors)
            raise PluginError(f"网站未生成：发现 {n} 个不安全的网页内容错误（见上文，运行 gongkai check 也可查看），原网站保持不变")
        if self.staging is None:
            return
        counted = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
        if config.strict and any(h.get_counts() for h in counted):
            return  # MkDocs aborts right after this event: on_build_error throws the staged build away
        if self.partition is not None:
            self.partition.write(Path(config.site_dir))
        staging, self.staging = self.staging, None
        staging.commit()
        config.site_dir = staging.site_dir  # gh-deploy publishes config.site_dir after the build
        log.info(f"网站已生成：{staging.site_dir}")

    @event_priority(-100)  # last: after the search plugin has stopped Pagefind and the merges writing into the staged site
    def on_build_error(self, *, error: Exception) -> None:
        """Throw the staged build away: the previous site stays exactly as it was."""
        self._stop_prerender()
        if self.staging is None:
            return
        self.staging.abort()
        self.staging = None
        text = str(error)
        if "原网站保持不变" in text:
            return  # our own message says it already
        why = "严格模式（--strict）下警告也会停止生成" if "strict mode" in text else "生成过程中出现错误"
        log.error(f"网站未生成：{why}（见上文），原网站保持不变")

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext | None:
        """Hand the templates model objects: the item, its column trail, successor and predecessors."""
        body = self.body_of(page) or self.model
        context["gk"] = body  # a page of a platform body shows that body's 专栏
        context["gk_platform"] = self.loaded.platform if self.loaded else None
        if body is not None and body.prefix:
            context["gk_urls"] = self.body_urls(body.prefix)
            context["nav"] = self.body_navs.get(body.prefix, nav)  # the body's own nav (and the theme's tabs)
        found = self.items.get(page.file.src_uri)
        if found is not None:
            item, owner = found
            context["item"] = item
            context["item_view"] = ItemView.of(item, owner)
        return context

    def item_for(self, page: Page) -> Item | None:
        return self.item_for_uri(page.file.src_uri)

    def item_for_uri(self, src_uri: str) -> Item | None:
        """The item published from `src_uri`, whichever body of the platform it belongs to (O(1))."""
        found = self.items.get(src_uri)
        return found[0] if found is not None else None


def _check_urls(page: Page, markdown: str, root: Path) -> None:
    """A staff page's link that is no URL at all would crash MkDocs' link rewriting: stop with the file and line instead."""
    for target, line in links.extract(markdown, 1):
        try:
            urlsplit(target)
        except ValueError:
            path = page.file.abs_src_path or page.file.src_uri
            shown = os.path.relpath(path, root) if page.file.abs_src_path else path
            source = page.file.content_string if page.file.abs_src_path else markdown
            offset = source.count("\n", 0, max(0, len(source) - len(markdown)))
            where = f"{shown}:{line + offset}: 错误[link-invalid] 链接地址「{target}」无法解析"
            raise PluginError(f"{where}（应为：{loader.LINK_FIX}），未生成网站（原网站保持不变）") from None


def _nav_paths(nav: Any) -> list[str]:
    """Every file path named in mkdocs.yml's nav (those pages take their titles from the nav)."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for value in nav for p in _nav_paths(value)]
    return []


def _stand_in_page(file: File, config: MkDocsConfig) -> None:
    """A page another partition builds: not converted, but with the title the full build gives it (front matter or first heading)."""
    from mkdocs.structure.pages import Page
    from mkdocs.utils import meta

    page = Page(None, file, config)
    page.markdown, page.meta = meta.get_data(file.content_string)
    if file.generated_by is None:
        page.meta["title"] = html.escape(str(page.title or ""), quote=False)


def _escape_title(page: Page) -> None:
    """A staff page's title as escaped text in `page.meta["title"]`, which the theme prints unescaped (<title>, header, nav).

    A front-matter or nav title is plain text; a title taken from the first heading is HTML, reduced to its text.
    """
    if isinstance(page.meta.get("title"), str):
        text = page.meta["title"]
    else:
        title = page.title or ""
        text = Markup(title).striptags() if title == page._title_from_render else title
    page.meta["title"] = html.escape(text, quote=False)
    page.title = page.meta["title"]


def get_model(config: MkDocsConfig) -> Model:
    """The model built by the core plugin in this build (feature plugins call this)."""
    return get_loaded(config)[1]


def get_loaded(config: MkDocsConfig) -> tuple[Loaded, Model]:
    """The core plugin's load result in this build (with the build's findings) and its model."""
    plugin = config.plugins.get("gongkai")
    if not isinstance(plugin, CorePlugin) or plugin.model is None or plugin.loaded is None:
        raise PluginError("gongkai: 请在 mkdocs.yml 的 plugins 中把 gongkai 列在其他 gongkai-* 插件之前")
    return plugin.loaded, plugin.model


def get_urls(config: MkDocsConfig, prefix: str = "") -> SiteUrls:
    """The URLs of this build's pages of the body under `prefix` (a plugin sets the ones it owns, from `on_config` on)."""
    plugin = config.plugins.get("gongkai")
    if not isinstance(plugin, CorePlugin):
        raise PluginError("gongkai: 请在 mkdocs.yml 的 plugins 中把 gongkai 列在其他 gongkai-* 插件之前")
    return plugin.body_urls(prefix)


def get_platform(config: MkDocsConfig) -> Platform:
    """The platform built by the core plugin in this build: every body's model (the 本级政府 first)."""
    return get_loaded(config)[0].platform


def previewing(config: MkDocsConfig) -> bool:
    """This run is an incremental preview of `mkdocs serve`: only the changed pages are written; no Pagefind, no sitemap."""
    plugin = config.plugins.get("gongkai")
    return isinstance(plugin, CorePlugin) and plugin.preview is not None


def get_partition(config: MkDocsConfig) -> partition.Partition | None:
    """This build's partition (some bodies only, gongkai build --body/--partition), None for the whole site."""
    plugin = config.plugins.get("gongkai")
    return plugin.partition if isinstance(plugin, CorePlugin) else None


def site_pages(config: MkDocsConfig, files: Files) -> list[File]:
    """The documentation pages of the whole site; in a partition build, also those other partitions build."""
    part = get_partition(config)
    if part is None:
        return list(files.documentation_pages())
    return [f for f in files if f.is_documentation_page() and (f.inclusion.is_included() or not part.owns(f.dest_uri))]


def get_items(config: MkDocsConfig) -> Mapping[str, Item]:
    """Every published-or-not item of every body by src_uri (the core's index; O(1) lookups)."""
    plugin = config.plugins.get("gongkai")
    return plugin.item_index if isinstance(plugin, CorePlugin) else {}


def get_item(config: MkDocsConfig, src_uri: str) -> tuple[Item, Model] | None:
    """The item published from `src_uri` and its body's model, whichever body of the platform (O(1))."""
    plugin = config.plugins.get("gongkai")
    return plugin.items.get(src_uri) if isinstance(plugin, CorePlugin) else None
