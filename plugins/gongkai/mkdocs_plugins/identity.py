"""The site identity plugin (`gongkai-identity`): adapts `gongkai.identity` and `gongkai.views.sitemap_html` to MkDocs.

It owns the footer values on every page (a Jinja global, so the 404 page has them too), the generated
网站地图 page at `sitemap/` and 联系我们 page at `lianxi/`, and the build error when the `网站标识` section
or a badge image it names is missing. Numbers still marked 待取得 are logged at info level here (the
footer shows 办理中) and reported as warnings by `gongkai check`, so a staging build can proceed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from .. import identity
from ..body_sections import DEFAULT_CONAC_IMAGE, DEFAULT_JIUCUO_IMAGE
from ..identity import CONTACT_PAGE, SITEMAP_PAGE
from ..model import Identity
from ..views import sitemap_html
from .core import get_item, get_model, get_platform, site_pages
from .pages import GeneratedPages, Staff

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)


class IdentityConfig(Config):
    sitemap = c.Type(bool, default=True)
    """Generate the HTML 网站地图 at `sitemap/` (linked from the footer)."""
    contact = c.Type(bool, default=True)
    """Generate 联系我们 at `lianxi/` from site_config unless `网站标识 → 联系我们页面` names a page of content/."""


class IdentityPlugin(BasePlugin[IdentityConfig]):
    def __init__(self) -> None:
        self.identity: Identity | None = None
        self.links: dict[str, str] = {}
        self.site_map: sitemap_html.SiteMap | None = None
        self.pages = GeneratedPages("gongkai-identity")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state (the plugin object survives `mkdocs serve` rebuilds)."""
        self.identity, self.links, self.site_map = None, {}, None
        self.pages = GeneratedPages("gongkai-identity")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Default priority (after the core built the model): read 网站标识, check images, add the two pages."""
        model = get_model(config)
        ident = model.body.identity
        if ident is None:
            raise PluginError(identity.missing_section().format())
        for finding in identity.pending_findings(ident, model.body.lines, body_file=model.body.config_file):
            log.info(finding.format())
        for key, path, default in (
            ("党政机关网站标识 → 图片", ident.conac_image, DEFAULT_CONAC_IMAGE),
            ("找错图片", ident.jiucuo_image, DEFAULT_JIUCUO_IMAGE),
        ):
            if path != default and files.get_file_from_path(path) is None:
                raise PluginError(f"site_config/body.yml: 网站标识 → {key}「{path}」在 content/ 下找不到（路径相对于 content/）")
        self.links = {"sitemap": "sitemap/", "contact": "lianxi/"}
        if ident.contact_page:
            page_file = files.get_file_from_path(ident.contact_page)
            if page_file is None:
                raise PluginError(f"site_config/body.yml: 网站标识 → 联系我们页面「{ident.contact_page}」在 content/ 下找不到")
            self.links["contact"] = page_file.url
        elif self.config.contact:
            # A page written by staff at that place wins (网站标识 → 联系我们页面 is the way to name another one).
            self.pages.add(files, config, CONTACT_PAGE, "联系我们", "gongkai/contact.html", staff=Staff.REPLACES)
        if self.config.sitemap:
            self.pages.add(files, config, SITEMAP_PAGE, "网站地图", "gongkai/sitemap_html.html", staff=Staff.REPLACES)
        self.identity = ident
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """Once per build, after every plugin has added its pages: footer globals and the site map."""
        env.globals["gk_identity"] = self.identity
        env.globals["gk_identity_links"] = self.links
        if self.config.sitemap:
            platform = get_platform(config)
            by_body: dict[str, list[tuple[str, str]]] = {}  # one pass: each page goes to its body's map
            for f in site_pages(config, files):  # a partition build lists the other partitions' pages too
                if get_item(config, f.src_uri) is None:
                    url = "" if f.url in ("", "./") else f.url
                    body = platform.body_of_uri(f.src_uri)
                    by_body.setdefault(body.prefix if body else "", []).append((url, f.page.title if f.page is not None else ""))
            dashboard = config.plugins.get("gongkai-dashboard")
            private = getattr(dashboard, "url", "") or ""  # the staff dashboard is linked from no public page
            exclude = ("sitemap/", private) if private else ("sitemap/",)
            maps = [
                sitemap_html.build(m.catalog, by_body.get(m.prefix, []), exclude=exclude, home=m.prefix, name=m.body.name)
                for m in platform.bodies
            ]
            self.site_map = maps[0]
            self.site_map.bodies = maps[1:]
        return env

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext | None:
        """O(1): the site-map page gets the map."""
        if page.file.src_uri == SITEMAP_PAGE:
            context["site_map"] = self.site_map
        return context
