"""Pagefind bundles of disjoint sets of pages merged into one tidy bundle: the same bytes however the pages were split.

It owns the merge of Pagefind 1.5.2 bundles (each as Pagefind wrote it, of disjoint sets of pages) into the one
bundle that the search page loads, in the tidy form of `gongkai.pagefind_bundle` (stable filter names, fragments
named by date rank, capped positions, `common_words`). Why: Pagefind holds a whole index in memory (≈ 140 KB per
page); a build that feeds its pages to several Pagefind processes one after another, or a platform whose partitions
each index their own pages, holds only a part at a time, and this merge puts the parts together (issues #18, #19).

Formats (read from Pagefind 1.5.2's output; binary files are gzip of `pagefind_dcd` + CBOR):
- `pf_meta`: [version, pages [[fragment hash, word count]], index chunks [[from, to, hash]], filters [[name, hash]],
  sorts [[key, [page numbers in that order]]], meta field names (sorted)].
- index chunk: [[word, pages, variants]], words sorted; pages [[page delta, positions, meta positions]] with page
  numbers delta-coded; variants [[variant word (diacritics), pages]]. Positions and meta positions are runs, each
  after a negative marker: −weight − 1 for positions, −field − 1 for meta positions (field: index in the meta
  field names).
- filter: [name, [[value, [page numbers]]]]; fragment: gzip of `pagefind_dcd` + the page's JSON (its `url`).

**Canonical.** Pages are numbered by `order` (the caller's full-build order). The words of all parts are merged (a
k-way merge over each part's sorted chunks, one decoded chunk per part in memory) and cut into chunks again by
Pagefind's own rule (`CHUNK_UNITS`, `_shortest_ranges`), so neither the split into parts nor Pagefind's chunk
boundaries inside a part reach the output: on a 20,000-page index the chunks are Pagefind's own, and one part or four
give the same bytes. Every word's ordinary text positions are capped (`pagefind_bundle.capped_positions`), the meta
field numbers are renumbered to the union of the parts' fields, and `common_words` is read from every word. The 发布日期
order of the fragment names is the order of `order` over the pages with a date sort; each part's own date order must
agree with it (else an error: the order is not the date order). Fragments, filters, pages and common words follow the
rules of `pagefind_bundle` (the published bundle): on a 20,000-page index they are byte for byte what the earlier
rewrite of one service's bundle wrote.

**Scoped bundles** (issue #18: a body's own search page loads its body's bundle). `merge(..., scopes)` writes, in the
same pass over the parts, besides the bundle of every page one further bundle per scope folder, of the pages that
`scopes` sends there (a page may go to several, e.g. a 联合发文 to each body it names). A scoped bundle is exactly what
`merge` gives for its pages alone, but for Pagefind's UI scripts and styles (`SCOPE_STATIC`), numbered in `order`'s
order: words, chunks (cut again by the same rule), `common_words` and position caps counted over its pages, filters
and filter values of its pages only (without a `lone_filters` filter of one value), its fragments named by their date
rank among its pages, its meta field names those of its pages' `meta` (read from their fragments, only when there are
scopes). Each word is decoded once. Where the bundle of every page is written in the same pass, each scope's word is
cut from its encoded page entries (`_Slicer`: a platform sends its pages body by body, so a body's pages are runs of
page numbers); otherwise its page entries are scattered to their pages' scopes (`_scoped_word`) and encoded once more.
The bundles' pending chunks (one ≤ CHUNK_UNITS chunk each) are all the extra memory. With `order` body by body,
`dates` gives the date order of the fragment names.

**Cost** (20,000 pages, shared 2-core machine under load, bench/RESULTS.md): 7.4–7.9 CPU s for a build's 5 parts,
8.2–9.3 s for 4 partitions' parts, 77–89 MB peak RSS. Most of it is per page entry of a word (≈ 4 million): CBOR
decoding (cbor2), the writer below (cbor2's own `dumps` of the same lists was no faster) and gzip (libdeflate at
`CHUNK_LEVEL` since 2026-12-06: 2.5× faster than zlib's level 6, which these figures used). A build's merge
(`--workers 2`) encodes the later words in a forked process (`_merge_words`), same bytes; that process spools its
encoded words to a file, read back a batch at a time, so each process holds about what one did; threads compress the
chunks, at most a few waiting. Fragments and Pagefind's scripts are copied unchanged, as hard links to the parts'
files where the file system allows (`_link`). A 20,000-item platform of 40 bodies (the portal's bundle and 39 cut
from it): 9.2–10.9 s wall, 16–19 CPU s with zlib, 10.5–12.4 s wall, 17–20 CPU s with libdeflate.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import heapq
import itertools
import json
import operator
import os
import pickle
import re
import signal
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cbor2

from . import pagefind_bundle
from .pagefind_bundle import (
    BODY_POSITIONS,
    CHUNK_LEVEL,
    COMMON_BODY_POSITIONS,
    COMMON_SHARE,
    GROUP,
    MAGIC,
    SORT_KEY,
    VERSION,
    BundleFormatError,
    capped_positions,
    decode,
    digest,
    encode,
    gzip_bytes,
)
from .processes import cpus, may_fork

CHUNK_UNITS = 20000
"""Pagefind's chunk size: a chunk closes after the word that brings its page entries plus their positions and meta
positions to this (Pagefind 1.5.2's chunks of a 20,000-page index all close there; variants are not counted)."""
URL_HEAD = 4096
"""Bytes of a fragment inflated to read its URL (see `_fragment_url`)."""
_JSON = json.JSONDecoder()
ENTRY = "pagefind-entry.json"
INDEX_DIRS = ("index", "filter", "fragment")


class PageSetError(RuntimeError):
    """The parts and the order do not describe one set of pages (a page missing, in two parts, or out of order)."""


@dataclass
class _Language:
    """One language of one part: its pf_meta and, per page number, the page's URL and fragment."""

    folder: Path
    meta: list[Any]
    urls: list[str]
    fragments: list[Path]
    hashes: list[bytes]  # sha256 of each page's fragment file
    meta_keys: dict[int, tuple[str, ...]] = field(default_factory=dict)  # read for scoped bundles only (`_pages` with `whole`)


@dataclass
class _Part:
    folder: Path
    entry: dict[str, Any]
    languages: dict[str, _Language]


def merge(
    parts: Sequence[Path],
    order: Sequence[str],
    output: Path | None,
    scopes: Mapping[str, Sequence[Path]] | None = None,
    workers: int = 1,
    dates: Mapping[str, str] | None = None,
    lone_filters: Sequence[str] = (),
) -> int:
    """Merge the bundles in `parts` (folders, as Pagefind 1.5.2 wrote them, of disjoint sets of pages) into `output`
    (an empty or missing folder), numbering the pages by `order` (every page's URL). Returns the number of pages.
    `scopes` (URL → further bundle folders): each such folder gets the bundle of its pages alone, in the same pass
    (see "Scoped bundles" above); with `output` None only those are written, each encoded on its own (a build writes
    both in one process, `gongkai.pagefind_service.start_merge`: the scoped ones cut from the other's words).
    BundleFormatError: a part is not in Pagefind VERSION's format; PageSetError: the pages do not match `order`;
    RuntimeError: the output cannot be written. Every message is in Chinese. `workers` 2 (a process of its own, e.g.
    `main`): see `_merge_words`. `dates` (URL → the text its date sort orders by): the 发布日期 order of the fragment
    names (`_rename_fragments`) when `order` is not that order (a platform's pages go body by body); without it,
    `order` is the date order. `lone_filters`: filters a scoped bundle leaves out where all its pages have one and
    the same value (a body's own bundle and its 机关 filter: one value, which no search of that bundle filters by)."""
    try:
        return _merge(parts, order, output, scopes or {}, workers, dates or {}, frozenset(lone_filters))
    except (KeyError, TypeError, ValueError, IndexError) as exc:  # a list or key the format promises is not there
        raise BundleFormatError(f"Pagefind 索引的结构不是 {VERSION} 的格式：{exc!r}") from None
    except OSError as exc:  # reads are BundleFormatErrors already (`_read`)
        raise RuntimeError(f"无法写出合并后的索引（{output or '分机关索引'}）：{exc}") from None


@dataclass
class _Scope:
    """A further bundle of the merge: its folder and the place of each of its pages in its own order."""

    folder: Path
    position: dict[str, int]


def _scopes(order: Sequence[str], scopes: Mapping[str, Sequence[Path]]) -> list[_Scope]:
    """The scoped bundles, by folder; each one's order is `order` restricted to its pages."""
    orders: dict[str, list[str]] = {}  # by the folder's text: one Path per folder, not per page (20,000 pages: 1 s)
    texts: dict[Any, str] = {}  # each folder as given (a str or a Path, the same for many pages) -> its text
    known = set(order)
    for url, folders in scopes.items():
        if url not in known:
            raise PageSetError(f"分机关索引中的页面 {url} 不在页面顺序中")
        for folder in folders:
            if folder not in texts:
                texts[folder] = os.fspath(Path(folder))
                orders.setdefault(texts[folder], [])
    for url in order:
        for folder in scopes.get(url, ()):
            orders[texts[folder]].append(url)
    out = []
    for folder in sorted(map(Path, orders)):
        if folder.exists() and any(folder.iterdir()):
            raise PageSetError(f"合并输出目录 {folder} 不是空目录")
        out.append(_Scope(folder, _positions(orders[os.fspath(folder)])))
    return out


def _merge(
    parts: Sequence[Path],
    order: Sequence[str],
    output: Path | None,
    scopes: Mapping[str, Sequence[Path]],
    workers: int,
    dates: Mapping[str, str],
    lone_filters: frozenset[str] = frozenset(),
) -> int:
    if not parts:
        raise PageSetError("没有要合并的 Pagefind 索引")
    if output is not None and output.exists() and any(output.iterdir()):
        raise PageSetError(f"合并输出目录 {output} 不是空目录")
    position = _positions(order)
    scoped = _scopes(order, scopes)
    read = [_read_part(Path(folder), whole=bool(scoped)) for folder in parts]
    entry = _merged_entry(read)
    entries = [_merged_entry(read) for _ in scoped]
    static = _static_files(read)
    seen: set[str] = set()
    for language in sorted({lang for part in read for lang in part.languages}):
        members = [part.languages[language] for part in read if language in part.languages]
        maps = _numbering(members, position, seen)
        outputs = [_Output(output or Path(), maps, entry_info(read, language), written=output is not None)]
        for scope in scoped:
            scope_maps = _scope_numbering(members, scope.position)
            if any(number >= 0 for numbers in scope_maps for number in numbers):
                fields = _scope_fields(members, scope_maps)
                outputs.append(_Output(scope.folder, scope_maps, entry_info(read, language), fields, lone=lone_filters))
        keys = [[(dates.get(url, ""), position[url]) for url in lang.urls] for lang in members]
        _merge_language(language, members, outputs, keys, workers)
        entry["languages"][language] = outputs[0].info
        by_folder = {scope.folder: scope_entry for scope, scope_entry in zip(scoped, entries, strict=True)}
        for out in outputs[1:]:
            by_folder[out.folder]["languages"][language] = out.info
    if len(seen) != len(position):
        missing = [url for url in order if url not in seen]
        raise PageSetError(f"页面顺序中有 {len(missing)} 个页面不在任何一部分索引中（如 {missing[0]}）")
    written = [(output, entry, static)] if output is not None else []
    scope_static = {relative: source for relative, source in static.items() if SCOPE_STATIC.fullmatch(relative)}
    for folder, folder_entry, files in [*written, *((scope.folder, e, scope_static) for scope, e in zip(scoped, entries, strict=True))]:
        for relative, source in files.items():  # Pagefind's scripts and wasm, as it wrote them: links where allowed
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            _link(source, os.path.join(folder, relative))
        _write(folder / ENTRY, json.dumps(folder_entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return len(seen)


def entry_info(parts: Sequence[_Part], language: str) -> dict[str, Any]:
    """The language's entry in pagefind-entry.json of the parts that have it (its `wasm` must agree)."""
    infos = [part.entry["languages"][language] for part in parts if language in part.languages]
    if any(info.get("wasm") != infos[0].get("wasm") for info in infos):
        raise BundleFormatError(f"各部分索引中语言 {language} 的 wasm 不一致")
    return dict(infos[0])


def _positions(order: Sequence[str]) -> dict[str, int]:
    position: dict[str, int] = {}
    for n, url in enumerate(order):
        if position.setdefault(url, n) != n:
            raise PageSetError(f"页面顺序中 {url} 出现了两次")
    return position


def _read(path: Path) -> bytes:
    """The one reader of this module: parts written by Pagefind, and the order file (outputs of builds)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BundleFormatError(f"无法读取 {path}：{exc.strerror}") from None


def _decode(path: Path) -> Any:
    """A binary file of the bundle decoded; anything unreadable is a BundleFormatError naming the file."""
    try:
        return decode(_read(path), str(path))
    except (OSError, EOFError, ValueError, zlib.error, cbor2.CBORDecodeError) as exc:  # gzip.BadGzipFile is an OSError
        raise BundleFormatError(f"{path} 无法读取（不是 Pagefind {VERSION} 的格式）：{exc}") from None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _link(source: Path, target: str) -> None:
    """`target` made a hard link to `source`, a part's file as Pagefind wrote it (a fragment, a script, the wasm: the merge
    copies them unchanged, and nothing writes a part's files again); a copy where a link cannot be made (another file system).
    A link takes no new inode: on ext4 without a journal (`PagefindBatch.remove_documents`) the merge's 1 file per
    page is then no new inode while the parts' documents are being removed, and removing the parts frees none."""
    try:
        os.link(source, target)
    except OSError:
        _write(Path(target), _read(source))


def _read_part(folder: Path, whole: bool = False) -> _Part:
    """A part's entry, and per language its pf_meta and its pages' URLs (read from the fragments; `whole`: each
    fragment read whole, its meta field names kept for the scoped bundles, `_scope_fields`)."""
    try:
        entry = json.loads(_read(folder / ENTRY))
    except ValueError:
        raise BundleFormatError(f"{folder / ENTRY} 不是有效的 JSON") from None
    if not isinstance(entry, dict) or entry.get("version") != VERSION or not isinstance(entry.get("languages"), dict):
        version = entry.get("version") if isinstance(entry, dict) else None
        raise BundleFormatError(f"{folder} 的 Pagefind 版本为 {version}，本程序只能合并 {VERSION} 的索引")
    languages = {}
    for language, info in entry["languages"].items():
        if not (isinstance(info, dict) and isinstance(info.get("hash"), str)):
            raise BundleFormatError(f"{folder / ENTRY} 中语言 {language} 的条目不是 Pagefind {VERSION} 的格式")
        if "common_words" in info:
            raise BundleFormatError(f"{folder} 是已整理过的索引；合并需要 Pagefind 原样写出的索引")
        name = f"pagefind.{info['hash']}.pf_meta"
        meta = _decode(folder / name)
        if not (isinstance(meta, list) and len(meta) == 6 and all(isinstance(listed, list) for listed in meta[1:])):
            raise BundleFormatError(f"{folder / name} 的结构不是 Pagefind {VERSION} 的格式")
        languages[language] = _pages(folder, meta, whole)
    return _Part(folder, entry, languages)


def _pages(folder: Path, meta: list[Any], whole: bool = False) -> _Language:
    urls: list[str] = []
    paths: list[Path] = []
    hashes: list[bytes] = []
    keys: dict[int, tuple[str, ...]] = {}
    for fragment, _ in meta[1]:
        path = folder / "fragment" / f"{fragment}.pf_fragment"
        data = _read(path)
        if whole:  # one read of each fragment for its URL and its meta field names
            page = _fragment(data)
            url = page.get("url") if page is not None else None
            fields = page.get("meta", {}) if page is not None else None
            if not isinstance(fields, dict):
                raise BundleFormatError(f"{path} 不是 Pagefind {VERSION} 的页面片段（无法读出 meta）")
            keys[len(urls)] = tuple(fields)
        else:
            url = _fragment_url(data)
        if not isinstance(url, str):
            raise BundleFormatError(f"{path} 不是 Pagefind {VERSION} 的页面片段（无法读出页面地址 url）")
        urls.append(url)
        paths.append(path)
        hashes.append(hashlib.sha256(data).digest())
    return _Language(folder, meta, urls, paths, hashes, keys)


def _fragment(data: bytes) -> dict[str, Any] | None:
    """A fragment's JSON object; None if it is not one."""
    try:
        raw = zlib.decompress(data, 31)
        page = json.loads(raw[len(MAGIC) :]) if raw.startswith(MAGIC) else None
    except (zlib.error, ValueError):
        return None
    return page if isinstance(page, dict) else None


def _fragment_url(data: bytes) -> str | None:
    """The page's URL: Pagefind writes it first (`{"url":…`), so only the head is inflated and read when it is there."""
    try:
        head = zlib.decompressobj(31).decompress(data, URL_HEAD)
        if head.startswith(MAGIC + b'{"url":'):
            try:
                url = _JSON.raw_decode(head[len(MAGIC) :].decode("utf-8", "ignore"), len('{"url":'))[0]
            except ValueError:  # a URL longer than the head: read the whole fragment
                url = None
            if isinstance(url, str):
                return url
    except zlib.error:
        return None
    page = _fragment(data)
    url = page.get("url") if page is not None else None
    return url if isinstance(url, str) else None


def _merged_entry(parts: Sequence[_Part]) -> dict[str, Any]:
    """pagefind-entry.json of the first part without its languages; every other key must be equal in every part."""
    first = {key: value for key, value in parts[0].entry.items() if key != "languages"}
    for part in parts[1:]:
        other = {key: value for key, value in part.entry.items() if key != "languages"}
        if other != first:
            raise BundleFormatError(f"{part.folder} 与 {parts[0].folder} 的 {ENTRY} 设置不同，不能合并")
    return {**parts[0].entry, "languages": {}}


SCOPE_STATIC = re.compile(r"pagefind\.js|pagefind-worker\.js|wasm\.[^/]+")
"""Pagefind's files a scoped bundle gets: what the search page loads (gongkai/search.js imports `pagefind.js`, which
loads the wasm; the worker in case). Pagefind's UI scripts and styles (≈ 420 KB a bundle) only in the portal's."""


def _static_files(parts: Sequence[_Part]) -> dict[str, Path]:
    """Pagefind's scripts, styles and wasm (everything but the index files): identical in every part that has them."""
    files: dict[str, Path] = {}
    for part in parts:
        tops = [top for top in sorted(part.folder.iterdir()) if top.name not in INDEX_DIRS]  # not a file per page
        for path in [p for top in tops for p in ([top] if top.is_file() else sorted(top.rglob("*")))]:
            relative = path.relative_to(part.folder).as_posix()
            if not path.is_file() or relative == ENTRY or relative.endswith(".pf_meta"):
                continue
            if relative in files and _read(files[relative]) != _read(path):
                raise BundleFormatError(f"{path} 与 {files[relative]} 内容不同：各部分须由同一版本的 Pagefind 生成")
            files.setdefault(relative, path)
    return files


def _numbering(members: Sequence[_Language], position: dict[str, int], seen: set[str]) -> list[list[int]]:
    """Per part, its page numbers' merged numbers: the pages of this language numbered by their place in `order`."""
    owner: dict[int, Path] = {}
    for lang in members:
        for url in lang.urls:
            at = position.get(url)
            if at is None:
                raise PageSetError(f"页面 {url}（{lang.folder}）不在页面顺序中")
            if at in owner:
                raise PageSetError(f"页面 {url} 同时出现在 {owner[at]} 和 {lang.folder} 中：各部分的页面不得重复")
            owner[at] = lang.folder
            seen.add(url)
    number = {at: n for n, at in enumerate(sorted(owner))}
    return [[number[position[url]] for url in lang.urls] for lang in members]


@dataclass
class _Output:
    """One bundle written in the pass over the words: the portal's (every page) or a scope's (its pages alone), with
    its chunks as they are written (a chunk closes at CHUNK_UNITS, as in `_merge_words`)."""

    folder: Path
    maps: list[list[int]]  # per part, each page's number in this bundle (−1: not in it)
    info: dict[str, Any]
    fields: list[str] | None = None  # meta field names (None: the union of the parts')
    written: bool = True  # False: the portal's bundle when only the scoped ones are asked for (its numbering still checks the pages)
    lone: frozenset[str] = frozenset()  # filters left out where this bundle's pages all have one value (`merge`'s `lone_filters`)
    pages: int = 0
    field_maps: list[dict[int, int] | None] = field(default_factory=list)
    chunks: list[Any] = field(default_factory=list)  # [from, to, name] each, or its Future while `pool` writes it
    pool: ThreadPoolExecutor | None = None  # the threads that compress and write the chunks (`_merge_words`)
    slots: threading.BoundedSemaphore | None = None  # how many chunks may wait for them
    common: dict[str, int] = field(default_factory=dict)
    pieces: list[bytes] = field(default_factory=list)
    first: str = ""
    last: str = ""
    units: int = 0

    def add(self, language: str, word: str, piece: bytes, used: int, count: int) -> None:
        """One encoded word (on `count` of this bundle's pages, `used` chunk units)."""
        if count >= COMMON_SHARE * self.pages:
            self.common[word] = count
        if not self.pieces:
            self.first = word
        self.pieces.append(piece)
        self.last = word
        self.units += used
        if self.units >= CHUNK_UNITS:
            self.close(language)

    def close(self, language: str) -> None:
        if self.pieces:
            if self.pool is not None and self.slots is not None:
                self.slots.acquire()  # at most a few chunks wait for the threads: the words come faster than gzip
                future = self.pool.submit(_write_chunk, language, self.pieces, self.first, self.last, self.folder)
                future.add_done_callback(lambda _: self.slots.release() if self.slots is not None else None)
                self.chunks.append(future)
            else:
                self.chunks.append(_write_chunk(language, self.pieces, self.first, self.last, self.folder))
            self.pieces, self.units = [], 0


def _scope_numbering(members: Sequence[_Language], position: dict[str, int]) -> list[list[int]]:
    """Per part, its pages' numbers in a scoped bundle (numbered by their place in the scope's order), −1 for others."""
    number = {at: n for n, at in enumerate(sorted(position[url] for lang in members for url in lang.urls if url in position))}
    return [[number[position[url]] if url in position else -1 for url in lang.urls] for lang in members]


def _scope_fields(members: Sequence[_Language], maps: list[list[int]]) -> list[str]:
    """The meta field names of a scope's pages (as Pagefind lists them for an index of these pages: every key of every
    page's `meta`), read from the pages' fragments."""
    fields: set[str] = set()
    for lang, numbers in zip(members, maps, strict=True):
        for page, number in enumerate(numbers):
            if number >= 0:
                fields.update(lang.meta_keys[page])
    return sorted(fields)


def _merge_language(
    language: str, members: Sequence[_Language], outputs: Sequence[_Output], keys: list[list[tuple[str, int]]], workers: int = 1
) -> None:
    """One language of every output: its index chunks, fragments, filters and pf_meta; fills each output's `info`.
    `keys`: per part, each page's place in the date order (its date text, then its place in the order)."""
    union = sorted({name for lang in members for name in lang.meta[5]})
    for out in outputs:
        out.pages = sum(1 for numbers in out.maps for number in numbers if number >= 0)
        if out.fields is None:
            out.fields = union
        out.field_maps = [_field_map(lang.meta[5], out.fields) for lang in members]
    fragments: dict[int, list[list[Any]]] = {}
    filters: dict[int, list[list[str]]] = {}
    contents: dict[Path, list[list[str]]] = {}  # each part's filter files, read once for every output

    def pages_and_filters() -> None:  # while the last chunks are compressed in a thread (`_merge_words`)
        for n, out in enumerate(outputs):
            if out.written:
                fragments[n] = _rename_fragments(members, out.maps, out.folder, keys)
                filters[n] = _merge_filters(language, members, out.maps, out.folder, contents, out.lone)

    _merge_words(language, members, outputs, workers, pages_and_filters)
    for n, out in enumerate(outputs):
        if not out.written:
            continue
        _shortest_ranges(out.chunks)
        meta = [
            VERSION,
            fragments[n],
            out.chunks,
            filters[n],
            [],  # the date order is in the fragment names (pagefind_bundle)
            out.fields,
        ]
        data = encode(meta)
        out.info.update(hash=f"{language}_{digest(data)[:13]}", page_count=out.pages, common_words=dict(sorted(out.common.items())))
        _write(out.folder / f"pagefind.{out.info['hash']}.pf_meta", data)


def _field_map(names: list[str], fields: list[str]) -> dict[int, int] | None:
    """A part's meta field markers (−index − 1) → the output's; None when they are the same. A scope's fields may
    lack some of the part's: no page of the scope has them."""
    mapping = {-n - 1: -fields.index(name) - 1 for n, name in enumerate(names) if name in fields}
    return None if all(old == new for old, new in mapping.items()) else mapping


def _words(lang: _Language, k: int, low: str | None = None, high: str | None = None) -> Iterator[tuple[str, int, list[Any]]]:
    """A part's words in order, one decoded chunk at a time: (word, part number, [word, pages, variants]); only the
    words from `low` (None: the first) up to but not including `high` (None: past the last), whose chunks alone are
    decoded. A chunk's `from` is at most its first word, and above every word of the chunk before (Pagefind shortens
    the boundaries to prefixes: see `_shortest_ranges`); its `to` bounds nothing, so it is not used."""
    chunks = lang.meta[2]
    for c, (first, _, name) in enumerate(chunks):
        if high is not None and first >= high:
            return
        if low is not None and c + 1 < len(chunks) and chunks[c + 1][0] <= low:
            continue
        path = lang.folder / "index" / f"{name}.pf_index"
        chunk = _decode(path)
        if not (isinstance(chunk, list) and chunk and isinstance(chunk[0], list)):
            raise BundleFormatError(f"{path} 的结构不是 Pagefind {VERSION} 的格式")
        for word in chunk[0]:
            if low is not None and word[0] < low:
                continue
            if high is not None and word[0] >= high:
                return
            yield word[0], k, word


def _pivot(members: Sequence[_Language]) -> str | None:
    """The first word of the forked process's share of the words (None: fewer than two chunks): 9/16 of the chunks,
    since this process also cuts every encoded word into chunks (`_Output.add`; threads compress them). Measured on
    the parts of a 20,000-item platform of 40 bodies (the portal's bundle and 39 cut from it): 10.5–10.8 s of wall
    time at 9/16, 11.0–11.2 s at 5/8 (this process then waited about 1 s for the other)."""
    starts = sorted(chunk[0] for lang in members for chunk in lang.meta[2][1:])
    return starts[len(starts) * 7 // 16] if starts else None


_Target = tuple[tuple[int, int], ...]
"""A page's scoped bundles: (scope, the page's number in it) each."""


def _targets(members: Sequence[_Language], scoped: Sequence[_Output]) -> list[list[_Target] | None]:
    """Per part, per page, its scoped bundles (None: no page of the part is in any)."""
    out: list[list[_Target] | None] = []
    for k, lang in enumerate(members):
        pages: list[_Target] = [()] * len(lang.urls)
        for s, scope in enumerate(scoped):
            for page, number in enumerate(scope.maps[k]):
                if number >= 0:
                    pages[page] = (*pages[page], (s, number))
        out.append(pages if any(pages) else None)
    return out


_Entry = tuple[int, list[int], list[int]]
"""A page entry of a word: (page number, positions, meta positions)."""


def _scatter(
    pages: list[Any],
    targets: list[_Target],
    field_maps: list[dict[int, int] | None],
    into: dict[int, list[_Entry]],
    only: Set[int] | None = None,
) -> None:
    """A part's page entries of one word (or variant) appended to the entries of each scoped bundle of their page
    (scope → [(number, positions, meta positions)]), meta fields renumbered to the scope's (`field_maps[scope]`);
    `only`: those scopes alone."""
    page = 0
    renumber = any(field_map is not None for field_map in field_maps)
    for delta, locs, meta_locs in pages:
        page += delta
        for s, number in targets[page]:
            if only is not None and s not in only:
                continue
            mapped = meta_locs
            if renumber and meta_locs and (field_map := field_maps[s]) is not None:
                mapped = [field_map[loc] if loc < 0 else loc for loc in meta_locs]
            listed = into.get(s)
            if listed is None:
                into[s] = [(number, locs, mapped)]
            else:
                listed.append((number, locs, mapped))


_Add = tuple[int, str, bytes, int, int]
"""One encoded word for one output: (output index, word, encoded [word, pages, variants], chunk units, pages)."""


def _merge_words(
    language: str, members: Sequence[_Language], outputs: Sequence[_Output], workers: int = 1, then: Callable[[], None] | None = None
) -> None:
    """Every part's words merged in word order, written as chunks of CHUNK_UNITS into every output.

    Portal (outputs[0]): a word found in one part whose numbering keeps the page order, or in parts that each number
    a range of pages of their own (a build's services one after another), is renumbered and encoded in one pass
    (`_encode_runs`); others (partitions, whose pages interleave) go through a sort (`_entries`). Scoped bundles
    (outputs[1:]): cut from the portal's encoded word (`_Slicer`); where they cannot be, or without the portal's
    bundle, each page entry goes to the scopes of its page (`_scatter`), is sorted by its number there and encoded
    once more. Encoded by the writer below, never as lists.

    `workers` 2, where this process may fork (`processes.may_fork`: Linux, no other thread, `GONGKAI_WORKERS` not 1)
    on more than one CPU: the words from `_pivot` on are decoded and encoded in a forked process (`_Forked`: its
    encoded words spooled to a file, read back in order) while this one does the words before it; they are then cut
    into chunks here, in word order, so the bytes are those of one process. A build's merge
    (`pagefind_service.start_merge`) ends the build once MkDocs has written its last page, with nothing else left to
    run: on the parts of a 20,000-page build, 9.7 s of wall time against 13.2 s (bench/RESULTS.md). It may start
    while MkDocs still renders; both run at a lower priority then. The chunks are compressed and written by a thread
    (libdeflate, like zlib, lets go of the GIL); `then` (the pages and filters) runs here while it finishes."""
    portal, scoped = outputs[0], outputs[1:]
    maps, field_maps = portal.maps, portal.field_maps
    pages = portal.pages
    identity = [numbers == list(range(len(numbers))) for numbers in maps]
    monotone = [all(a < b for a, b in itertools.pairwise(numbers)) for numbers in maps]
    lows = [numbers[0] if numbers else 0 for numbers in maps]
    spans = sorted((numbers[0], numbers[-1]) for numbers in maps if numbers)
    apart = all(monotone) and all(a[1] < b[0] for a, b in itertools.pairwise(spans))  # e.g. a build's services in turn
    targets = _targets(members, scoped) if scoped else []
    scope_fields = [[scope.field_maps[k] for scope in scoped] for k in range(len(members))]

    slicer = _Slicer(portal, scoped, targets) if scoped and portal.written else None

    def encode(word: str, found: list[tuple[int, list[Any]]]) -> Iterator[_Add]:
        try:
            if scoped and slicer is None:
                yield from _scoped_word(word, found, targets, scope_fields, scoped)
            if not portal.written:
                return
            record = _Record() if slicer is not None else None
            if apart or (len(found) == 1 and monotone[found[0][0]]):
                found.sort(key=lambda kind: lows[kind[0]])
                count = sum(len(entry[1]) for _, entry in found)
                runs = [(entry[1], None if identity[k] else maps[k], field_maps[k]) for k, entry in found]
                body, used = _encode_runs(runs, _keep(count, pages), record)
            else:
                entries = _entries([(maps[k], field_maps[k], monotone[k], entry[1]) for k, entry in found])
                count = len(entries)
                body, used = _encode_entries(entries, _keep(count, pages), record)
            sources = [(maps[k], field_maps[k], monotone[k], entry[2]) for k, entry in found if entry[2]]
            variants = _variants(sources) if sources else []
            yield 0, word, _piece(word, body, variants), used, count
            if slicer is not None and record is not None:
                if sources:  # a word with variants (diacritics): each scope's encoded on its own
                    yield from _scoped_word(word, found, targets, scope_fields, scoped)
                    return
                adds, own = slicer.cut(word, record, _keep(count, pages))
                yield from adds
                if own:
                    yield from _scoped_word(word, found, targets, scope_fields, scoped, own)
        except (TypeError, IndexError, ValueError):
            raise BundleFormatError(f"词 {word!r} 的索引结构不是 Pagefind {VERSION} 的格式") from None

    def words(low: str | None, high: str | None) -> Iterator[_Add]:
        merged = heapq.merge(*(_words(lang, k, low, high) for k, lang in enumerate(members)))
        for word, group in itertools.groupby(merged, key=lambda entry: entry[0]):
            yield from encode(word, [(k, entry) for _, k, entry in group])

    _write_words(language, outputs, words, _pivot(members) if workers > 1 and may_fork() and cpus() > 1 else None, then)


def _write_words(
    language: str,
    outputs: Sequence[_Output],
    words: Callable[[str | None, str | None], Iterator[_Add]],
    pivot: str | None,
    then: Callable[[], None] | None,
) -> None:
    """Every encoded word (`words(low, high)`: those from `low` up to `high`) added to its output in word order: those
    from `pivot` on encoded in a forked process (`_Forked`) while this one encodes those before it (None: all here);
    the chunks compressed and written by threads, at most a few waiting; `then` run here while they finish."""
    parent = os.getpid()
    with pagefind_bundle.collector_paused():
        later = _forked(lambda: _while_alive(words(pivot, None), parent), _scratch(outputs)) if pivot is not None else None
        pool = ThreadPoolExecutor(cpus(), thread_name_prefix="pagefind-chunks")  # after the fork: it forks with one thread only
        slots = threading.BoundedSemaphore(2 * cpus())
        for out in outputs:
            out.pool, out.slots = pool, slots
        done = False
        try:
            for n, word, piece, used, count in words(None, pivot if later is not None else None):
                outputs[n].add(language, word, piece, used, count)
            for n, word, piece, used, count in later.results() if later is not None else ():
                outputs[n].add(language, word, piece, used, count)
            for out in outputs:
                out.close(language)
            if then is not None:
                then()
            done = True
        finally:
            if later is not None:
                later.stop()
            pool.shutdown(wait=True, cancel_futures=not done)  # a failure: the chunks not yet written are not
            for out in outputs:
                out.pool, out.slots = None, None
    for out in outputs:
        out.chunks = [chunk.result() if isinstance(chunk, Future) else chunk for chunk in out.chunks]


def _scratch(outputs: Sequence[_Output]) -> Path:
    """A folder on the outputs' file system for the forked process's spool: the nearest existing one above the first
    output written (in a build, the staged site)."""
    folder = next(out.folder for out in outputs if out.written).resolve()
    return next(p for p in (folder, *folder.parents) if p.is_dir())


def _while_alive(adds: Iterator[_Add], parent: int) -> Iterator[_Add]:
    """In the forked process: `adds`, ended (the process exits) once its parent has died, e.g. killed by a failed build."""
    for n, add in enumerate(adds):
        if not n % 256 and os.getppid() != parent:
            os._exit(1)
        yield add


def _forked(work: Callable[[], Iterator[Any]], scratch: Path) -> _Forked | None:
    """`work` started in a forked process (`_Forked`); None where the system refuses the fork (the caller does the
    work itself)."""
    try:
        return _Forked(work, scratch)
    except OSError:
        return None


class _Forked:
    """`work` (an iterator of picklable values) run in a forked copy of this process (`processes.may_fork`: no other
    thread), its values pickled in batches into an unlinked file in `scratch` and read back in order by `results` once
    the process has ended, so that neither process holds them all. Its failure (its exception, as raised there, or its
    end by a signal) is raised by `results`."""

    BATCH = 1024

    def __init__(self, work: Callable[[], Iterator[Any]], scratch: Path) -> None:
        self.spool = tempfile.TemporaryFile(dir=scratch)
        try:
            self.pid = os.fork()
        except OSError:
            self.spool.close()
            raise
        if self.pid == 0:  # the child: only `work`, then out without Python's exit handlers (they are the parent's)
            try:
                self._run(work)
            finally:
                os._exit(0)

    def _run(self, work: Callable[[], Iterator[Any]]) -> None:
        try:
            batch: list[Any] = []
            for value in work():
                batch.append(value)
                if len(batch) == self.BATCH:
                    pickle.dump((True, batch), self.spool, protocol=pickle.HIGHEST_PROTOCOL)
                    batch = []
            pickle.dump((True, batch), self.spool, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((None, None), self.spool)  # the end: every value is there
        except BaseException as exc:  # every failure goes back to the parent, raised there as it was
            try:
                failure = pickle.dumps((False, exc))
            except Exception:
                failure = pickle.dumps((False, RuntimeError(f"合并索引的子进程出错：{exc!r}")))
            self.spool.write(failure)
        self.spool.flush()

    def results(self) -> Iterator[Any]:
        """The values, in order, once the process has ended; its failure raised."""
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.WIFSIGNALED(status):
            raise RuntimeError(f"合并索引的子进程被系统终止（信号 {os.WTERMSIG(status)}，可能是内存不足）")
        self.spool.seek(0)
        while True:
            try:
                ok, values = pickle.load(self.spool)
            except Exception:  # a spool cut short: the process ended before its end marker
                raise RuntimeError("合并索引的子进程意外退出，结果不完整") from None
            if ok is None:
                return
            if not ok:
                raise values
            yield from values

    def stop(self) -> None:
        """Close the spool; the process, if `results` did not wait for it (the merge failed here), killed and waited for."""
        self.spool.close()
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0


class _Slicer:
    """The scoped bundles' words cut from the portal's encoded word, where the merge writes both (issue #18).

    A scope's pages are numbered in `order`'s order among its pages, as the portal's are among all pages. Where
    `order` holds a scope's pages one after another (a platform sends its pages body by body), a run of portal page
    numbers lo … hi − 1 whose pages go to the same scopes is, in each of them, a run of consecutive numbers too; a
    word's page entries on such a run are then the same bytes in the scope, but for the first one's page delta. So
    a scope's word is its runs' slices of the portal's entries, each first entry given its delta in the scope: no
    page entry is decoded or encoded again. Encoded on their own (`_scoped_word`) instead: a scope whose meta field
    names are not the portal's (its meta positions are numbered otherwise), a word whose positions the scope caps
    otherwise (`_keep`: a word on half of the scope's pages but not of all), a word with variants. Same bytes
    either way (tests/test_pagefind_merge.py); measured in bench/RESULTS.md."""

    def __init__(self, portal: _Output, scoped: Sequence[_Output], targets: list[list[_Target] | None]) -> None:
        at: list[_Target] = [()] * portal.pages
        for k, numbers in enumerate(portal.maps):
            pages = targets[k] if targets else None
            if pages is not None:
                for page, number in enumerate(numbers):
                    at[number] = pages[page]
        self.runs: list[tuple[int, int, _Target]] = []  # (lo, hi, (scope, its number of page lo) each)
        lo = 0
        for n in range(1, portal.pages + 1):
            if n == portal.pages or not _follows(at[n - 1], at[n]):
                self.runs.append((lo, n, at[lo]))
                lo = n
        self.lows = [run[0] for run in self.runs]
        self.whole = {s for s, scope in enumerate(scoped) if scope.fields != portal.fields}
        self.scoped = scoped

    def cut(self, word: str, record: _Record, keep: int) -> tuple[list[_Add], set[int]]:
        """The word for every scope it can be cut for (`keep`: the portal's position cap of it); the scopes to encode
        it for on their own."""
        numbers, cum, out = record.numbers, record.cum, record.out
        got: dict[int, list[Any]] = {}  # scope -> [entries' bytes, count, units, its number of the last entry]
        i, n = 0, len(numbers)
        while i < n:
            lo, hi, members = self.runs[bisect.bisect_right(self.lows, numbers[i]) - 1]
            j = bisect.bisect_left(numbers, hi, i)
            if members:
                first = numbers[i]
                tail = out[i + 1][_head_size(first - (numbers[i - 1] if i else 0)) :]
                units = cum[j - 1] - (cum[i - 1] if i else 0)
                for s, start in members:
                    if s in self.whole:
                        continue
                    scope = got.get(s)
                    if scope is None:
                        scope = got[s] = [[], 0, 0, 0]
                    number = start + first - lo
                    scope[0].append(_entry_head(number - scope[3]) + tail)
                    scope[0].extend(out[i + 2 : j + 1])
                    scope[1] += j - i
                    scope[2] += units
                    scope[3] = start + numbers[j - 1] - lo
            i = j
        adds: list[_Add] = []
        own = set(self.whole)
        for s in sorted(got):
            pieces, count, units, _ = got[s]
            if _keep(count, self.scoped[s].pages) != keep:
                own.add(s)
                continue
            adds.append((s + 1, word, _WORD + _text(word) + _array(count) + b"".join(pieces) + _EMPTY, units, count))
        return adds, own


def _follows(before: _Target, page: _Target) -> bool:
    """Whether a page goes to the scopes of the page before it, next after it in each."""
    return len(before) == len(page) and all(s == t and m == n + 1 for (s, n), (t, m) in zip(before, page, strict=True))


def _piece(word: str, body: bytes, variants: list[tuple[str, bytes]]) -> bytes:
    """An encoded word [word, pages, variants] from its encoded pages and variants."""
    return _WORD + _text(word) + body + _array(len(variants)) + b"".join(_PAIR + _text(v) + b for v, b in variants)


def _scoped_word(
    word: str,
    found: list[tuple[int, list[Any]]],
    targets: list[list[_Target] | None],
    field_maps: list[list[dict[int, int] | None]],
    scoped: Sequence[_Output],
    only: Set[int] | None = None,
) -> Iterator[_Add]:
    """One word for every scoped bundle that has one of its pages (or of its variants' pages); output s + 1 is scope s.
    `only`: for those scopes alone."""
    entries: dict[int, list[_Entry]] = {}
    variants: dict[int, dict[str, list[_Entry]]] = {}
    for k, entry in found:
        target = targets[k]
        if target is None:
            continue
        _scatter(entry[1], target, field_maps[k], entries, only)
        for variant, pages in entry[2]:
            into: dict[int, list[_Entry]] = {}
            _scatter(pages, target, field_maps[k], into, only)
            for s, listed in into.items():
                variants.setdefault(s, {}).setdefault(variant, []).extend(listed)
    for s in sorted(entries.keys() | variants.keys()):
        scope = scoped[s]
        listed = entries.get(s, [])
        listed.sort(key=operator.itemgetter(0))
        body, used = _encode_entries(listed, _keep(len(listed), scope.pages))
        encoded = [(v, _encode_entries(sorted(e, key=operator.itemgetter(0)), None)[0]) for v, e in sorted(variants.get(s, {}).items())]
        yield s + 1, word, _piece(word, body, encoded), used, len(listed)


def _keep(count: int, pages: int) -> int:
    """Ordinary text's positions kept per page for a word on `count` of `pages` (see `pagefind_bundle`)."""
    return COMMON_BODY_POSITIONS if 2 * count >= pages else BODY_POSITIONS


def _entries(sources: list[tuple[list[int], dict[int, int] | None, bool, list[Any]]]) -> list[tuple[int, list[int], list[int]]]:
    """Page entries of one word from several parts: (merged page number, positions, meta positions), in page order."""
    entries: list[tuple[int, list[int], list[int]]] = []
    ordered = len(sources) == 1
    for numbers, field_map, monotone, pages in sources:
        ordered = ordered and monotone
        page = 0
        for delta, locs, meta_locs in pages:
            page += delta
            if field_map is not None and meta_locs:
                meta_locs = [field_map[loc] if loc < 0 else loc for loc in meta_locs]
            entries.append((numbers[page], locs, meta_locs))
    if not ordered:
        entries.sort(key=operator.itemgetter(0))
    return entries


def _variants(sources: list[tuple[list[int], dict[int, int] | None, bool, list[Any]]]) -> list[tuple[str, bytes]]:
    """A word's variants (the same word with diacritics) from several parts, merged per variant, sorted by variant."""
    by_variant: dict[str, list[tuple[list[int], dict[int, int] | None, bool, list[Any]]]] = {}
    for numbers, field_map, monotone, variants in sources:
        for variant, pages in variants:
            by_variant.setdefault(variant, []).append((numbers, field_map, monotone, pages))
    return [(variant, _encode_entries(_entries(by_variant[variant]), None)[0]) for variant in sorted(by_variant)]


# A small CBOR writer for the index chunks' nested lists of ints and strings: the bytes cbor2 writes (definite
# lengths, shortest heads; the tests check it), without building the lists first. Ints from −SMALL to SMALL − 1
# are looked up (`_CODES`); others are written by `_head`. Per page entry this is most of the merge's time.
SMALL = 1 << 16


def _head(major: int, n: int) -> bytes:
    """A CBOR head: major type and argument in the shortest form."""
    if n < 24:
        return bytes([major << 5 | n])
    for code, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | code]) + n.to_bytes(size, "big")
    raise ValueError(f"CBOR 整数超出范围：{n}")


_CODES = {n: _head(0, n) for n in range(SMALL)} | {-1 - n: _head(1, n) for n in range(SMALL)}
_CODE = _CODES.__getitem__
_ARRAYS = [_head(4, n) for n in range(256)]
_WORD, _PAGE, _PAIR, _EMPTY = _head(4, 3), _head(4, 3), _head(4, 2), _head(4, 0)
_PAGED = [_PAGE + _head(0, n) for n in range(SMALL)]
"""A page entry's start (its 3-list head and page delta), by delta."""


def _entry_head(delta: int) -> bytes:
    """A page entry's start (its 3-list head and page delta)."""
    return _PAGED[delta] if delta < SMALL else _PAGE + _head(0, delta)


def _head_size(delta: int) -> int:
    """The length of `_entry_head(delta)`."""
    return 2 if delta < 24 else 3 if delta < 256 else 4 if delta < 65536 else 6 if delta < 1 << 32 else 10


def _array(n: int) -> bytes:
    return _ARRAYS[n] if n < 256 else _head(4, n)


def _text(value: str) -> bytes:
    data = value.encode("utf-8")
    return _head(3, len(data)) + data


def _ints(values: list[int]) -> bytes:
    try:
        return _ARRAYS[len(values)] + b"".join(map(_CODE, values))
    except (KeyError, IndexError):  # a long list or a large int
        return _array(len(values)) + b"".join(_head(0, v) if v >= 0 else _head(1, -1 - v) for v in values)


class _Record:
    """What an encoder kept of a word's page entries for the scoped bundles' slices (`_Slicer`): each entry's bytes
    (`out[1:]`, after the list's head), page number and the chunk units counted up to it."""

    __slots__ = ("cum", "numbers", "out")

    def __init__(self) -> None:
        self.numbers: list[int] = []
        self.cum: list[int] = []
        self.out: list[bytes] = []


def _encode_runs(
    runs: list[tuple[list[list[Any]], list[int] | None, dict[int, int] | None]], keep: int | None, record: _Record | None = None
) -> tuple[bytes, int]:
    """A word's page entries [delta, positions, meta positions] from parts whose numberings keep the page order and
    follow one another (runs: (the part's entries, its pages' merged numbers or None for the same numbers, its meta
    field map), by number), positions capped to `keep` (None: all); with the chunk units they count (`CHUNK_UNITS`,
    before the cap). A list of at most keep + 1 entries holds at most `keep` positions of ordinary text (one entry is
    its marker), so it is not looked at. `record`: see `_Record`."""
    out = [_array(sum(len(pages) for pages, _, _ in runs))]
    units = previous = 0
    limit = keep + 1 if keep is not None else 1 << 62
    kept, counted = (record.numbers.append, record.cum.append) if record is not None else (None, None)
    for pages, numbers, field_map in runs:
        page = 0
        for delta, locs, meta_locs in pages:
            if delta < 0:
                raise ValueError(delta)
            page += delta
            number = page if numbers is None else numbers[page]
            if number < previous:
                raise ValueError(number)
            n = len(locs)
            if meta_locs:
                units += n + len(meta_locs) + 1
                meta = _ints(meta_locs if field_map is None else [field_map[loc] if loc < 0 else loc for loc in meta_locs])
            else:
                units += n + 1
                meta = _EMPTY
            if n > limit:
                locs = capped_positions(locs, limit - 1)
                n = len(locs)
            try:  # inline: this line runs for every page entry of every word (millions)
                out.append(_PAGED[number - previous] + _ARRAYS[n] + b"".join(map(_CODE, locs)) + meta)
            except (KeyError, IndexError):
                out.append(_PAGE + _head(0, number - previous) + _ints(locs) + meta)
            previous = number
            if kept is not None and counted is not None:
                kept(number)
                counted(units)
    if record is not None:
        record.out = out
    return b"".join(out), units


def _encode_entries(entries: list[tuple[int, list[int], list[int]]], keep: int | None, record: _Record | None = None) -> tuple[bytes, int]:
    """The same for renumbered entries (page number, positions, meta positions) in page order: numbers delta-coded."""
    out = [_array(len(entries))]
    units = previous = 0
    limit = keep + 1 if keep is not None else 1 << 62
    counted = record.cum.append if record is not None else None
    if record is not None:
        record.numbers = [entry[0] for entry in entries]
    for number, locs, meta_locs in entries:
        n = len(locs)
        units += n + len(meta_locs) + 1
        if n > limit:
            locs = capped_positions(locs, limit - 1)
            n = len(locs)
        meta = _ints(meta_locs) if meta_locs else _EMPTY
        try:
            out.append(_PAGED[number - previous] + _ARRAYS[n] + b"".join(map(_CODE, locs)) + meta)
        except (KeyError, IndexError):
            out.append(_PAGE + _head(0, number - previous) + _ints(locs) + meta)
        previous = number
        if counted is not None:
            counted(units)
    if record is not None:
        record.out = out
    return b"".join(out), units


def _write_chunk(language: str, pieces: list[bytes], first: str, last: str, output: Path) -> list[str]:
    """One index chunk [[word, pages, variants], …] from its encoded words, gzipped by `pagefind_bundle.gzip_bytes` at CHUNK_LEVEL."""
    data = gzip_bytes(MAGIC + _array(1) + _array(len(pieces)) + b"".join(pieces), CHUNK_LEVEL)
    name = f"{language}_{digest(data)[:13]}"
    _write(output / "index" / f"{name}.pf_index", data)
    return [first, last, name]


def _shortest_ranges(chunks: list[list[str]]) -> None:
    """Each boundary between two chunks as the shortest prefixes that still tell them apart, as Pagefind 1.5.2 writes
    them; a chunk whose shortened end would sort before its (shortened) start keeps its last word whole (both checked
    against all 382 chunks of a 20,000-page index)."""
    last = [chunk[1] for chunk in chunks]
    for left, right in itertools.pairwise(chunks):
        a, b = left[1], right[0]
        common = 0
        while common < min(len(a), len(b)) and a[common] == b[common]:
            common += 1
        left[1], right[0] = a[: common + 1], b[: common + 1]
    for chunk, word in zip(chunks, last, strict=True):
        if chunk[1] < chunk[0]:
            chunk[1] = word


def _merge_filters(
    language: str,
    members: Sequence[_Language],
    maps: list[list[int]],
    output: Path,
    contents: dict[Path, list[list[str]]],
    lone: Set[str] = frozenset(),
) -> list[list[str]]:
    """Each filter's values with the pages of every part, renumbered; written as `pagefind_bundle` names them.
    `contents`: the parts' filter files read so far, as each page's values (`_filter_by_page`): a platform's 40
    bundles read each file once, and each bundle visits its own pages only; `lone`: see `_Output`."""
    filters: dict[str, dict[str, list[int]]] = {}
    for lang, numbers in zip(members, maps, strict=True):
        listed = [page for page, number in enumerate(numbers) if number >= 0]  # this bundle's pages of the part
        for name, old in lang.meta[3]:
            path = lang.folder / "filter" / f"{old}.pf_filter"
            by_page = contents.get(path)
            if by_page is None:
                by_page = contents[path] = _filter_by_page(path, len(numbers))
            values = filters.setdefault(name, {})
            for page in listed:  # a body's bundle visits its own pages only, not every page of the platform
                for value in by_page[page]:
                    values.setdefault(value, []).append(numbers[page])
    written = []
    for name in sorted(filters):
        kept = [[value, sorted(pages)] for value, pages in sorted(filters[name].items())]  # a scope: its pages' values
        if not kept or (name in lone and len(kept) == 1):
            continue
        data = encode([name, kept])
        new = f"{language}_{digest(data)[:12]}"
        _write(output / "filter" / f"{new}.pf_filter", data)
        written.append([name, new])
    return written


def _filter_by_page(path: Path, pages: int) -> list[list[str]]:
    """A part's filter file as each page's values (`pages`: the part's page count), in the file's value order."""
    by_page: list[list[str]] = [[] for _ in range(pages)]
    try:
        for value, listed in _decode(path)[1]:
            if not isinstance(value, str):  # a value no page of an output has is checked too
                raise TypeError(value)
            for page in listed:
                by_page[page].append(value)
    except (TypeError, IndexError, ValueError):
        raise BundleFormatError(f"{path} 的结构不是 Pagefind {VERSION} 的格式") from None
    return by_page


def _rename_fragments(
    members: Sequence[_Language], maps: list[list[int]], output: Path, keys: list[list[tuple[str, int]]]
) -> list[list[Any]]:
    """The merged pages list: fragments named `<group hash>/<rank>` as in `pagefind_bundle`, the rank from the date
    order (the pages with a date sort, ordered by `keys`: each part's own date order must agree), the groups of
    GROUP pages in page-number order (so that the pages list, in that order, shares each group's name)."""
    count = sum(1 for numbers in maps for number in numbers if number >= 0)
    source: list[tuple[_Language, int]] = [(members[0], 0)] * count
    dated: list[tuple[str, int] | None] = [None] * count
    for lang, numbers, lang_keys in zip(members, maps, keys, strict=True):
        for page, number in enumerate(numbers):
            if number >= 0:
                source[number] = (lang, page)
        order: list[int] = next((pages for key, pages in lang.meta[4] if key == SORT_KEY), [])
        ranked = [page for page in order if numbers[page] >= 0]
        if any(lang_keys[a] >= lang_keys[b] for a, b in itertools.pairwise(ranked)):
            raise PageSetError(f"页面顺序与 {lang.folder} 中按发布日期的排序不一致：页面须按（发布日期，索引号）排列")
        for page in ranked:
            dated[numbers[page]] = lang_keys[page]
    ranks = [""] * count
    in_date_order = sorted((key, n) for n, key in enumerate(dated) if key is not None)
    for rank, (_, number) in enumerate(in_date_order):
        ranks[number] = str(rank)
    for rank, number in enumerate(n for n in range(count) if dated[n] is None):
        ranks[number] = f"n{rank}"
    names = [""] * count
    for start in range(0, count, GROUP):
        group = range(start, min(start + GROUP, count))
        # each page's rank with its fragment's hash: a name always holds the same bytes, even where a platform's
        # group keeps its pages while their ranks move (a page added to or removed from another body)
        group_hash = digest(*(ranks[n].encode() + b"\0" + source[n][0].hashes[source[n][1]] for n in group))[:10]
        folder = output / "fragment" / group_hash
        folder.mkdir(parents=True)
        for number in group:
            names[number] = f"{group_hash}/{ranks[number]}"
            lang, page = source[number]
            _link(lang.fragments[page], os.path.join(folder, f"{ranks[number]}.pf_fragment"))
    return [[names[n], source[n][0].meta[1][source[n][1]][1]] for n in range(count)]


def _read_scopes(path: Path) -> dict[str, list[Path]]:
    """The scopes file: a JSON object, page URL → the folders of the scoped bundles it goes to."""
    try:
        data = json.loads(_read(path))
        if not isinstance(data, dict) or not all(isinstance(f, list) and all(isinstance(x, str) for x in f) for f in data.values()):
            raise ValueError("不是 页面地址 → 目录列表 的对象")
    except ValueError as exc:
        raise BundleFormatError(f"{path} 不是有效的分机关索引文件：{exc}") from None
    paths: dict[str, Path] = {}  # one Path per folder, not one per page
    return {url: [paths.get(folder) or paths.setdefault(folder, Path(folder)) for folder in folders] for url, folders in data.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m gongkai.pagefind_merge --order FILE [--output DIR] [--scopes FILE] [--workers 2] [--lone-filter NAME]
    PART...` (order file: one URL per line, then a tab and its date text where the order is not the date order
    (`merge`'s `dates`); scopes file: JSON, URL → scoped bundle folders; without --output only the scoped bundles are
    written; `--lone-filter`: `merge`'s `lone_filters`)."""
    parser = argparse.ArgumentParser(prog="python -m gongkai.pagefind_merge", description="把若干部分的 Pagefind 索引合并为一个索引")
    parser.add_argument("--order", required=True, type=Path, help="页面顺序文件：每行一个页面地址，按全站生成时的顺序")
    parser.add_argument("--output", type=Path, help="全部页面的合并结果的输出目录（须为空目录或不存在；不给出时只写分机关索引）")
    parser.add_argument("--scopes", type=Path, help="分机关索引文件（JSON）：页面地址 → 该页面另外收入的索引目录列表")
    parser.add_argument("--workers", type=int, choices=(1, 2), default=1, help="合并词表所用的进程数（1 或 2）")
    parser.add_argument(
        "--lone-filter", action="append", default=[], metavar="名称", help="分机关索引中只有一个取值时省去的筛选项（如 机关），可重复"
    )
    parser.add_argument("parts", nargs="+", type=Path, help="各部分的 Pagefind 索引目录")
    args = parser.parse_args(argv)
    if args.output is None and args.scopes is None:
        parser.error("须给出 --output 或 --scopes")
    try:
        lines = [line.strip().split("\t", 1) for line in _read(args.order).decode("utf-8").splitlines() if line.strip()]
        order = [line[0] for line in lines]
        dates = {line[0]: line[1] for line in lines if len(line) == 2}
        scopes = _read_scopes(args.scopes) if args.scopes else None
        pages = merge(args.parts, order, args.output, scopes, args.workers, dates, args.lone_filter)
    except (RuntimeError, UnicodeDecodeError, zlib.error, EOFError) as exc:
        print(f"合并 Pagefind 索引失败：{exc}", file=sys.stderr)
        return 1
    print(f"已合并 {len(args.parts)} 部分索引，共 {pages} 个页面：{args.output or '分机关索引'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
