"""Pagefind's bundle made byte-identical across builds and lighter to load, before it is written.

It owns the rewrite of the bundle that `pagefind --service` returns (`GetFiles`), in the formats of
Pagefind 1.5.2 (read from its source: `pagefind/src/index/mod.rs`, `index_metadata.rs`, `index_filter.rs`,
and the browser's reader `pagefind_web/src/metadata.rs`). Binary files are gzip of `pagefind_dcd` + CBOR.

- **Deterministic filter files.** Pagefind lists a filter's values, and the filters in `pf_meta`, in a
  HashMap's order and names each filter file by a hash of those bytes (an upstream TODO), so two builds
  of the same input differ. Here the values and filters are sorted and each file is named by a hash of
  its new content; the `pf_meta` and `pagefind-entry.json` point at the new names.
- **A smaller `pf_meta`** (what every full-text query loads first: 188 KB at 20,000 items). It lists every
  page as (fragment hash, word count) and the 发布日期 sort order as a permutation of page numbers. The
  random 7-hex hashes (≈ 137 KB gzipped) and the sort order (≈ 45 KB) do not compress. Fragments are
  renamed `<group hash>/<rank>`: `rank` is the page's place in the 发布日期 order (`n<k>` for the few
  pages without a date: 指南, 年报), the group hash a hash over the content of the 128 fragments of its
  rank group, so a changed fragment always gets a new URL (no stale cache) while consecutive names
  compress (items are sent to Pagefind in date order, see the search plugin). The sort order is dropped
  from `pf_meta`: search.js sorts results by the rank in their id. At 20,000 items `pf_meta` shrinks to
  83 KB (measured; 188 KB before).

- **Lighter index chunks** (what each query word loads: at 20,000 items a word found on every page, such as the
  body's 工作 or 县, makes a chunk of 100–250 KB). A chunk lists, per word, every page and every position of
  the word on it. Positions serve ranking (term frequency), excerpts and exact phrases; BM25 saturates after a
  few occurrences, so for ordinary text (Pagefind weight 1: `-25` in the position list) only the first
  `BODY_POSITIONS` positions per page are kept, and only the first for a word on at least half of the pages
  (its idf is at most ln 2, so how often it occurs hardly moves a page). Every page stays listed (no hit is
  lost), headings and titles keep all their positions, and so do the title characters that the search page's
  character phrase reads (their block has its own weight, `gongkai/partials/search_terms.html`). Chunks keep
  their word ranges and are named by content; bench/RESULTS.md has the measured sizes.
- **Common words.** `pagefind-entry.json` lists, per language, the words on at least `COMMON_SHARE` of the pages
  with their page counts (`common_words`), for the search page to leave out of a query that has other words.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import cbor2

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
"""A word on at least this share of the pages is listed as common in `pagefind-entry.json` (see `tidy`)."""
DECODE_BYTES_PER_PAGE = 0.5
"""An index chunk of fewer bytes than this × pages is not read for common words (see `_lighter_chunks`)."""
REWRITE_BYTES_PER_PAGE = 2.5
"""An index chunk of fewer bytes than this × pages keeps its positions uncapped (see `_lighter_chunks`)."""
CHUNK_LEVEL = 6
"""gzip level of a rewritten index chunk (see `_lighter_chunks`)."""
ORDINARY_TEXT = -25
"""Pagefind's marker in a position list for the positions of weight 1 (24/24) that follow it."""


class BundleFormatError(RuntimeError):
    """The bundle is not in the format of Pagefind VERSION."""


def decode(data: bytes, what: str) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(MAGIC):
        raise BundleFormatError(f"{what} 不是 Pagefind {VERSION} 的格式")
    return cbor2.loads(raw[len(MAGIC) :])


def encode(value: Any, level: int = 9) -> bytes:
    """gzip without a timestamp or file name, so equal values give equal bytes."""
    return gzip.compress(MAGIC + cbor2.dumps(value), compresslevel=level, mtime=0)


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.hexdigest()


