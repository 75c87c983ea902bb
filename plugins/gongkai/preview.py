"""The incremental preview of `mkdocs serve` (issue #19): what a change allows, and which pages show a changed item.

It owns the decisions only (the MkDocs plumbing is `gongkai.mkdocs_plugins.serve`):
- `classify`: the files a save touched → the item files to read again, or why the whole site must be rebuilt
  (anything but an item's Markdown: site_config/, catalog_schema/, mkdocs.yml, overrides/, staff pages, attachments);
- `touched`: from the previous and the new model and directory views, the pages that show a changed item: its own
  page, the pages of related items (替代文件, 解读, 意见征集反馈), and the directory pages that list it. A listing
  whose figures did not change (same counts, same latest date, the item in the same place) gets only the page that
  holds the item; otherwise every page of the column (every page shows the column's counts and its year and facet
  links; a column that crosses one page gains or loses its year pages this way, and the adapter removes pages that
  are gone). Each changed body's home, 目录 overview, search and 年报 pages, and with a 标准事项 or 征地位置 its
  标准目录 and 征地信息 pages, are named by body (`Touched.bodies`, `Touched.standard`) for the adapter to add;
- `file_findings`: the changed files' findings as `gongkai check` prints them (`Finding.format`).
Everything is O(changed items × listing length) at worst: no page is rendered to find out whether it changed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import loader, rules
from .model import Finding, Item, Loaded, Model, Platform
from .views.directory import ColumnView, Directory, Listing
from .views.library import Library

TEMPORARY_PREFIXES = (".", "~", "#")
"""Editors' temporary files (`.x.md.swp`, `~x.md`, `#x.md#`): no content of the site."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What one batch of saved files asks for: the changed item files (src_uris), or a full rebuild and why."""

    items: frozenset[str] = frozenset()
    full: str = ""  # the Chinese reason for a full rebuild ("" = the item files alone)


def classify(paths: Iterable[str], docs_dir: Path, root: Path) -> Plan:
    """Item Markdown files under docs_dir (added, edited or deleted) can be previewed alone; anything else rebuilds all."""
    items = set()
    for raw in sorted(set(paths)):
        path = Path(raw).resolve()
        if path.name.startswith(TEMPORARY_PREFIXES) or path.name.endswith("~"):
            continue
        try:
            src_uri = path.relative_to(docs_dir).as_posix()
        except ValueError:
            return Plan(full=f"{_shown(path, root)} 已改动")
        if not loader.is_item_path(src_uri):
            return Plan(full=f"{_shown(path, root)} 已改动（不是信息文件）")
        items.add(src_uri)
    return Plan(frozenset(items))


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


@dataclass(slots=True)
class Touched:
    """The pages a preview renders again: by src_uri, and by body for the pages other plugins generate."""

    pages: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)  # URL prefixes of the bodies whose listings changed
    standard: set[str] = field(default_factory=set)  # URL prefixes whose 标准目录 / 征地信息 pages show a changed item


def find(platform: Platform, src_uri: str) -> tuple[Item, Model] | None:
    """The item read from `src_uri` and its body, O(bodies)."""
    for body in platform.bodies:
        item = body.by_src_uri.get(src_uri)
        if item is not None:
            return item, body
    return None


def touched(
    old: Platform,
    new: Platform,
    changed: Collection[str],
    old_dirs: Mapping[str, Directory],
    new_dirs: Mapping[str, Directory],
    old_libs: Mapping[str, Library],
    new_libs: Mapping[str, Library],
) -> Touched:
    """Every page that shows one of the `changed` items, before or after the change (see the module docstring)."""
    out = Touched()
    slugs: set[str] = set()
    for src_uri in changed:
        for platform in (old, new):
            found = find(platform, src_uri)
            if found is None:
                continue
            item, model = found
            if item.public and platform is new:
                out.pages.add(src_uri)
            out.pages.update(related_pages(item, model))
            out.bodies.add(model.prefix)
            out.bodies.update(prefix for _, prefix in model.joint_bodies.get(item.index_no, ()))  # 联合发文: listed there too
            slugs.add(item.column.slug)
            if item.standard_matter or item.land_location:
                out.standard.add(model.prefix)
    uris = set(changed)
    for prefix in out.bodies:
        before, after = old_dirs.get(prefix), new_dirs.get(prefix)
        if before is None or after is None:
            continue
        for slug in slugs:
            out.pages.update(column_pages(before.views.get(slug), after.views.get(slug), uris))
        old_lib, new_lib = old_libs.get(prefix), new_libs.get(prefix)
        if old_lib is not None and new_lib is not None:
            years = _years(old_lib.years) == _years(new_lib.years)  # every 文件库 page shows them (one-page library too)
            out.pages.update(listing_pages(list(old_lib.listings()), list(new_lib.listings()), uris, same_figures=years))
    return out


