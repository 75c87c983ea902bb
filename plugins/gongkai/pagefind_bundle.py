"""Pagefind's bundle format and the rules of the tidy bundle the site publishes (shared by the merge and the tests).

It owns reading and writing Pagefind 1.5.2's binary files (gzip of `pagefind_dcd` + CBOR; formats read from its
output and source: `pagefind/src/index/mod.rs`, `index_metadata.rs`, `index_filter.rs`, and the browser's reader
`pagefind_web/src/metadata.rs`), the position cap, and the constants that say what the published bundle looks like.
`gongkai.pagefind_merge` writes that bundle from the parts Pagefind wrote (one part or many):

- **Deterministic filter files.** Pagefind lists a filter's values, and the filters in `pf_meta`, in a
  HashMap's order and names each filter file by a hash of those bytes (an upstream TODO), so two builds
  of the same input differ. The published values and filters are sorted and each file is named by a hash of
  its content.
- **A smaller `pf_meta`** (what every full-text query loads first: 188 KB at 20,000 items as Pagefind writes it). It
  lists every page as (fragment hash, word count) and the 发布日期 sort order as a permutation of page numbers. The
  random 7-hex hashes (≈ 137 KB gzipped) and the sort order (≈ 45 KB) do not compress. Fragments are
  named `<group hash>/<rank>`: `rank` is the page's place in the 发布日期 order (`n<k>` for the few
  pages without a date: 指南, 年报), the group hash a hash over the ranks and contents of the GROUP fragments
  of its group (GROUP pages in page-number order), so a name always holds the same bytes (no stale cache, even
  where a platform's ranks move under a group that keeps its pages) while consecutive names compress. The sort
  order is left out of `pf_meta`: search.js sorts results by the rank in their id
  (83 KB at 20,000 items).
- **Lighter index chunks** (what each query word loads: at 20,000 items a word found on every page, such as the
  body's 工作 or 县, makes a chunk of 100–250 KB). A chunk lists, per word, every page and every position of
  the word on it. Positions serve ranking (term frequency), excerpts and exact phrases; BM25 saturates after a
  few occurrences, so for ordinary text (Pagefind weight 1: `-25` in the position list) only the first
  `BODY_POSITIONS` positions per page are kept, and only the first for a word on at least half of the pages
  (its idf is at most ln 2, so how often it occurs hardly moves a page). Every page stays listed (no hit is
  lost), headings and titles keep all their positions, and so do the title characters that the search page's
  character phrase reads (their block has its own weight, `gongkai/partials/search_terms.html`).
- **Common words.** `pagefind-entry.json` lists, per language, the words on at least `COMMON_SHARE` of the pages
  with their page counts (`common_words`), for the search page to leave out of a query that has other words.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import cbor2
import deflate

VERSION = "1.5.2"
"""The Pagefind version whose formats this module reads (pinned in pyproject.toml)."""
MAGIC = b"pagefind_dcd"
SORT_KEY = "date"
"""The sort (data-pagefind-sort, gongkai/search_document.html) whose order the fragment names carry."""
GROUP = 128
"""Fragments per name group: a change renames the fragments of its group only."""
BODY_POSITIONS = 3
"""Positions of ordinary text kept per page for a word (see the module docstring)."""
COMMON_BODY_POSITIONS = 1
"""The same for a word on at least half of the pages: its BM25 weight (idf ≤ ln 2) leaves term frequency no say."""
COMMON_SHARE = 0.95
"""A word on at least this share of the pages is listed as common in `pagefind-entry.json`."""
CHUNK_LEVEL = 7
"""libdeflate level of a written index chunk (`gzip_bytes`): on Pagefind's chunks 2.5× faster than zlib's level 6 and
1 % smaller; libdeflate's level 9 is 2.7 % smaller than zlib's 6 but 1.5× its time (bench/RESULTS.md)."""
META_LEVEL = 12
"""libdeflate level of pf_meta and the filter files (`encode`): written once a build, pf_meta read by every search,
so the smallest: 6 % smaller than zlib's level 9 on a pf_meta, in milliseconds."""
ORDINARY_TEXT = -25
"""Pagefind's marker in a position list for the positions of weight 1 (24/24) that follow it."""


class BundleFormatError(RuntimeError):
    """The bundle is not in the format of Pagefind VERSION."""


def decode(data: bytes, what: str) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(MAGIC):
        raise BundleFormatError(f"{what} 不是 Pagefind {VERSION} 的格式")
    return cbor2.loads(raw[len(MAGIC) :])


def encode(value: Any, level: int = META_LEVEL) -> bytes:
    """A bundle file of `value`: Pagefind's magic and CBOR, gzipped (`gzip_bytes`)."""
    return gzip_bytes(MAGIC + cbor2.dumps(value), level)


def gzip_bytes(data: bytes, level: int) -> bytes:
    """gzip by libdeflate (the `deflate` binding, which lets other threads run meanwhile): no timestamp or file name,
    so equal data give equal bytes; any gzip reader (Pagefind's, Python's) reads it."""
    return bytes(deflate.gzip_compress(data, level))


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.hexdigest()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while decoding millions of acyclic lists (with it on, decoding the chunks
    of a 20,000-page index took 7.3 s instead of 1.7 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def capped_positions(locs: list[int], keep: int = BODY_POSITIONS) -> list[int]:
    """A word's position list on one page with at most `keep` positions of ordinary text.

    The list is runs of one weight each: a negative marker (−weight − 1), then the first position and the
    deltas to the next. Cutting a run's tail leaves every kept position where it was; other runs are kept whole.
    A leading run without a marker has Pagefind's implicit weight 25 (the title characters' 1.05), not 24.
    """
    out: list[int] = []
    kept = 0
    ordinary = False
    for loc in locs:
        if loc < 0:
            ordinary = loc == ORDINARY_TEXT
            kept = 0
        elif ordinary:
            if kept >= keep:
                continue
            kept += 1
        out.append(loc)
    return out
