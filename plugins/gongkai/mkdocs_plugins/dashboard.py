"""The staff dashboard plugin (`gongkai-dashboard`): a private page with what `gongkai check` reports.

Owns one generated page at a configurable path (default `staff/dashboard/`): the completeness table
(`gongkai.completeness`), the 国办秘函〔2019〕19号 threshold lines, each adopted 标准目录 事项's count, latest
date and freshness (`gongkai.standard_freshness`) and every check finding, computed at
build time with the check-only rules but never logged (a stale column must not fail the public build).
The page is private: `<meta name="robots" content="noindex, nofollow">`, not in the nav, not linked
from public pages, kept out of search (no `data-pagefind-body`) and out of `sitemap.xml`; its
`page.meta["gongkai_private"]` is true so other plugins can skip it.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import completeness, rules, standard_catalog, supervision
from ..findings_output import StaffReport
from .core import get_loaded, get_partition, previewing
from .pages import GeneratedPages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

TEMPLATE = "gongkai/dashboard.html"
PRIVATE_META = "gongkai_private"
PLATFORM_ASSETS = ("gongkai/dashboard.js", "gongkai/dashboard-platform.css")
"""The platform table's sorting script and its style (plugins/gongkai/assets/), published only on a platform of many bodies."""


class DashboardConfig(Config):
    path = c.Type(str, default="staff/dashboard/")
    """Where the page is published, relative to the site root (a folder URL such as `staff/dashboard/`)."""
    title = c.Type(str, default="内容检查看板")
    max_findings = c.Type(int, default=2000)
    """Findings listed on the page (errors first); the rest are counted and left to `gongkai check`."""


def src_uri_for(path: str) -> str:
    """`staff/dashboard/` → `staff/dashboard/index.md` (a folder URL with use_directory_urls or not)."""
    clean = posixpath.normpath(path.strip().strip("/"))
    if not clean or clean.startswith("..") or clean == "." or not re.fullmatch(r"[A-Za-z0-9._/-]+", clean):
        raise PluginError(f"gongkai-dashboard: path「{path}」应为站点内的目录路径，例如 staff/dashboard/")
    return f"{clean}/index.md"


class DashboardPlugin(BasePlugin[DashboardConfig]):
    def __init__(self) -> None:
        self.src_uri = ""
        self.report: StaffReport | None = None
        self.catalog: standard_catalog.StandardCatalog | None = None
        self.platform_rows: list[supervision.BodyRow] = []
        self.url = ""
        self.pages = GeneratedPages("gongkai-dashboard")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state (serve rebuilds reuse the plugin object)."""
        self.src_uri = src_uri_for(self.config.path)
        self.report = None
        self.catalog = None
        self.platform_rows = []
        self.url = ""
        self.pages = GeneratedPages("gongkai-dashboard")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Default priority, after the core plugin built the model: run the check-only rules, add the page."""
        part = get_partition(config)  # a partition that does not build the page (the 本级政府's) needs no check rules
        if previewing(config) or (part is not None and not part.owns(self.src_uri)):  # its first folder names the owner
            self._add_page(files, config)  # a preview renders only the changed items' pages: the page stays as last built
            return files
        loaded, model = get_loaded(config)
        platform = loaded.platform
        owned = [(loaded.owner(n), f) for n, f in enumerate(loaded.findings)]
        for body in platform.bodies if platform.is_platform else (model,):  # each body's check rules, as gongkai check runs them
            owned += [(body.id, f) for f in rules.check_only_findings(body, body.today)]
        findings = [f for _, f in owned]
        if platform.is_platform:
            self.platform_rows = supervision.platform_rows(platform, owned, model.today)
            assets = Path(__file__).parent.parent / "assets"
            for uri in PLATFORM_ASSETS:
                content = (assets / uri.split("/")[-1]).read_bytes()
                files.append(File.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        report = completeness.assess(model, model.inspection)
        names = {b.id: b.body.name for b in platform.bodies} if platform.is_platform else {}
        bodies = [names.get(owner, "平台配置") for owner, _ in owned] if names else []
        self.report = StaffReport.of(model, findings, report, self.config.max_findings, bodies)
        if platform.is_platform:  # the counts line and the findings are the whole platform's
            self.report.body_name = f"{platform.name or model.body.name}（全平台 {len(platform.bodies)} 个机关）"
            self.report.item_count = sum(len(b.items) for b in platform.bodies)
        self.catalog = model.standard
        self._add_page(files, config)
        return files

    def _add_page(self, files: Files, config: MkDocsConfig) -> None:
        page_file = self.pages.add(files, config, self.src_uri, self.config.title, TEMPLATE, meta={PRIVATE_META: True})
        assert page_file is not None  # a staff page at this path stops the build (Staff.FORBIDDEN)
        self.url = page_file.url

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext | None:
        """O(1): only the dashboard page receives the report."""
        if page.file.src_uri == self.src_uri:
            context["staff"] = self.report
            context["staff_std"] = self.catalog
            context["staff_platform"] = self.platform_rows
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Last word on the sitemap: whichever plugin wrote it, the private page must not be listed."""
        if self.url:
            drop_from_sitemap(Path(config.site_dir), self.url)


def drop_from_sitemap(site_dir: Path, url: str) -> None:
    """Remove `<url>` entries whose `<loc>` ends with the page's URL from sitemap.xml and sitemap.xml.gz.

    Each file is first scanned in pieces for the URL and read whole only when it is there: the sitemap of
    20,000 items (about 3 MB) is not held, decompressed and decoded, merely to find it absent.
    """
    tail = re.escape(url)
    pattern = re.compile(rf"\s*<url>\s*<loc>[^<]*/{tail}</loc>.*?</url>", re.S)
    needle = f"/{url}</loc>".encode()  # every match contains it
    plain = site_dir / "sitemap.xml"
    if plain.is_file() and _mentions(plain, needle):
        text = plain.read_text(encoding="utf-8")
        cleaned = pattern.sub("", text)
        if cleaned != text:
            plain.write_text(cleaned, encoding="utf-8")
    packed = site_dir / "sitemap.xml.gz"
    if packed.is_file() and _mentions(packed, needle, compressed=True):
        text = gzip.decompress(packed.read_bytes()).decode("utf-8")
        cleaned = pattern.sub("", text)
        if cleaned != text:
            packed.write_bytes(gzip.compress(cleaned.encode("utf-8"), mtime=0))


_SCAN_BYTES = 1 << 20


def _mentions(path: Path, needle: bytes, compressed: bool = False) -> bool:
    """`needle` occurs in the (decompressed) file, read 1 MiB at a time."""
    tail = b""
    with gzip.open(path, "rb") if compressed else open(path, "rb") as fh:
        while chunk := fh.read(_SCAN_BYTES):
            window = tail + chunk  # an occurrence may start in the pieces before this one
            if needle in window:
                return True
            tail = window[max(0, len(window) - len(needle) + 1) :]
    return False
