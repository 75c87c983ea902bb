"""The theme's primary navigation, rendered once per distinct set of relative links instead of on every page.

Material renders the whole nav sidebar into every page (≈ 0.4 ms a page: 8 s at 20,000 items). Only a
page that is itself in the nav changes it (its entry and sections are marked active); for every other
page (the items and the generated listings: nearly all of a large site) the HTML depends only on the
links, which are relative to the page. `NavCache.key` is that tuple of relative links, so pages at the
same place in the URL tree share one rendering; pages in the nav are always rendered afresh.

On a platform (issue #18) every other body's pages under `/<id>/` get that body's own navigation
(`body_navigation`): the 本级政府's nav with each page replaced by the body's page at the same path under
the prefix (entries the body has no page for are left out) and a link back to the portal. It is built once
per body from the nav (a handful of entries, never the items) and cached like the 本级政府's.

`Fragments` does the same for the other parts of the theme's page that depend only on where a page sits:
the translations every page looks up (`lang.t`, some 15 calls a page through two Jinja macros),
Material's `__config` script block (its JSON depends on the page's relative base URL only) and the header
(the same for every page at one depth of one body but for the page title, which fills a hole in it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.structure.files import Files


def _link_urls(items: Iterable[object]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, Link):
            out.append(item.url)
        elif isinstance(item, Section):
            out += _link_urls(item.children)
    return out


class BodyNavPage:
    """A body's page in its navigation under the 本级政府's nav title (the page keeps its own title elsewhere).

    Material compares a nav entry with the current page (`nav_item == page`) and reads its title, URL, meta
    and `active`; everything else comes from the body's page itself.
    """

    children = None
    is_page = True
    is_section = False
    is_link = False
    parent = None

    def __init__(self, title: str | None, page: Page) -> None:
        self.title = title or page.title
        self.page = page

    def __getattr__(self, name: str) -> object:
        return getattr(self.page, name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BodyNavPage):
            other = other.page
        return isinstance(other, Page) and other.file.src_uri == self.page.file.src_uri

    def __hash__(self) -> int:
        return hash(self.page.file.src_uri)


class BodySection(Section):
    """A section of a body's navigation: active while one of its entries is the page being rendered."""

    @property
    def active(self) -> bool:
        return any(getattr(child, "active", False) for child in self.children)  # pages, sections and links all have it

    @active.setter
    def active(self, value: bool) -> None:
        pass  # the body's pages never point to these sections (their parent stays None)


def body_navigation(nav: Navigation, files: Files, prefix: str, portal: str) -> Navigation:
    """The 本级政府's nav for the body under `prefix`: its pages at the same paths, then a link to the portal."""
    pages: list[BodyNavPage] = []

    def mapped(items: Iterable[object]) -> list[object]:
        out: list[object] = []
        for item in items:
            if isinstance(item, Page):
                file = files.get_file_from_path(prefix + item.file.src_uri)
                if file is not None and file.page is not None:
                    pages.append(BodyNavPage(item.title, file.page))
                    out.append(pages[-1])
            elif isinstance(item, Section):
                children = mapped(item.children)
                if children:
                    # BodyNavPage stands in for a Page without being one (see its docstring): MkDocs' types do not know it
                    out.append(BodySection(item.title, children))  # type: ignore[arg-type]
            elif isinstance(item, Link) and (item.url.startswith("/") or "://" in item.url):
                out.append(item)  # a link out of the 专栏; a relative one leads to the 本级政府's pages
        return out

    items = [*mapped(nav.items), Link(portal, ".")]
    # BodyNavPage entries stand in for Pages (see its docstring), which MkDocs' types cannot express
    body_nav = Navigation(items, pages)  # type: ignore[arg-type]
    body_nav.homepage = next((p for p in pages if p.page.file.src_uri == prefix + "index.md"), None)  # type: ignore[assignment]
    return body_nav


class NavCache:
    """Rendered nav HTML by relative-link key; one per build (templates reach it as `gk_nav`)."""

    def __init__(self, nav: Navigation) -> None:
        self._nav = nav
        self._links: dict[int, tuple[str, set[str], list[str]]] = {}  # per nav: its number, pages, URLs (read at its first page)
        self._html: dict[tuple[str, ...], str] = {}

    def _read(self, nav: Navigation) -> tuple[str, set[str], list[str]]:
        found = self._links.get(id(nav))
        if found is None:  # read once every plugin has changed the nav
            urls = [p.url for p in nav.pages] + _link_urls(nav.items)
            found = (str(len(self._links)), {p.file.src_uri for p in nav.pages}, urls)
            self._links[id(nav)] = found
        return found

    def key(self, page: Page | None, nav: Navigation | None = None) -> tuple[str, ...] | None:
        """The links as this page would print them; None for a page in the nav (or no page): render afresh.

        `nav` is the nav the page shows (a platform body's own; the 本级政府's by default)."""
        number, in_nav, urls = self._read(nav if nav is not None else self._nav)
        if page is None or page.file.src_uri in in_nav:
            return None
        return (number, get_relative_url(".", page.url), *(get_relative_url(url, page.url) for url in urls))

    def get(self, key: tuple[str, ...] | None) -> str | None:
        return self._html.get(key) if key is not None else None

    def remember(self, key: tuple[str, ...] | None, html: str) -> str:
        if key is not None:
            self._html[key] = html
        return html


