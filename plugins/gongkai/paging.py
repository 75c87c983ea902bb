"""Pagination: where one page sits in a paged list, and the URLs of its pager (`<base>`, `<base>page/N/`).

Shared by the directory listings (`gongkai.views.directory`) and the 标准目录's 事项 pages
(`gongkai.standard_catalog`); knows nothing of items or MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGER_WINDOW = 2
"""Page links shown on each side of the current page (first and last are always shown)."""


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int
    url: str
    current: bool


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page sits in its listing, with every URL the page links to (relative to the site root)."""

    number: int
    total: int
    base: str

    def url(self, number: int) -> str:
        return self.base if number <= 1 else f"{self.base}page/{number}/"

    @property
    def prev_url(self) -> str:
        return self.url(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self.url(self.number + 1) if self.number < self.total else ""

    @property
    def first_url(self) -> str:
        return self.url(1)

    @property
    def links(self) -> list[PageLink | None]:
        """First, last and a window around the current page; `None` marks a gap."""
        shown = {1, self.total, *range(self.number - PAGER_WINDOW, self.number + PAGER_WINDOW + 1)}
        out: list[PageLink | None] = []
        previous = 0
        for n in sorted(x for x in shown if 1 <= x <= self.total):
            if n > previous + 1:
                out.append(None)
            out.append(PageLink(n, self.url(n), n == self.number))
            previous = n
        return out
