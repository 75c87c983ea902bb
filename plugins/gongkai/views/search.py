"""Full-text search: what each item contributes to the Pagefind index, the exact 文号/索引号 lookup, and running Pagefind.

It owns:
- the search facets (栏目, 年份, 发文机关, 有效性, 主题分类) and their values per item;
- the extra index words that make substrings of Chinese titles findable. Pagefind's extended binary
  segments Chinese with jieba when indexing, while the browser splits the query with ICU's
  `Intl.Segmenter`, and a query word is found only as a *prefix* of an indexed word. So queries that
  cut across jieba's words fail on their own: `耕生` (春耕|生产), `疗保` (医疗|保险), `政办发` (inside
  示政办发). `phrase_words` indexes the title and 发文字号 once more as one word per character, in a
  hidden block of the item page (with a weight of its own, so the index keeps all their positions:
  `gongkai.pagefind_bundle`); the search page also runs the query as an exact phrase over single
  characters (`"政 办 发"`) and lists those hits first, at once when the word search leaves the first page
  short of titles containing the query, otherwise when the reader asks for more (search.js). Body text
  keeps jieba words only: a substring of the body that crosses jieba's words is still not found (documented limit);
- the exact lookup: a full 发文字号 or 索引号 typed as the query must return that item first. Pagefind
  splits `示政办发〔2024〕3号` into single characters and digits and ranks by term frequency, so the
  plugin writes a small sharded map (normalised key → url, title) that the search page consults
  before Pagefind. Keys are hashed with 32-bit FNV-1a over UTF-8 (`shard_of`; same code in search.js);
- what goes into the index; running the Pagefind binary is `gongkai.pagefind_service`;
- on a platform of many bodies (issue #18): the 机关 facet (`BODY_FACET`: each item's own body, and every
  platform body a 联合发文 names), the bodies in each exact-lookup entry, and the body scope of a body's own search
  page (`SearchView.scope`: search.js keeps that body as its 机关 filter, the page lists the 机关 box only with
  another body in it; widening to the whole portal goes to the portal's page), the folder of that body's own bundle
  (`scope_bundle`), which the scoped page searches instead of the portal's, and what else makes the scoped page
  cost about what a single-body site of that body costs: only its body's
  facet values (`scope_items`) and its body's own exact lookup (`exact_dir`, sharded by its own entry count), with
  the portal's lookup asked only for an identifier the body's has not.
  A platform of one has none of these: its index and pages stay as they were.

Nothing here knows about MkDocs events; `gongkai.mkdocs_plugins.search` adapts them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..model import Column, Item, Platform

FACETS = ("栏目", "年份", "发文机关", "有效性", "主题分类")
"""Filter names shown on the search page, in this order (issue #5)."""
BODY_FACET = "机关"
"""The platform's facet (issue #18), first on the page: the body whose 专栏 publishes the item (and a 联合发文's partners)."""
EXACT_DIR = "search/exact"
BUNDLE_DIR = "pagefind"
"""Where Pagefind writes its bundle, under the site folder (gongkai-search)."""


def scope_bundle(prefix: str) -> str:
    """The folder of a platform body's own bundle in the site (`<id>/pagefind`, for a body with the URL prefix `<id>/`):
    the pages whose 机关 filter names that body, searched by its scoped page. The 本级政府 (prefix "") has none."""
    return prefix + BUNDLE_DIR


SHARD_TARGET = 64
"""About this many keys per exact-lookup shard (≈ 6 KB), so a lookup costs one small request at any size."""

_CHAR_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9A-Za-z]+")
_BRACKETS = str.maketrans({o: "〔" for o in "[【(（［"} | {c: "〕" for c in "]】)）］"})
_SPACE = re.compile(r"\s+")


def char_words(text: str) -> str:
    """The text as one word per Chinese character (Latin letters and digits kept as runs), space-separated.

    Indexed in this form, a title can be matched by Pagefind's exact-phrase search for any substring:
    the search page sends `"政 办 发"` for 政办发 (see search.js `charPhrase`).
    """
    return " ".join(_CHAR_WORD.findall(text))


def phrase_words(item: Item) -> str:
    """The title and the 发文字号 as `char_words`, apart (⁂) so that no phrase runs from one into the other."""
    words = char_words(item.title)
    return f"{words} ⁂ {char_words(item.doc_no)}" if item.doc_no else words


