"""Full-text search: what each item contributes to the Pagefind index, the exact 文号/索引号 lookup, and running Pagefind.

It owns:
- the search facets (栏目, 年份, 发文机关, 有效性, 主题分类) and their values per item;
- the extra index words that make substrings of Chinese titles findable. Pagefind's extended binary
  segments Chinese with jieba when indexing, while the browser splits the query with ICU's
  `Intl.Segmenter`, and a query word is found only as a *prefix* of an indexed word. So queries that
  cut across jieba's words fail on their own: `耕生` (春耕|生产), `疗保` (医疗|保险), `政办发` (inside
  示政办发). `phrase_words` indexes the title and 发文字号 once more as one word per character, in a
  hidden block of the item page; the search page also runs the query as an exact phrase over single
  characters (`"政 办 发"`) and lists those hits first. Body text keeps jieba words only: a substring
  of the body that crosses jieba's words is still not found (documented limit);
- the exact lookup: a full 发文字号 or 索引号 typed as the query must return that item first. Pagefind
  splits `示政办发〔2024〕3号` into single characters and digits and ranks by term frequency, so the
  plugin writes a small sharded map (normalised key → url, title) that the search page consults
  before Pagefind. Keys are hashed with 32-bit FNV-1a over UTF-8 (`shard_of`; same code in search.js);
- what goes into the index; running the Pagefind binary is `gongkai.pagefind_service`.

Nothing here knows about MkDocs events; `gongkai.mkdocs_plugins.search` adapts them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..model import Column, Item

FACETS = ("栏目", "年份", "发文机关", "有效性", "主题分类")
"""Filter names shown on the search page, in this order (issue #5)."""
EXACT_DIR = "search/exact"
BUNDLE_DIR = "pagefind"
"""Where Pagefind writes its bundle, under the site folder (gongkai-search)."""
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

    @classmethod
    def of(cls, item: Item) -> Facets:
        return cls(
            column=item.column.name,
            year=str(item.year),
            issuers=item.issuers,
            validity=item.validity.state if item.validity else "",
            topic=item.topic,
        )

    def pairs(self) -> list[tuple[str, str]]:
        """(facet, value) pairs, empty values left out."""
        out = [("栏目", self.column), ("年份", self.year)]
        out += [("发文机关", issuer) for issuer in self.issuers]
        if self.validity:
            out.append(("有效性", self.validity))
        if self.topic:
            out.append(("主题分类", self.topic))
        return out


def facet_values(items: Iterable[Item]) -> list[tuple[str, list[str]]]:
    """Every facet with its values, as the search page lists them: years newest first, other values by count.

    The page gets these from the build, so it needs none of Pagefind's filter files (≈ 45 KB each at 20,000
    items) to show the checkboxes; it loads those only for per-query counts. O(N) once per build.
    """
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for item in items:
        for name, value in Facets.of(item).pairs():
            counts[name][value] += 1
    out = []
    for name in FACETS:
        if name == "年份":
            values = sorted(counts[name], reverse=True)
        else:
            values = [value for value, _ in sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0]))]
        if values:
            out.append((name, values))
    return out


def exact_entries(items: Iterable[Item]) -> dict[str, list[str]]:
    """Normalised 发文字号 and 索引号 → [url, title]. A 发文字号 shared by several items keeps the newest."""
    out: dict[str, list[str]] = {}
    for item in sorted(items, key=lambda i: i.sort_key, reverse=True):  # oldest first: newest overwrites
        out[normalize_key(item.index_no)] = [item.url, item.title]
        if item.doc_no:
            out[normalize_key(item.doc_no)] = [item.url, item.title]
    return out


def write_exact(site_dir: Path, entries: dict[str, list[str]]) -> int:
    """Write the exact-lookup shards (from `exact_entries`) under `site_dir/search/exact/`; return the shard count."""
    shards = shard_count(len(entries))
    buckets: list[dict[str, list[str]]] = [{} for _ in range(shards)]
    for key, value in entries.items():
        buckets[shard_of(key, shards)][key] = value
    out = site_dir / EXACT_DIR
    out.mkdir(parents=True, exist_ok=True)
    for number, bucket in enumerate(buckets):
        (out / f"{number}.json").write_text(json.dumps(bucket, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return shards


class SearchView:
    """What the search page template needs: facets and their values, lookup shard count, links for readers without JavaScript."""

    __slots__ = ("bundle_url", "columns", "exact_url", "facet_values", "facets", "results_per_page", "shards")

    def __init__(
        self, shards: int, results_per_page: int, columns: list[Column], facet_values: list[tuple[str, list[str]]]
    ) -> None:
        self.facets = FACETS
        self.exact_url = EXACT_DIR + "/"
        self.bundle_url = BUNDLE_DIR + "/"
        self.facet_values = facet_values
        self.shards = shards
        self.results_per_page = results_per_page
        self.columns = columns
