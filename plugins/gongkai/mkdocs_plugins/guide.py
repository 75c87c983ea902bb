"""The `gongkai-guide` MkDocs plugin: the 指南 page, the 标准目录 pages and the 专栏 home's content.

It only adapts MkDocs events to `gongkai.guide`, `gongkai.standard_catalog` and `gongkai.views.home`:
generated stubs in `on_files` (`zhinan/index.md`; `bzml/index.md`, `bzml/<领域>/`, `bzml/<领域>/<序号>/`
with `page/N/`, `bzml/wsj/` for 未涉及 domains; only the domains the body adopts; `zdxx/` 征地信息 with its map
when the body adopts 征地补偿), the guide's nav entry in
`on_nav`, and model objects for the templates in `on_page_context`, looked up by `page.file.src_uri` in a dict
built once per build.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from .. import apply as apply_mod
from .. import guide as guide_mod
from .. import land_map
from .. import standard_catalog as sc
from ..model import Attachment, Model, Platform
from ..views import home as home_mod
from ..views import urls
from .core import get_item, get_partition, get_platform, get_urls
from .pages import GeneratedPages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

GUIDE_URI = urls.GUIDE + "index.md"
HOME_URI = "index.md"


class GuideConfig(Config):
    guide = c.Type(bool, default=True)
    """Generate the 政府信息公开指南 at `zhinan/`."""
    standard_catalog = c.Type(bool, default=True)
    """Generate the 基层政务公开标准目录 pages under `bzml/`."""
    apply = c.Type(bool, default=True)
    """Generate the 依申请公开 section (`apply_path`, with the printable form at `<apply_path>biaoge/`)."""
    apply_path = c.Type(str, default="ysqgk/")
    home = c.Type(bool, default=True)
    """Give the home page (`index.md`, template gongkai/home.html) its columns and latest items."""
    latest = c.Type(int, default=home_mod.LATEST)
    """How many of the newest items the home lists."""
    page_size = c.Type(int, default=sc.PAGE_SIZE)
    """Items per page on a 标准目录 事项's list."""
    nav_title = c.Type(str, default="政府信息公开指南")
    """The guide's nav entry, inserted right after the home (empty: no entry)."""