def normalize_key(text: str) -> str:
    """A 发文字号 or 索引号 as typed → the lookup key: NFKC, no spaces, any year bracket → 〔〕, upper case.

    `示政办发[2024]3号`, `示政办发（2024）3号` and `示政办发〔2024〕3号` give the same key; the search.js
    function `normalizeKey` does the same.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_BRACKETS)
    return _SPACE.sub("", text).upper()


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def shard_count(keys: int) -> int:
    """A power of two giving about SHARD_TARGET keys per shard."""
    count = 1
    while count * SHARD_TARGET < keys:
        count *= 2
    return count


def shard_of(key: str, shards: int) -> int:
    return fnv1a(key) % shards


@dataclass(frozen=True, slots=True)
class Facets:
    """The filter values of one item page."""

    column: str
    year: str
    issuers: tuple[str, ...]
    validity: str
    topic: str
    bodies: tuple[str, ...] = ()  # the 机关 facet: empty on a platform of one

    @classmethod
    def of(cls, item: Item, bodies: tuple[str, ...] = ()) -> Facets:
        return cls(
            column=item.column.name,
            year=str(item.year),
            issuers=item.issuers,
            validity=item.validity.state if item.validity else "",
            topic=item.topic,
            bodies=bodies,
        )

    def pairs(self) -> list[tuple[str, str]]:
        """(facet, value) pairs, empty values left out."""
        out = [(BODY_FACET, body) for body in self.bodies]
        out += [("栏目", self.column), ("年份", self.year)]
        out += [("发文机关", issuer) for issuer in self.issuers]
        if self.validity:
            out.append(("有效性", self.validity))
        if self.topic:
            out.append(("主题分类", self.topic))
        return out


def facet_values(
    items: Iterable[Item], bodies: Mapping[str, tuple[str, ...]] | None = None, body_order: Sequence[str] = ()
) -> list[tuple[str, list[str]]]:
    """Every facet with its values, as the search page lists them: years newest first, 机关 in platform order
    (`bodies`: src_uri → the item's bodies; None on a platform of one; `body_order`: the bodies' names), other
    values by count.

    The page gets these from the build, so it needs none of Pagefind's filter files (≈ 45 KB each at 20,000
    items) to show the checkboxes; it loads those only for per-query counts. O(N) once per build.
    """
    names = facet_names(bodies is not None)
    counts: dict[str, Counter[str]] = {name: Counter() for name in names}
    for item in items:
        for name, value in Facets.of(item, bodies[item.src_uri] if bodies else ()).pairs():
            counts[name][value] += 1
    rank = {name: n for n, name in enumerate(body_order)}
    out = []
    for name in names:
        if name == BODY_FACET:
            values = sorted(counts[name], key=lambda v: (rank.get(v, len(rank)), v))
        elif name == "年份":
            values = sorted(counts[name], reverse=True)
        else:
            values = [value for value, _ in sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0]))]
        if values:
            out.append((name, values))
    return out


def item_bodies(platform: Platform) -> dict[str, tuple[str, ...]] | None:
    """src_uri → the 机关 facet values of each public item: its own body first, then the other platform bodies its
    发文机关 names (联合发文, `Model.joint_bodies`). None on a platform of one (no 机关 facet). O(N)."""
    if not platform.is_platform:
        return None
    out: dict[str, tuple[str, ...]] = {}
    for model in platform.bodies:
        for item in model.public_items:
            partners = tuple(name for name, _ in model.joint_bodies.get(item.index_no, ()))
            out[item.src_uri] = (model.body.name, *partners)
    return out


_PAGEFIND_BODY = re.compile(r"<[a-zA-Z][^>]*\sdata-pagefind-body\b[^>]*>")


def with_body_filter(html: str, body: str) -> str:
    """A rendered page (指南, 年报…) as Pagefind indexes it on a platform: its 机关 filter inside the element Pagefind
    reads (`data-pagefind-body`), so a body's scoped search finds the body's own pages. The published page is unchanged.
    A page without that element is not indexed anyway and is returned as it is. O(page): a page that does not
    name the attribute at all (every listing page) is one substring scan, not a regex trying every tag."""
    if "data-pagefind-body" not in html:
        return html
    found = _PAGEFIND_BODY.search(html)
    if found is None:
        return html
    tag = f'<span data-pagefind-filter="{BODY_FACET}[data-value]" data-value="{escape(body)}" hidden></span>'
    return html[: found.end()] + tag + html[found.end() :]


def facet_names(platform: bool) -> tuple[str, ...]:
    """The facets of the search page: with the 机关 facet first on a platform of many bodies."""
    return (BODY_FACET, *FACETS) if platform else FACETS


def exact_entries(
    items: Iterable[Item], bodies: Mapping[str, tuple[str, ...]] | None = None, scope: str = "", prefix: str = ""
) -> dict[str, list[str]]:
    """Normalised 发文字号 and 索引号 → [url, title] (on a platform: [url, title, 机关名称], the bodies of its 机关 filter
    joined by 、: a 联合发文 names every platform body it names, as its full-text result does).

    A 发文字号 shared by several items keeps the newest. The portal's lookup covers every body. `scope` (a body's
    机关名称) and `prefix` (its URL prefix, `<id>/`): that body's own lookup (`exact_dir(prefix)`), whose entries leave
    out the body when it is `scope` alone (the scoped page shows its own name) and give URLs relative to the body's
    folder (another body's 联合发文: `../<id>/…`), as a single-body site's entries have no body and URLs relative to its
    root. search.js resolves a lookup's URLs against the folder two levels above the lookup (`<prefix>search/exact/`)."""
    out: dict[str, list[str]] = {}
    up = "../" * prefix.count("/")
    for item in sorted(items, key=lambda i: i.sort_key, reverse=True):  # oldest first: newest overwrites
        names = bodies[item.src_uri] if bodies else ()
        url = item.url.removeprefix(prefix) if item.url.startswith(prefix) else up + item.url
        entry = [url, item.title, "、".join(names)] if names and names != (scope,) else [url, item.title]
        out[normalize_key(item.index_no)] = entry
        if item.doc_no:
            out[normalize_key(item.doc_no)] = entry
    return out


def scope_items(items: Iterable[Item], bodies: Mapping[str, tuple[str, ...]]) -> dict[str, list[Item]]:
    """A platform body's 机关名称 → the public items whose 机关 filter names it (its own and the 联合发文 naming it):
    what its own bundle, facet values and exact lookup hold. O(N) over the items."""
    out: dict[str, list[Item]] = {}
    for item in items:
        for body in bodies[item.src_uri]:
            out.setdefault(body, []).append(item)
    return out


def exact_dir(prefix: str = "") -> str:
    """The folder of an exact lookup in the site: the portal's `search/exact`, a platform body's `<id>/search/exact`
    (beside its scoped page `<id>/search/`), searched by that page first. Always two levels below the folder its
    URLs are relative to (`exact_entries`; search.js)."""
    return prefix + EXACT_DIR


def write_exact(site_dir: Path, entries: dict[str, list[str]], folder: str = EXACT_DIR) -> int:
    """Write the exact-lookup shards (from `exact_entries`) under `site_dir/<folder>/` (the portal's `search/exact/`, or
    a body's own `exact_dir`); return the shard count. The shard count follows the entries, by the same rule for every lookup."""
    shards = shard_count(len(entries))
    buckets: list[dict[str, list[str]]] = [{} for _ in range(shards)]
    for key, value in entries.items():
        buckets[shard_of(key, shards)][key] = value
    out = site_dir / folder
    out.mkdir(parents=True, exist_ok=True)
    for number, bucket in enumerate(buckets):
        (out / f"{number}.json").write_text(json.dumps(bucket, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return shards


class SearchView:
    """What the search page template needs: facets and their values, lookup shard count, links for readers without JavaScript.

    `scope`: on a body's own search page of a platform, that body's 机关名称 (results are limited to it; widening the
    search goes to the portal's page); `scope_bundle_url`: that body's own bundle, searched while the page is scoped;
    `portal_url`: the portal-wide search page (site-root relative). A scoped page lists its body's facet values and
    looks a 文号/索引号 up in its body's own lookup (`exact_url`, `shards`) first, then in the portal's
    (`portal_exact_url`, `portal_shards`) when the body's has no entry for it. Its facets include 机关 (search.js keeps
    the scope as that filter), but its 机关 box (`body_box`) is listed only when it has another body than its own (a
    联合发文's partners): a box whose one value is the page's own body would offer nothing the widen link does not."""

    __slots__ = (
        "body_box",
        "bundle_url",
        "columns",
        "exact_url",
        "facet_values",
        "facets",
        "portal_exact_url",
        "portal_shards",
        "portal_url",
        "results_per_page",
        "scope",
        "scope_bundle_url",
        "shards",
    )

    def __init__(
        self,
        shards: int,
        results_per_page: int,
        columns: Sequence[Column],
        facet_values: list[tuple[str, list[str]]],
        scope: str = "",
        portal_url: str = "",
    ) -> None:
        if scope:
            facet_values = [(name, values) for name, values in facet_values if name != BODY_FACET or values != [scope]]
        self.body_box = any(name == BODY_FACET for name, _ in facet_values)
        self.facets = facet_names(bool(scope) or self.body_box)
        self.scope = scope
        self.portal_url = portal_url
        self.exact_url = EXACT_DIR + "/"
        self.portal_exact_url = ""  # a scoped page: the portal's lookup, asked when the body's own has no entry
        self.portal_shards = 0
        self.bundle_url = BUNDLE_DIR + "/"
        self.scope_bundle_url = ""  # a scoped page: its body's own bundle (`scope_bundle`), searched while scoped
        self.facet_values = facet_values
        self.shards = shards
        self.results_per_page = results_per_page
        self.columns = columns
