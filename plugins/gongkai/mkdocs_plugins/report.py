"""The 年报 plugin (`gongkai-report`): adapts `gongkai.report` and `gongkai.views.report_pages` to MkDocs.

It owns the generated 年报 pages — `nianbao/` (every report by year, plus the old-format reports that are
ordinary items of the 年报 column), one page per report (`nianbao/<year>/`, or `nianbao/<year>-<路径>/` for
another body), `nianbao/duibi/` (year over year: table and SVG charts) — and each report's CSV and JSON
download. The report data files under `content/年报/` are read by the model (loaded once, validated with
the other rules) and are not published themselves. Everything is computed once in `on_files`; page events
are dict lookups by `src_uri`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import markdown as md
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import render
from .. import report as rp
from ..model import Model
from ..views import report_export as export
from ..views import report_pages as views
from ..views import urls
from .core import get_platform
from .pages import GeneratedPages, Staff

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

INDEX_URI = urls.REPORT_INDEX + "index.md"
COMPARE_URI = urls.REPORT_COMPARE + "index.md"


class ReportConfig(Config):
    compare = c.Type(bool, default=True)
    """Generate the year-over-year page `nianbao/duibi/` with its charts."""
    downloads = c.Type(bool, default=True)
    """Publish each report's numbers as CSV and JSON next to its page."""


class ReportPlugin(BasePlugin[ReportConfig]):
    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.model: Model | None = None
        self.pages = GeneratedPages("gongkai-report")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state: `mkdocs serve` rebuilds reuse this object."""
        self._reset()
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Default priority (0), after the core plugin (50) has loaded and validated the reports.

        Drops the raw data files, adds one stub per report page plus the index and comparison pages,
        and the CSV/JSON downloads; renders the prose of sections 一、五、六 once.
        """
        platform = get_platform(config)
        self.model = platform.bodies[0]
        prefixes = {b.prefix for b in platform.bodies}  # "" and "<id>/": one folder level, so a file's own is found in O(1)
        for f in [f for f in files if _report_data(f.src_uri, prefixes)]:
            files.remove(f)
        for model in platform.bodies:
            self._add_body(files, config, model)
        return files

    def _add_body(self, files: Files, config: MkDocsConfig, model: Model) -> None:
        """One body's report pages, index and comparison page under its URL prefix."""
        layout = rp.load_layout(model.root)
        column = next((c for c in model.catalog.columns if c.kind == "年报"), None)
        trail = views.Trail([*column.ancestors, column] if column else [])
        published = [r for r in model.reports if r.standalone]
        gate = render.for_root(model.root).gate
        converter = md.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        site_url = config.site_url or ""
        for r in published:
            prose = {}
            for key in rp.PROSE_KEYS:
                converter.reset()
                # Checked while loading; only the HTML safety gate's sanitized output is published, so it is printed as is.
                prose[key] = Markup(gate.sanitize(converter.convert(r.prose.get(key, ""))))
            downloads = {}
            if self.config.downloads:
                stem = r.download_stem
                self._file(files, config, stem + ".csv", export.to_csv(r, layout))
                self._file(files, config, stem + ".json", export.to_json(r, layout, site_url))
                downloads = {"CSV": stem.rsplit("/", 1)[1] + ".csv", "JSON": stem.rsplit("/", 1)[1] + ".json"}
            context = views.report_context(r, layout, prose, downloads, trail)
            self._page(files, config, r.page_uri, r.title, "gongkai/report.html", context)
        series = views.series(published, layout) if self.config.compare else []
        title = column.name if column else "政府信息公开年报"
        index = views.index_context(model, column, published, series, trail)
        self._page(files, config, model.prefix + INDEX_URI, title, "gongkai/report_index.html", index)
        if series:
            context = {"report_series": series, "v": trail}
            self._page(files, config, model.prefix + COMPARE_URI, "年报数据历年对比", "gongkai/report_compare.html", context)

    @staticmethod
    def _file(files: Files, config: MkDocsConfig, src_uri: str, content: str) -> None:
        old = files.get_file_from_path(src_uri)
        if old is not None:
            files.remove(old)
        files.append(File.generated(config, src_uri, content=content.encode("utf-8"), inclusion=InclusionLevel.NOT_IN_NAV))

    def _page(self, files: Files, config: MkDocsConfig, src_uri: str, title: str, template: str, context: dict[str, Any]) -> None:
        # A page staff wrote at this URL keeps its text; the template adds the report below it.
        self.pages.add(files, config, src_uri, title, template, context, staff=Staff.INTRODUCES)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """O(1): a staff-written page at a report URL still gets the report template."""
        self.pages.set_template(page)
        return markdown

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext | None:
        """O(1): hand a report page its report, tables and prose (looked up by src_uri)."""
        extra = self.pages.context_for(page)
        if extra is not None:
            context.update(extra)
        return context


def _report_data(src_uri: str, prefixes: set[str]) -> bool:
    """A 年报 data file of one of the bodies (`prefixes`: "" for the 本级政府, "<id>/" for the others), O(1) per file."""
    head = src_uri.split("/", 1)[0] + "/"
    return ("" in prefixes and rp.is_report_data(src_uri)) or (head in prefixes and rp.is_report_data(src_uri, head))
