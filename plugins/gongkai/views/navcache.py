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
"""

from __future__ import annotations

from collections.abc import Iterable
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