class GuidePlugin(BasePlugin[GuideConfig]):
    def __init__(self) -> None:
        self.pages = GeneratedPages("gongkai-guide")
        self.home: dict[str, Any] | None = None
        self.homes: dict[str, dict[str, Any]] = {}  # each platform body's home page src_uri -> its context
        self.guide: guide_mod.Guide | None = None
        self.catalog: sc.StandardCatalog | None = None
        self.catalogs: dict[str, sc.StandardCatalog] = {}  # URL prefix -> the body's 标准目录
        self.model: Model | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state (the plugin object survives `mkdocs serve` rebuilds)."""
        self.pages = GeneratedPages("gongkai-guide")
        self.home = None
        self.homes = {}
        self.guide = None
        self.catalog = None
        self.catalogs = {}
        self.model = None
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Default priority: after the core (50) has built the model; adds the generated pages of every body."""
        platform = get_platform(config)
        for model in platform.bodies:
            self._add_body(files, config, model, platform)
        self.model = platform.bodies[0]
        self.home = self.homes.get(HOME_URI)
        self.catalog = self.catalogs.get("")
        return files

    def _add_body(self, files: Files, config: MkDocsConfig, model: Model, platform: Platform) -> None:
        prefix = model.prefix
        guide = None
        catalog = None
        part = get_partition(config)
        own = part is None or part.owns(prefix + "index.html")  # a partition renders its own bodies' 指南 and home only
        if self.config.apply:
            ysq = apply_mod.build(model, prefix + self.config.apply_path.strip("/") + "/")
            get_urls(config, prefix).apply = ysq.base  # the home and the 指南 link here
            self._add(files, config, ysq.base + "index.md", "依申请公开", "gongkai/ysqgk.html", {"ysq": ysq})
            self._add(files, config, ysq.form_url + "index.md", "政府信息公开申请表", "gongkai/ysqgk_form.html", {"ysq": ysq})
        if self.config.guide:
            guide = guide_mod.build(model, self._form(model, files)) if own else None
            self._add(files, config, prefix + GUIDE_URI, "政府信息公开指南", "gongkai/guide.html", {"guide": guide})
            if not prefix:
                self.guide = guide
        if self.config.standard_catalog:
            catalog = model.standard
            self.catalogs[prefix] = catalog
            self._add_catalog(files, config, catalog, model)
        else:
            body_urls = get_urls(config, prefix)
            body_urls.standard_catalog = body_urls.standard_excluded = None
        if self.config.home and own:
            updated = guide.updated if guide else None
            reports = "gongkai-report" in config.plugins  # 年报 pages exist only when that plugin builds them
            home = home_mod.build(model, updated, self.config.latest, reports=reports)
            ctx: dict[str, Any] = {"home": home, "guide": guide, "std": catalog}
            if not prefix and platform.is_platform:
                ctx["portal"] = home_mod.portal(platform)  # the lists 部门信息公开 and 乡镇（街道）信息公开
            self.homes[prefix + HOME_URI] = ctx  # the home page itself is the core plugin's (or a staff page): only its context is ours

    def _add_catalog(self, files: Files, config: MkDocsConfig, catalog: sc.StandardCatalog, model: Model) -> None:
        """The index, one page per adopted domain, each 事项's item list, and the 未涉及 page; none when nothing is adopted."""
        prefix = model.prefix
        if not catalog.selected:
            body_urls = get_urls(config, prefix)
            body_urls.standard_catalog = body_urls.standard_excluded = None  # no page: the 指南 does not link to it
            return
        land = land_map.build(model) if any(d.name == land_map.DOMAIN for d in catalog.selected) else None
        if land is not None:
            self._add(files, config, prefix + land_map.URL + "index.md", "征地信息", "gongkai/land_map.html", {"land": land})
        index = {"std": catalog, "land": land}
        self._add(files, config, prefix + sc.INDEX_URL + "index.md", "基层政务公开标准目录", "gongkai/standard_catalog.html", index)
        if catalog.excluded:
            excluded = "gongkai/standard_catalog_excluded.html"
            self._add(files, config, prefix + sc.EXCLUDED_URL + "index.md", "未涉及领域事项说明", excluded, {"std": catalog})
        for domain in catalog.selected:
            title = f"{domain.name}领域基层政务公开标准目录"
            ctx = {"std": catalog, "domain": domain, "land": land if domain.name == land_map.DOMAIN else None}
            self._add(files, config, domain.src_uri, title, "gongkai/standard_catalog_domain.html", ctx)
            for matter in domain.matters:
                for mp in sc.matter_pages(matter, self.config.page_size):
                    title = matter.name if mp.number == 1 else f"{matter.name}（第{mp.number}页）"
                    ctx = {"std": catalog, "matter_page": mp}
                    self._add(files, config, mp.src_uri, title, "gongkai/standard_catalog_matter.html", ctx)

    def _form(self, model: Model, files: Files) -> Attachment | None:
        rel = model.prefix + guide_mod.form_path(model)
        f = files.get_file_from_path(rel)
        if f is None:
            return None
        size = os.path.getsize(f.abs_src_path) if f.abs_src_path else len(f.content_bytes)
        return Attachment(src_uri=rel, name=Path(rel).stem, size=size, ext=Path(rel).suffix.lower())

    def _add(self, files: Files, config: MkDocsConfig, src_uri: str, title: str, template: str, ctx: dict[str, Any]) -> None:
        self.pages.add(files, config, src_uri, title, template, ctx)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Put the guide right after 首页 (it is one of the four 一级 columns), unless mkdocs.yml lists it already.

        Done here rather than in mkdocs.yml so that a build with this plugin switched off has no dangling entry.
        """
        if not (self.config.guide and self.config.nav_title):
            return nav
        f = files.get_file_from_path(GUIDE_URI)
        page = f.page if f is not None else None
        if page is None or any(p.file.src_uri == GUIDE_URI for p in nav.pages):
            return nav
        page.title = self.config.nav_title
        at = next((n + 1 for n, x in enumerate(nav.items) if getattr(x, "file", None) is not None and x.file.src_uri == HOME_URI), 0)
        nav.items.insert(at, page)
        pos = next((n + 1 for n, p in enumerate(nav.pages) if p.file.src_uri == HOME_URI), 0)
        nav.pages.insert(pos, page)
        for n, p in enumerate(nav.pages):
            p.previous_page = nav.pages[n - 1] if n > 0 else None
            p.next_page = nav.pages[n + 1] if n + 1 < len(nav.pages) else None
        return nav

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext | None:
        """O(1): the generated page's model objects, by src_uri; on an item page, its 标准目录 事项."""
        extra = self.homes.get(page.file.src_uri) or self.pages.context_for(page)
        if extra is not None:
            context.update(extra)
            return context
        found = get_item(config, page.file.src_uri)
        catalog = self.catalogs.get(found[1].prefix) if found is not None else None
        if found is not None and catalog is not None and found[0].standard_matter:
            context["std_matter"] = catalog.active.get(found[0].standard_matter)
        return context