def related_pages(item: Item, model: Model) -> Iterator[str]:
    """The pages of the published items whose page links to `item` by title (替代文件, 解读, 意见征集 and its 反馈)."""
    numbers = [*item.interprets, item.feedback_for, item.validity.successor if item.validity else ""]
    linked = [model.by_index_no.get(n) for n in numbers if n]
    linked += model.successors_of.get(item.index_no, [])
    linked += model.interpretations_of.get(item.index_no, [])
    linked += model.feedback_of.get(item.index_no, [])
    return (other.src_uri for other in linked if other is not None and other.public and other is not item)


def column_pages(before: ColumnView | None, after: ColumnView | None, uris: set[str]) -> set[str]:
    """The pages of one column (its listings and its parents' group pages) that show one of `uris`."""
    if after is None:
        return set()
    out = {f"{c.url}index.md" for c in after.column.ancestors}  # 分组 pages: the children's counts and latest dates
    old = list(before.listings()) if before is not None else []
    figures = _figures(before) == _figures(after)
    out.update(listing_pages(old, list(after.listings()), uris, same_figures=figures))
    return out


def _figures(view: ColumnView | None) -> tuple[object, ...]:
    """What every page of a column shows about the whole column (directory_summary.html)."""
    if view is None:
        return ()
    return (view.count, view.latest, view.archive_count, _years(view.years))


def _years(years: Sequence[Listing]) -> list[tuple[str, int]]:
    """The year links every page of a column or library shows: also those of a one-page one, whose years have no pages
    (so they are not among its listings)."""
    return [(y.base, y.count) for y in years]


def listing_pages(old: Sequence[Listing], new: Sequence[Listing], uris: set[str], *, same_figures: bool = True) -> set[str]:
    """Pages of listings shown together (one column, or one library) that show one of `uris`, before or after.

    The same listings with the same counts and the item in the same place: only the pages that hold it (a title
    edited). Otherwise every page of every listing: the counts on each page and the pages' slices have moved.
    """
    if not any(_positions(listing, uris) for listing in (*old, *new)):
        return set()
    if not same_figures or [(x.base, x.count) for x in old] != [(x.base, x.count) for x in new]:
        return {lp.src_uri for listing in new for lp in listing.pages()}
    before = {x.base: x for x in old}
    out: set[str] = set()
    for listing in new:
        spots = _positions(listing, uris) + _positions(before[listing.base], uris)
        if spots:
            first, last = min(spots) // listing.page_size + 1, max(spots) // listing.page_size + 1
            out.update(listing.page(n).src_uri for n in range(first, last + 1))
    return out


def _positions(listing: Listing, uris: set[str]) -> list[int]:
    return [n for n, item in enumerate(listing.items) if item.src_uri in uris]


def file_findings(loaded: Loaded, changed: Collection[str], shown_prefix: str) -> list[Finding]:
    """The changed files' findings as `gongkai check` reports them: the build's, then the check-only rules' (their bodies only)."""
    files = {shown_prefix + uri for uri in changed}
    out = [f for f in loaded.findings if f.file in files]
    bodies = {found[1].prefix for uri in changed if (found := find(loaded.platform, uri)) is not None}
    for body in loaded.platform.bodies:
        if body.prefix in bodies:
            out += [f for f in rules.check_only_findings(body, body.today) if f.file in files]
    return out