SHARED_FRAGMENTS: dict[str, tuple[str, ...]] = {
    "config": ("base.html",),
    "styles": ("base.html", "partials/icons.html"),
    "analytics": ("base.html", "partials/integrations/analytics.html"),
    "header": (
        "partials/header.html", "partials/logo.html", "partials/palette.html", "partials/javascripts/palette.html",
        "partials/alternate.html", "partials/source.html", "partials/tabs.html", "gongkai/partials/skip_link.html",
        "gongkai/partials/search_box.html", "gongkai/partials/elder_mode.html",
    ),
    "footer": ("partials/footer.html", "gongkai/partials/identity_footer.html"),
}  # fmt: skip
"""Each shared fragment and the templates that render it: a site's override of one may print page-specific text."""


def site_overrides(custom_dir: str | None) -> frozenset[str]:
    """The template names a site's `custom_dir` overrides (its files, as paths relative to it)."""
    if not custom_dir or not os.path.isdir(custom_dir):
        return frozenset()
    found: set[str] = set()
    for folder, _dirs, names in os.walk(custom_dir):
        rel = os.path.relpath(folder, custom_dir).replace(os.sep, "/")
        found.update(name if rel == "." else f"{rel}/{name}" for name in names)
    return frozenset(found)


class Fragments:
    """Theme fragments that depend only on a page's place in the URL tree, rendered once per build and place.

    Templates reach it as `gk_fragments` (main.html, partials/language.html, partials/header.html,
    partials/footer.html). A fragment's key names everything its rendering depends on (every link it prints, as
    the page prints it, like `NavCache.key`); a page's own text goes into a hole (`HOLE`) filled per page. A
    fragment is not shared when a site overrides a template that renders it (`SHARED_FRAGMENTS`) or, for the
    header, when sticky tabs mark the page's own tab.
    """

    HOLE = "\x00gk-hole\x00"
    """Where a page's own text goes in a fragment rendered once (no page text contains a NUL character)."""

    def __init__(self, features: Iterable[str] = (), overridden: frozenset[str] = frozenset()) -> None:
        self.shared = {name for name, templates in SHARED_FRAGMENTS.items() if not overridden.intersection(templates)}
        if "navigation.tabs.sticky" in features:
            self.shared.discard("header")
        self._html: dict[tuple[object, ...], str] = {}
        self._holes: dict[tuple[object, ...], tuple[str, ...]] = {}
        self._translations: dict[str, str] = {}

    def key(self, name: str, page: object, *parts: object) -> tuple[object, ...] | None:
        """The key of fragment `name` for a page: whether there is a page (the 404 page's links are absolute) and
        `parts` (its links, the body's objects it reads); None when the fragment is not shared."""
        if name not in self.shared:
            return None
        return (name, page is None, *(id(p) if not isinstance(p, str) else p for p in parts))

    def get(self, key: tuple[object, ...]) -> str | None:
        return self._html.get(key)

    def remember(self, key: tuple[object, ...], html: str) -> str:
        self._html[key] = html
        return html

    def holes(self, key: tuple[object, ...]) -> tuple[str, ...] | None:
        """The parts before and after the hole; () when the fragment has no single hole (render it per page); None: not yet known."""
        return self._holes.get(key)

    def remember_holes(self, key: tuple[object, ...], html: str) -> tuple[str, ...]:
        """`html` rendered with `HOLE` where the page's text goes, as the parts before and after it."""
        parts = html.split(self.HOLE)
        found = self._holes[key] = (parts[0], parts[1]) if len(parts) == 2 else ()
        return found

    def translator(self, translate: Callable[[str], str]) -> Callable[[str], str]:
        """`translate` (the theme's `lang.t` macro of one page) answered once per key for the whole build.

        The answer depends only on the theme's language and the site's language tag, both fixed for a build.
        """
        known = self._translations

        def t(key: str) -> str:
            found = known.get(key)
            if found is None:
                found = known[key] = translate(key)
            return found

        return t
