"""The theme's primary navigation, rendered once per distinct set of relative links instead of on every page.

Material renders the whole nav sidebar into every page (≈ 0.4 ms a page: 8 s at 20,000 items). Only a
page that is itself in the nav changes it (its entry and sections are marked active); for every other
page (the items and the generated listings: nearly all of a large site) the HTML depends only on the
links, which are relative to the page. `NavCache.key` is that tuple of relative links, so pages at the
same place in the URL tree share one rendering; pages in the nav are always rendered afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mkdocs.structure.nav import Link, Section
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


def _link_urls(items: Iterable[object]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, Link):
            out.append(item.url)
        elif isinstance(item, Section):
            out += _link_urls(item.children)
    return out


class NavCache:
    """Rendered nav HTML by relative-link key; one per build (templates reach it as `gk_nav`)."""

    def __init__(self, nav: Navigation) -> None:
        self._nav = nav
        self._in_nav: set[str] | None = None  # read at the first page, once every plugin has changed the nav
        self._urls: list[str] = []
        self._html: dict[tuple[str, ...], str] = {}

    def key(self, page: Page | None) -> tuple[str, ...] | None:
        """The links as this page would print them; None for a page in the nav (or no page): render afresh."""
        if self._in_nav is None:
            self._in_nav = {p.file.src_uri for p in self._nav.pages}
            self._urls = [p.url for p in self._nav.pages] + _link_urls(self._nav.items)
        if page is None or page.file.src_uri in self._in_nav:
            return None
        return (get_relative_url(".", page.url), *(get_relative_url(url, page.url) for url in self._urls))

    def get(self, key: tuple[str, ...] | None) -> str | None:
        return self._html.get(key) if key is not None else None

    def remember(self, key: tuple[str, ...] | None, html: str) -> str:
        if key is not None:
            self._html[key] = html
        return html