def tidy(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (path → bytes, as Pagefind returned it) with stable filter names, renamed fragments and lighter
    index chunks. `pagefind-entry.json` gets, per language, `common_words`: each word on at least COMMON_SHARE of
    the pages with its page count (Pagefind's own reader ignores the key). The search page leaves such words out
    of a query that has other words (search.js `wordQuery`): they select almost nothing, weigh almost nothing in
    the ranking, and their chunks are the largest (70–125 KB at 20,000 items)."""
    out = dict(files)
    entry = json.loads(out["pagefind-entry.json"])
    if entry.get("version") != VERSION:
        raise BundleFormatError(f"Pagefind 版本为 {entry.get('version')}，本程序只能处理 {VERSION} 的索引格式")
    for language, info in entry["languages"].items():
        old_meta = f"pagefind.{info['hash']}.pf_meta"
        meta = decode(out.pop(old_meta), old_meta)
        if not (isinstance(meta, list) and len(meta) == 6 and all(isinstance(part, list) for part in meta[1:])):
            raise BundleFormatError(f"{old_meta} 的结构不是 Pagefind {VERSION} 的格式")
        meta[2], info["common_words"] = _lighter_chunks(out, language, meta[2], len(meta[1]))
        meta[3] = _stable_filters(out, language, meta[3])
        meta[1] = _rename_fragments(out, meta[1], meta[4])
        meta[4] = []  # the date order is in the fragment names now
        data = encode(meta)
        info["hash"] = f"{language}_{digest(data)[:13]}"
        out[f"pagefind.{info['hash']}.pf_meta"] = data
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def _stable_filters(files: dict[str, bytes], language: str, filters: list[list[str]]) -> list[list[str]]:
    """Each filter file with its values sorted, named by a hash of its bytes; the list sorted by filter name."""
    listed = []
    for name, old in sorted(filters):
        path = f"filter/{old}.pf_filter"
        filter_name, values = decode(files.pop(path), path)
        data = encode([filter_name, sorted(values)])
        new = f"{language}_{digest(data)[:12]}"
        files[f"filter/{new}.pf_filter"] = data
        listed.append([name, new])
    return listed


def _lighter_chunks(files: dict[str, bytes], language: str, chunks: list[list[str]], pages: int) -> tuple[list[list[str]], dict[str, int]]:
    """The index chunks with ordinary text's positions capped in the large ones (`capped_positions`), and the common
    words (on at least COMMON_SHARE of the `pages`) with their page counts, sorted.

    Only chunks large for the site are read: of at least DECODE_BYTES_PER_PAGE × pages bytes for the common words,
    REWRITE_BYTES_PER_PAGE × pages for the cap. A chunk left alone (or that the cap leaves unchanged) keeps
    Pagefind's bytes and name (Pagefind names it by its content); a rewritten one is named by a hash of its new
    bytes. Why: at 20,000 items the chunks are 11.6 MB of gzip, ≈ 40 MB of CBOR in millions of small lists, and
    reading, capping and writing all of them at gzip level 9 took 22 CPU s at the end of every build. Now 2.7 s:
    the collector paused while decoding (the lists make no cycles; with it on, decoding alone took 7.3 s instead
    of 1.7 s), gzip level 6 (level 9: 9× the time for 3–5 % fewer bytes), and only the 39 chunks of ≥ 50 KB
    rewritten (all 368 chunks: 4.6 s; the index is 9.9 MB instead of 9.45 MB, 11.6 MB uncapped). On that bundle
    the 20 words on ≥ 95 % of pages lay in chunks of 21.5–204 KB (≥ 1.07 bytes per page); a common word missed
    in a smaller chunk would cost its query bytes, never a result."""
    listed = []
    common: dict[str, int] = {}
    with collector_paused():
        for start, end, old in chunks:
            path = f"index/{old}.pf_index"
            data, new = files.pop(path), old
            if len(data) >= DECODE_BYTES_PER_PAGE * pages:
                index = decode(data, path)
                if not (isinstance(index, list) and index and isinstance(index[0], list)):
                    raise BundleFormatError(f"{path} 的结构不是 Pagefind {VERSION} 的格式")
                common.update((word[0], len(word[1])) for word in index[0] if len(word[1]) >= COMMON_SHARE * pages)
                if len(data) >= REWRITE_BYTES_PER_PAGE * pages and _cap_chunk(index[0], pages):
                    data = encode(index, CHUNK_LEVEL)
                    new = f"{language}_{digest(data)[:13]}"
            files[f"index/{new}.pf_index"] = data
            listed.append([start, end, new])
    return listed, dict(sorted(common.items()))


def _cap_chunk(words: list[list[Any]], pages: int) -> bool:
    """Cap each word's positions per page in place (fewer for a word on half the pages or more); True if any changed."""
    changed = False
    for word in words:
        keep = COMMON_BODY_POSITIONS if 2 * len(word[1]) >= pages else BODY_POSITIONS
        for page in word[1]:
            if len(page[1]) > keep:  # a shorter list holds at most `keep` positions: nothing to cut
                capped = capped_positions(page[1], keep)
                changed = changed or len(capped) != len(page[1])
                page[1] = capped
    return changed


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while decoding millions of acyclic lists (see `_lighter_chunks`)."""
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


def _rename_fragments(files: dict[str, bytes], pages: list[list[Any]], sorts: list[list[Any]]) -> list[list[Any]]:
    """The pages list with fragments named `<group hash>/<rank>` (see the module docstring); moves the files."""
    order: list[int] = next((pages_in_order for key, pages_in_order in sorts if key == SORT_KEY), [])
    dated = set(order)
    ranked = [(str(rank), page) for rank, page in enumerate(order)]
    ranked += [(f"n{k}", page) for k, page in enumerate(p for p in range(len(pages)) if p not in dated)]
    contents = {}
    for old, _ in pages:
        path = f"fragment/{old}.pf_fragment"
        if path not in contents:
            contents[path] = files.pop(path)
    names: list[str] = [""] * len(pages)
    for start in range(0, len(ranked), GROUP):
        group = ranked[start : start + GROUP]
        blobs = [contents[f"fragment/{pages[page][0]}.pf_fragment"] for _, page in group]
        group_hash = digest(*(hashlib.sha256(blob).digest() for blob in blobs))[:10]
        for (rank, page), blob in zip(group, blobs, strict=True):
            names[page] = f"{group_hash}/{rank}"
            files[f"fragment/{names[page]}.pf_fragment"] = blob
    return [[name, word_count] for name, (_, word_count) in zip(names, pages, strict=True)]
