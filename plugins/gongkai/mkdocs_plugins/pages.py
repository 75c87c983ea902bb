"""Generated pages and the one escaping policy of the package templates.

It owns how every plugin makes a generated page (`GeneratedPages.add`: the File, its front-matter stub with
template, title and meta, and the template context, looked up by `src_uri` in O(1)), how such a page with no
Markdown body is converted (`skip_blank_render`: MkDocs' result without a Markdown instance), the one rule for a page
staff wrote at the same URL (`Staff`), templates read once per build (`templates_read_once`), and how the package
templates escape: templates under `gongkai/`
(package templates and a site's overrides of them) autoescape; the theme's own templates and the root-level
overrides of theme templates (`main.html`, `partials/*.html`) keep the theme's rules (Material prints some
values, such as `page.title`, unescaped and expects them escaped already: the stub's title is escaped here).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import YAML_RE

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

PACKAGE_TEMPLATES = "gongkai/"
"""Templates whose name starts here autoescape (HTML only: `.css`/`.js` templates are not HTML)."""


def autoescapes(name: str | None) -> bool:
    """Jinja's per-template autoescape decision: True for the package's HTML templates, by template name."""
    return name is not None and name.startswith(PACKAGE_TEMPLATES) and name.endswith(".html")


class _PackageEscaping:
    """The environment's autoescape callable: the package's HTML templates escape, the rest as the theme decided."""

    def __init__(self, theme: bool | Callable[[str | None], bool]) -> None:
        self.theme = theme
        self._known: dict[str | None, bool] = {}  # Jinja asks at every context it makes (each page, include, macro call)

    def __call__(self, name: str | None) -> bool:
        found = self._known.get(name)
        if found is None:
            found = self._known[name] = autoescapes(name) or bool(self.theme(name) if callable(self.theme) else self.theme)
        return found


def escape_package_templates(env: Environment) -> Environment:
    """Make the package templates of a theme environment autoescape; every other template stays as the theme made it.

    Jinja asks `env.autoescape(name)` when it compiles a template, so the blocks, macros and included partials
    of a `gongkai/` template escape and a theme template's blocks do not, whichever template extends which.
    """
    if not isinstance(env.autoescape, _PackageEscaping):
        env.autoescape = _PackageEscaping(env.autoescape)
    return env


def templates_read_once(env: Environment) -> Environment:
    """No check of a template file's time stamp at each use: MkDocs makes a new environment for every build.

    With `auto_reload` (Jinja's default) every `{% include %}`, `{% extends %}` and `{% import %}` stats the
    template's file again: about 37 lookups per page, 2.4 µs each (measured: 3.1 µs against 0.7 µs), for a file
    that cannot change during the build; `mkdocs serve` rebuilds with a new environment (MkDocs `Theme.get_env`).
    """
    env.auto_reload = False
    return env


class Staff(StrEnum):
    """What a page staff wrote in content/ at a generated page's URL means (a page kind declares it once)."""

    FORBIDDEN = "forbidden"
    """The build stops with a message naming both (the default: a staff page must never vanish silently)."""
    INTRODUCES = "introduces"
    """The staff page keeps its text and gets the generated template and context below it (directory, 年报 pages)."""
    REPLACES = "replaces"
    """The staff page is published instead of the generated one (the home, 联系我们, 网站地图)."""


def url_of(src_uri: str) -> str:
    """`a/b/index.md` → `a/b/`, `index.md` → `` (the URL a generated page is published at, relative to the site root)."""
    return src_uri.removesuffix("index.md")


def stub(title: str | None, template: str, meta: dict[str, Any] | None = None) -> str:
    """The front matter of a generated page. The title is escaped: the theme prints `page.title` unescaped (<title>, header).

    Without a title the page is titled as MkDocs titles it (the nav's title; the home's from mkdocs.yml).
    """
    lines = [] if title is None else [f"title: {json.dumps(str(escape(title)), ensure_ascii=False)}"]
    lines.append(f"template: {template}")
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in (meta or {}).items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


_MKDOCS_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # the logger MkDocs' Page.render consults


EMPTY_FRONT_MATTER = "---\n{}\n---\n"


def without_front_matter(source: str) -> str | None:
    """An item's source for MkDocs (`on_page_read_source`) with its front matter replaced by an empty one, or None
    when MkDocs would find no front matter (then it reads the file itself).

    The loader has parsed and validated the front matter already, and the core plugin replaces the page's meta with
    the model's (`on_page_markdown`); MkDocs would parse it again with PyYAML's Python loader for nothing (≈ 0.08 ms
    an item). MkDocs takes the Markdown after the front matter with its leading newlines stripped
    (`mkdocs.utils.meta.get_data`), so what it converts is exactly the same text: the empty mapping still counts as
    front matter, and the body is never read as MultiMarkdown meta lines.
    """
    found = YAML_RE.match(source)
    return EMPTY_FRONT_MATTER + source[found.end() :] if found else None


def skip_blank_render(page: Page) -> None:
    """`on_page_markdown`, last: a generated page whose Markdown is blank (every listing, 指南, 检索… page: front matter
    only) is converted without building a Markdown instance, which MkDocs does for every page (about 0.1 ms each).

    Python-Markdown returns "" for blank text before running any extension, so `Page.render` would set exactly
    this: no content, an empty table of contents, no title from a heading, no anchors and no links to anchors.
    Pages staff wrote, items and any page with text keep MkDocs' own render.
    """
    if page.file.generated_by is None or page.markdown is None or page.markdown.strip():
        return

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = set()
        if _MKDOCS_PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {}

    page.render = render  # type: ignore[method-assign]


class GeneratedPages:
    """The pages one plugin generates in one build, with their templates and contexts (reset per build)."""

    def __init__(self, plugin: str) -> None:
        self.plugin = plugin
        self.contexts: dict[str, dict[str, Any]] = {}
        self.templates: dict[str, str] = {}

    def add(
        self,
        files: Files,
        config: MkDocsConfig,
        src_uri: str,
        title: str | None,
        template: str,
        context: dict[str, Any] | None = None,
        *,
        staff: Staff = Staff.FORBIDDEN,
        meta: dict[str, Any] | None = None,
        in_nav: bool = False,
    ) -> File | None:
        """Add the page at `src_uri` (unless a staff page replaces it: then None); its context goes to `context_for`.

        Generated pages stay out of the nav unless `in_nav` (then mkdocs.yml's nav decides, as for any page).
        """
        existing = files.get_file_from_path(src_uri)
        if existing is not None and existing.generated_by is None:
            if staff is Staff.REPLACES:
                return None
            if staff is Staff.FORBIDDEN:
                raise PluginError(
                    f"{self.plugin}：content/{src_uri} 与生成的页面「{title or template}」（网址 {url_of(src_uri) or '/'}）使用同一网址；"
                    "请移动或删除 content/ 下的这个文件，或在 mkdocs.yml 中为插件另选路径或关闭这个页面"
                )
            self.contexts[src_uri] = context or {}
            self.templates[src_uri] = template
            return existing
        if existing is not None:
            raise PluginError(
                f"{self.plugin}：生成的页面「{title or template}」与 {existing.generated_by or '另一插件'} 生成的页面使用同一网址"
                f" {url_of(src_uri) or '/'}；请在 mkdocs.yml 中为其中一个插件另选路径"
            )
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        page = File.generated(config, src_uri, content=stub(title, template, meta), inclusion=inclusion)
        files.append(page)
        self.contexts[src_uri] = context or {}
        self.templates[src_uri] = template
        return page

    def set_template(self, page: Page) -> None:
        """`on_page_markdown`: a staff page at a generated URL gets the generated template unless it names its own."""
        template = self.templates.get(page.file.src_uri)
        if template is not None and "template" not in page.meta:
            page.meta["template"] = template

    def context_for(self, page: Page) -> dict[str, Any] | None:
        """`on_page_context`: the context of a page this plugin generated (or a staff page it introduces), O(1)."""
        return self.contexts.get(page.file.src_uri)
