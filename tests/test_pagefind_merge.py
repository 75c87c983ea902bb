"""The merge of Pagefind bundles (gongkai.pagefind_merge): real parts indexed by the real extended Pagefind binary.

Thirty small search documents (shared and own words, two facets, metas that only some parts have, dates, pages
without a date, a word with a diacritic variant, and one page that repeats 汛 20,000 times so that Pagefind closes
an index chunk inside one part only) are indexed whole and in parts; the merged bundle must not depend on the split
and must hold, page by page, what the one index over all documents holds.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import gzip
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import pytest
from conftest import serve, tree
from gongkai import pagefind_bundle, pagefind_merge, pagefind_service
from search_site import recording_tab

PAGES = 30
ORGANS = ["示例县发展和改革局", "示例县教育局", "示例县卫生健康局"]
TOPICS = ["防汛抗旱", "义务教育", "医疗保障", "乡村振兴", "安全生产"]


def document(n: int) -> str:
    """Search document n (as gongkai/search_document.html makes them): page 27 has no date, page 11 is the heavy one."""
    topic = TOPICS[n % len(TOPICS)]
    organ = ORGANS[n % len(ORGANS)]
    date = f'<span data-pagefind-sort="date[data-value]" data-value="2024-{1 + n // 28:02d}-{1 + n % 28:02d}"></span>' if n != 27 else ""
    doc_no = f'<span data-pagefind-meta="发文字号[data-value]" data-value="示发〔2024〕{n}号"></span>' if n % 4 == 0 else ""
    body = f"关于{topic}工作的通知。各单位要做好{topic}，落实{topic}责任。编号第{n}号专项{'一二三四五六七八九十'[n % 10]}。"
    if n % 6 == 0:
        body += " café culture 咖啡 "
    elif n % 6 == 3:
        body += " cafe 咖啡馆 "
    if n == 11:
        body += "汛 " * 20000
    return (
        f'<!doctype html><html lang="zh-cn"><head><meta charset="utf-8"><title>{n}</title></head><body>'
        f'<article data-pagefind-body data-pagefind-filter="栏目:{"通知公告" if n % 2 else "规范性文件"}">'
        f"<h1>示例县{topic}第{n}期工作简报</h1>"
        f'<span data-pagefind-meta="索引号[data-value]" data-value="X/2024-{n:05d}"></span>{doc_no}'
        f'<span data-pagefind-filter="机关[data-value]" data-value="{organ}"></span>{date}'
        f"<p>{body}</p><h2>附件说明</h2><p>第{n}号附件</p></article></body></html>"
    )


def url(n: int) -> str:
    return f"/p{n:02d}/"


ORDER = [url(n) for n in range(PAGES) if n != 27] + [url(27)]
"""The full build's order: dated pages by date (here: by n), then the page without a date."""


def index(root: Path, pages: list[int]) -> Path:
    """The bundle the real `pagefind` (extended) writes for these pages: root/bundle."""
    site = root / "site"
    for n in pages:
        (site / url(n).strip("/")).mkdir(parents=True)
        (site / url(n).strip("/") / "index.html").write_text(document(n), encoding="utf-8")
    out = root / "bundle"
    binary = pagefind_service.extended_binary()
    result = subprocess.run([str(binary), "--site", str(site), "--output-path", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def index_in_order(root: Path, pages: list[int]) -> Path:
    """The bundle of `pagefind --service` fed these pages in this order (as the build feeds it; the pages keep the
    order's numbers), written as it returns it: root/bundle. Through the `pagefind` package's own client."""
    from pagefind.index import PagefindIndex

    async def files() -> list[Any]:
        async with PagefindIndex({"output_path": str(root / "written-on-exit")}) as service:  # the client writes on exit
            for n in pages:
                await service.add_html_file(url=url(n), content=document(n))
            return await service.get_files()

    out = root / "bundle"
    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # its own event loop: Playwright's may run in this thread
        written = thread.submit(asyncio.run, files()).result()
    for file in written:
        (out / file["path"]).parent.mkdir(parents=True, exist_ok=True)
        (out / file["path"]).write_bytes(file["content"])
    return out


SPLITS = {
    1: [list(range(PAGES))],
    2: [[n for n in range(PAGES) if n % 3 == 0], [n for n in range(PAGES) if n % 3 != 0]],  # interleaved
    3: [[*range(10), 27], list(range(10, 20)), [n for n in range(20, PAGES) if n != 27]],
}


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> dict[int, list[Path]]:
    root = tmp_path_factory.mktemp("pf-parts")
    out = {k: [index(root / f"{k}-{p}", pages) for p, pages in enumerate(split)] for k, split in SPLITS.items()}
    out[0] = [index_in_order(root / "service", [int(u[2:4]) for u in ORDER])]  # numbered as ORDER: nothing to renumber
    out[-1] = [index_in_order(root / "empty", []), *out[2]]  # a service that got no page, as a build's first may
    numbers = [int(u[2:4]) for u in ORDER]
    out[4] = [index_in_order(root / "first", numbers[:12]), index_in_order(root / "then", numbers[12:])]  # a build's services
    return out


@pytest.fixture(scope="module")
def merged(parts: dict[int, list[Path]], tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("pf-merged")
    out = {}
    for k, folders in parts.items():
        out[k] = root / str(k)
        assert pagefind_merge.merge(folders, ORDER, out[k]) == PAGES
    return out




def test_merging_one_two_or_three_parts_gives_identical_bytes(parts: dict[int, list[Path]], merged: dict[int, Path]) -> None:
    assert Bundle(parts[0][0]).urls == ORDER != Bundle(parts[1][0]).urls  # the service numbers pages as they come
    one = tree(merged[1])
    assert any(name.startswith("index/") for name in one)
    assert tree(merged[2]) == one
    assert tree(merged[3]) == one
    assert tree(merged[0]) == one  # the service's bundle, already numbered in order
    assert tree(merged[-1]) == one  # an empty part adds nothing
    assert tree(merged[4]) == one  # two services one after another (each numbers a range of the order)


def test_index_chunks_are_the_bytes_cbor2_writes_for_their_lists(merged: dict[int, Path]) -> None:
    chunks = sorted((merged[3] / "index").iterdir())
    assert len(chunks) >= 2
    for path in chunks:
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(pagefind_bundle.MAGIC)
        assert cbor2.dumps(cbor2.loads(raw[len(pagefind_bundle.MAGIC) :])) == raw[len(pagefind_bundle.MAGIC) :]


class Bundle:
    """A bundle decoded: pages by URL, each word's postings and variants by URL, filters by URL, chunk ranges."""

    def __init__(self, folder: Path) -> None:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        self.info = entry["languages"]["zh-cn"]
        meta_name = f"pagefind.{self.info['hash']}.pf_meta"
        self.meta = pagefind_bundle.decode((folder / meta_name).read_bytes(), meta_name)
        self.fragments = [(folder / "fragment" / f"{name}.pf_fragment").read_bytes() for name, _ in self.meta[1]]
        self.urls = [json.loads(gzip.decompress(blob).removeprefix(pagefind_bundle.MAGIC))["url"] for blob in self.fragments]
        self.word_counts = {u: count for u, (_, count) in zip(self.urls, self.meta[1], strict=True)}
        self.fields = self.meta[5]
        self.words: dict[str, dict[str, Any]] = {}
        self.chunk_words: list[list[str]] = []
        for _, _, name in self.meta[2]:
            words = pagefind_bundle.decode((folder / "index" / f"{name}.pf_index").read_bytes(), name)[0]
            self.chunk_words.append([w[0] for w in words])
            for word, postings, variants in words:
                self.words[word] = {"pages": self.postings(postings), "variants": {v: self.postings(p) for v, p in variants}}
        self.filters = {}
        for filter_name, hashed in self.meta[3]:
            _, values = pagefind_bundle.decode((folder / "filter" / f"{hashed}.pf_filter").read_bytes(), hashed)
            self.filters[filter_name] = {value: sorted(self.urls[p] for p in pages) for value, pages in values}

    def postings(self, pages: list[list[Any]]) -> dict[str, tuple[list[int], list[Any]]]:
        """URL → (positions with ordinary text capped as the tidy bundle caps it, meta positions by field name)."""
        out, page = {}, 0
        keep = pagefind_bundle.COMMON_BODY_POSITIONS if 2 * len(pages) >= len(self.urls) else pagefind_bundle.BODY_POSITIONS
        for delta, locs, meta_locs in pages:
            page += delta
            fields = [self.fields[-loc - 1] if loc < 0 else loc for loc in meta_locs]
            out[self.urls[page]] = (pagefind_bundle.capped_positions(locs, keep), fields)
        return out


@pytest.fixture(scope="module")
def whole(parts: dict[int, list[Path]]) -> Bundle:
    """The one index Pagefind wrote over all documents (the one-part split), decoded."""
    return Bundle(parts[1][0])


def test_every_word_lists_the_pages_and_positions_of_one_index_over_all_documents(merged: dict[int, Path], whole: Bundle) -> None:
    out = Bundle(merged[3])
    assert out.words == whole.words
    assert len(out.words["汛"]["pages"]) == 1 and "示例" in out.words
    assert out.words["cafe"]["variants"].keys() == {"café"} and len(out.words["cafe"]["variants"]["café"]) == 5
    assert sorted(out.fields) == out.fields == whole.fields and "发文字号" in out.fields
    assert out.word_counts == whole.word_counts


def test_facets_hold_the_same_pages_by_url(merged: dict[int, Path], whole: Bundle) -> None:
    out = Bundle(merged[2])
    assert out.filters == whole.filters
    assert set(out.filters) == {"栏目", "机关"} and len(out.filters["机关"][ORGANS[1]]) == 10


def test_chunks_close_where_one_pagefind_index_over_all_documents_closes_them(merged: dict[int, Path], whole: Bundle) -> None:
    out = Bundle(merged[3])
    assert len(out.chunk_words) >= 2  # the heavy page's 20,000 汛 close a chunk
    assert out.chunk_words == whole.chunk_words
    assert [chunk[:2] for chunk in out.meta[2]] == [chunk[:2] for chunk in whole.meta[2]]


def test_fragments_are_pagefinds_named_by_date_rank_and_common_words_listed(merged: dict[int, Path], whole: Bundle) -> None:
    out = Bundle(merged[2])
    assert out.urls == ORDER
    assert [name.split("/")[1] for name, _ in out.meta[1]] == [str(k) for k in range(PAGES - 1)] + ["n0"]
    assert dict(zip(out.urls, out.fragments, strict=True)) == dict(zip(whole.urls, whole.fragments, strict=True))
    assert out.meta[4] == []
    assert out.info["page_count"] == PAGES
    common = out.info["common_words"]
    assert common["示例"] == common["工作"] == PAGES and "咖啡" not in common
    for locs, _ in out.words["工作"]["pages"].values():
        assert sum(1 for loc in locs if loc >= 0) <= 1 + 1  # title position plus one of ordinary text


SCOPES = {
    "organ0": [n for n in range(PAGES) if n % 3 == 0] + [1],  # 1: a page in two scopes; 27: no date; café and cafe
    "organ1": [n for n in range(PAGES) if n % 3 == 1],
    "organ2": [n for n in range(PAGES) if n % 3 == 2],  # 11: the heavy page
    "few": [1, 5],  # no page with a 发文字号: that meta field is not in this bundle
}


@pytest.fixture(scope="module")
def scoped(parts: dict[int, list[Path]], tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Merges with scoped bundles (one per SCOPES key, under <root>/<split>/<scope>/) of three splits."""
    root = tmp_path_factory.mktemp("pf-scoped")
    out = {}
    for k in (1, 2, 4):
        scopes: dict[str, list[Path]] = {}
        for name, pages in SCOPES.items():
            for n in pages:
                scopes.setdefault(url(n), []).append(root / str(k) / name)
        assert pagefind_merge.merge(parts[k], ORDER, root / str(k) / "portal", scopes) == PAGES
        out[k] = root / str(k)
    return out


def pagefind_ui(path: str) -> bool:
    """Pagefind's UI scripts and styles (top-level files besides the entry, pf_meta and what SCOPE_STATIC keeps)."""
    index_file = path == pagefind_merge.ENTRY or path.endswith(".pf_meta") or "/" in path
    return not index_file and not pagefind_merge.SCOPE_STATIC.fullmatch(path)


def test_a_scoped_bundle_is_the_merge_of_its_pages_alone_and_the_portal_bundle_is_unchanged(
    scoped: dict[int, Path], merged: dict[int, Path], tmp_path: Path
) -> None:
    portal = tree(merged[1])
    for k, folder in scoped.items():
        assert tree(folder / "portal") == portal, k
    for name, pages in SCOPES.items():
        alone = index(tmp_path / name, sorted(pages))  # Pagefind over these pages only
        expected = tmp_path / name / "merged"
        assert pagefind_merge.merge([alone], [u for u in ORDER if int(u[2:4]) in pages], expected) == len(pages)
        want = {path: data for path, data in tree(expected).items() if not pagefind_ui(path)}  # no UI files in a scope
        for k, folder in scoped.items():
            assert tree(folder / name) == want, (name, k)
    few, organ0 = Bundle(scoped[2] / "few"), Bundle(scoped[2] / "organ0")
    assert "发文字号" not in few.fields and "发文字号" in organ0.fields
    assert few.urls == [url(1), url(5)] and few.filters["机关"].keys() == {ORGANS[1], ORGANS[2]}
    assert organ0.words["cafe"]["variants"].keys() == {"café"} and url(1) in organ0.urls and organ0.urls[-1] == url(27)
    assert len(Bundle(scoped[4] / "organ2").chunk_words) >= 2  # the heavy page closes a chunk in its scope too


def test_a_scoped_bundle_leaves_out_a_lone_filter_where_all_its_pages_have_one_value(
    parts: dict[int, list[Path]], scoped: dict[int, Path], tmp_path: Path
) -> None:
    scopes: dict[str, list[Path]] = {}
    for name, pages in SCOPES.items():
        for n in pages:
            scopes.setdefault(url(n), []).append(tmp_path / name)
    assert pagefind_merge.merge(parts[2], ORDER, tmp_path / "portal", scopes, lone_filters=["机关"]) == PAGES
    assert tree(tmp_path / "portal") == tree(scoped[2] / "portal")  # the bundle of every page keeps every filter
    organ1, organ0, few = (Bundle(tmp_path / name) for name in ("organ1", "organ0", "few"))
    assert set(organ1.filters) == {"栏目"}  # every page of organ1 is ORGANS[1]'s: no 机关 filter
    assert organ1.filters == {"栏目": Bundle(scoped[2] / "organ1").filters["栏目"]}
    assert organ1.words == Bundle(scoped[2] / "organ1").words and organ1.urls == Bundle(scoped[2] / "organ1").urls
    assert organ0.filters["机关"].keys() == {ORGANS[0], ORGANS[1]}  # page 1 is ORGANS[1]'s: two values, kept
    assert few.filters["机关"].keys() == {ORGANS[1], ORGANS[2]}
    assert len(list((tmp_path / "organ1" / "filter").iterdir())) == 1  # 栏目's file only


def test_a_builds_merge_leaves_the_body_filter_of_one_value_out_of_the_scoped_bundles(parts: dict[int, list[Path]], tmp_path: Path) -> None:
    """The merge a build or an assembly starts (`pagefind_service.start_merge`) asks for it with the scopes."""
    from gongkai.pagefind_service import finish_merge, start_merge

    scopes = {url(n): [tmp_path / "site" / "organ1" / "pagefind"] for n in SCOPES["organ1"]}
    (tmp_path / "work").mkdir()
    finish_merge(start_merge(parts[2], ORDER, tmp_path / "site" / "pagefind", tmp_path / "work", scopes))
    assert set(Bundle(tmp_path / "site" / "organ1" / "pagefind").filters) == {"栏目"}
    assert set(Bundle(tmp_path / "site" / "pagefind").filters) == {"栏目", "机关"}


def test_scopes_from_the_command_line_and_a_scope_page_missing_from_the_order(
    parts: dict[int, list[Path]], scoped: dict[int, Path], tmp_path: Path
) -> None:
    order = tmp_path / "order.txt"
    order.write_text("\n".join(ORDER) + "\n", encoding="utf-8")
    scopes = tmp_path / "scopes.json"
    scopes.write_text(json.dumps({url(n): [str(tmp_path / "few")] for n in SCOPES["few"]}), encoding="utf-8")
    command = [sys.executable, "-m", "gongkai.pagefind_merge", "--order", str(order), "--scopes", str(scopes), "--output"]
    ok = subprocess.run([*command, str(tmp_path / "out"), *map(str, parts[2])], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert tree(tmp_path / "few") == tree(scoped[2] / "few")
    with pytest.raises(pagefind_merge.PageSetError, match=r"分机关索引中的页面 /p99/ 不在页面顺序中"):
        pagefind_merge.merge(parts[2], ORDER, tmp_path / "a", {url(99): [tmp_path / "x"]})


def test_the_scoped_bundles_alone_are_those_of_the_merge_that_also_writes_the_portal_bundle(
    parts: dict[int, list[Path]], scoped: dict[int, Path], tmp_path: Path
) -> None:
    # Without --output: the scoped bundles alone, each encoded on its own (a build cuts them from the portal's words).
    order = tmp_path / "order.txt"
    order.write_text("\n".join(ORDER) + "\n", encoding="utf-8")
    scopes: dict[str, list[str]] = {}
    for name, pages in reversed(SCOPES.items()):  # a page's scopes in another order than the fixture's
        for n in pages:
            scopes.setdefault(url(n), []).append(str(tmp_path / name))
    (tmp_path / "scopes.json").write_text(json.dumps(scopes), encoding="utf-8")
    command = [sys.executable, "-m", "gongkai.pagefind_merge", "--order", str(order), "--scopes", str(tmp_path / "scopes.json")]
    ok = subprocess.run([*command, *map(str, parts[4])], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == sorted(SCOPES)  # no bundle of every page
    for name in SCOPES:
        assert tree(tmp_path / name) == tree(scoped[4] / name), name
    neither = subprocess.run([*command[:5], *map(str, parts[4])], capture_output=True, text=True)
    assert neither.returncode == 2 and "须给出 --output 或 --scopes" in neither.stderr


BY_BODY = [url(n) for organ in range(3) for n in range(PAGES) if n % 3 == organ and n != 27] + [url(27)]
"""A platform's order: each 机关's pages together (here by n % 3), each one's by date; not the date order."""
DATES = {url(n): f"2024-{1 + n // 28:02d}-{1 + n % 28:02d} {url(n)}" for n in range(PAGES) if n != 27}
"""Each dated page's place in the date order, as the build gives it with such an order (`merge`'s `dates`)."""


def scope_folders(root: Path) -> dict[str, list[Path]]:
    scopes: dict[str, list[Path]] = {}
    for name, pages in SCOPES.items():
        for n in pages:
            scopes.setdefault(url(n), []).append(root / name)
    return scopes


def test_scoped_bundles_of_a_body_by_body_order_are_cut_from_the_portal_words_with_the_bytes_of_their_pages_alone(
    parts: dict[int, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut: list[int] = []
    real_cut = pagefind_merge._Slicer.cut

    def counted(self: Any, word: str, record: Any, keep: int) -> Any:
        adds, own = real_cut(self, word, record, keep)
        cut.append(len(adds))
        return adds, own

    monkeypatch.setattr(pagefind_merge._Slicer, "cut", counted)
    for k in (1, 2, 3):
        root = tmp_path / str(k)
        assert pagefind_merge.merge(parts[k], BY_BODY, root / "portal", scope_folders(root), dates=DATES) == PAGES
    assert sum(cut) > len(cut)  # most words of most scopes were cut, not encoded again
    portal = Bundle(tmp_path / "1" / "portal")
    assert portal.urls == BY_BODY  # numbered body by body
    ranks = {u: name.split("/")[1] for u, (name, _) in zip(portal.urls, portal.meta[1], strict=True)}
    assert ranks == {url(n): str(n - (n > 27)) if n != 27 else "n0" for n in range(PAGES)}  # the names carry the date order
    for k in (2, 3):
        assert tree(tmp_path / str(k) / "portal") == tree(tmp_path / "1" / "portal"), k
    for name, pages in SCOPES.items():
        alone = index(tmp_path / "alone" / name, sorted(pages))
        expected = tmp_path / "alone" / name / "merged"
        assert pagefind_merge.merge([alone], [u for u in BY_BODY if int(u[2:4]) in pages], expected, dates=DATES) == len(pages)
        want = {path: data for path, data in tree(expected).items() if not pagefind_ui(path)}
        for k in (1, 2, 3):
            assert tree(tmp_path / str(k) / name) == want, (name, k)


def test_dates_from_the_command_line_and_a_part_whose_date_order_disagrees_with_them(
    parts: dict[int, list[Path]], tmp_path: Path
) -> None:
    order = tmp_path / "order.txt"
    order.write_text("".join(u + ("\t" + DATES[u] if u in DATES else "") + "\n" for u in BY_BODY), encoding="utf-8")
    command = [sys.executable, "-m", "gongkai.pagefind_merge", "--order", str(order), "--workers", "2", "--output"]
    ok = subprocess.run([*command, str(tmp_path / "cli"), *map(str, parts[2])], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert pagefind_merge.merge(parts[2], BY_BODY, tmp_path / "in-process", dates=DATES) == PAGES
    assert tree(tmp_path / "cli") == tree(tmp_path / "in-process")
    scopes = {u: [str(folder) for folder in folders] for u, folders in scope_folders(tmp_path / "cli-scopes").items()}
    (tmp_path / "scopes.json").write_text(json.dumps(scopes), encoding="utf-8")
    cut = [*command[:-1], "--scopes", str(tmp_path / "scopes.json"), "--output", str(tmp_path / "cli-scopes" / "portal")]
    ok = subprocess.run([*cut, *map(str, parts[2])], capture_output=True, text=True)  # two processes: the forked one cuts too
    assert ok.returncode == 0, ok.stderr
    assert pagefind_merge._pivot([pagefind_merge._read_part(f).languages["zh-cn"] for f in parts[2]]) is not None
    assert pagefind_merge.merge(parts[2], BY_BODY, tmp_path / "one" / "portal", scope_folders(tmp_path / "one"), dates=DATES) == PAGES
    assert tree(tmp_path / "cli-scopes") == tree(tmp_path / "one")
    backwards = {u: f"{9999 - int(u[2:4]):04d}" for u in DATES}  # each part sorts its pages by date the other way
    with pytest.raises(pagefind_merge.PageSetError, match=r"页面顺序与 .* 中按发布日期的排序不一致"):
        pagefind_merge.merge(parts[2], BY_BODY, tmp_path / "wrong", dates=backwards)


def test_a_fragment_name_always_holds_the_same_bytes_when_an_older_page_comes_to_a_later_body(
    parts: dict[int, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Body by body, a body's group of pages can stay the same while their date ranks move (a page of a later body,
    # older than they are, is added or removed); the published server caches fragments as immutable.
    monkeypatch.setattr(pagefind_merge, "GROUP", 4)
    first, later = list(range(10, 20)), [n for n in range(20) if n < 10] + [n for n in range(20, PAGES) if n != 27] + [27]
    order = [url(n) for n in first + later]  # the first body's pages 10-19 keep their numbers 0-9 in both builds
    before, after = tmp_path / "before", tmp_path / "after"
    assert pagefind_merge.merge(parts[1], order, before, dates=DATES) == PAGES
    fewer = index(tmp_path / "fewer", list(range(1, PAGES)))  # without page 0, older than every page of the first body
    assert pagefind_merge.merge([fewer], [u for u in order if u != url(0)], after, dates=DATES) == PAGES - 1
    old, new = tree(before), tree(after)
    assert Bundle(before).meta[1][0][0].split("/")[1] == "10" and Bundle(after).meta[1][0][0].split("/")[1] == "9"
    assert all(old[path] == new[path] for path in old if path.startswith("fragment/") and path in new)


def test_a_page_in_two_parts_is_refused_in_chinese(parts: dict[int, list[Path]], tmp_path: Path) -> None:
    with pytest.raises(pagefind_merge.PageSetError, match="同时出现在"):
        pagefind_merge.merge([parts[1][0], parts[2][0]], ORDER, tmp_path / "out")


def test_a_page_missing_from_the_order_or_from_the_parts_is_refused_in_chinese(parts: dict[int, list[Path]], tmp_path: Path) -> None:
    with pytest.raises(pagefind_merge.PageSetError, match=r"页面 /p05/（.*）不在页面顺序中"):
        pagefind_merge.merge(parts[2], [u for u in ORDER if u != url(5)], tmp_path / "a")
    with pytest.raises(pagefind_merge.PageSetError, match=r"有 1 个页面不在任何一部分索引中（如 /p99/）"):
        pagefind_merge.merge(parts[2], [*ORDER, url(99)], tmp_path / "b")
    with pytest.raises(pagefind_merge.PageSetError, match="按发布日期的排序不一致"):
        pagefind_merge.merge(parts[2], list(reversed(ORDER)), tmp_path / "c")


def test_another_pagefind_version_or_a_tidied_bundle_is_refused_in_chinese(parts: dict[int, list[Path]], tmp_path: Path) -> None:
    part = shutil.copytree(parts[1][0], tmp_path / "part")
    entry = json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))
    (part / "pagefind-entry.json").write_text(json.dumps({**entry, "version": "1.6.0"}), encoding="utf-8")
    with pytest.raises(pagefind_bundle.BundleFormatError, match=re.escape("Pagefind 版本为 1.6.0，本程序只能合并 1.5.2")):
        pagefind_merge.merge([part], ORDER, tmp_path / "a")
    entry["languages"]["zh-cn"]["common_words"] = {}
    (part / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(pagefind_bundle.BundleFormatError, match="已整理过的索引"):
        pagefind_merge.merge([part], ORDER, tmp_path / "b")


def test_a_damaged_index_file_is_refused_in_chinese_naming_the_file(parts: dict[int, list[Path]], tmp_path: Path) -> None:
    part = shutil.copytree(parts[1][0], tmp_path / "part")
    chunk = next((part / "index").iterdir())
    chunk.write_bytes(chunk.read_bytes()[:40])
    with pytest.raises(pagefind_bundle.BundleFormatError, match=re.escape(f"{chunk} 无法读取（不是 Pagefind 1.5.2 的格式）")):
        pagefind_merge.merge([part], ORDER, tmp_path / "a")
    chunk.write_bytes(pagefind_bundle.encode([[["词", [[0, "不是位置"]], []]]]))
    with pytest.raises(pagefind_bundle.BundleFormatError, match="的格式"):
        pagefind_merge.merge([part], ORDER, tmp_path / "b")


@pytest.mark.parametrize("damage", ["page out of range", "value not text"])
def test_a_damaged_filter_file_is_refused_in_chinese_naming_the_file(parts: dict[int, list[Path]], tmp_path: Path, damage: str) -> None:
    # Checked however many outputs read it: the portal's bundle, or only body bundles without a page of that value.
    part = shutil.copytree(parts[1][0], tmp_path / "part")
    path = next((part / "filter").iterdir())
    name, values = pagefind_bundle.decode(path.read_bytes(), str(path))
    bad = [*values, ["新值", [PAGES + 5]]] if damage == "page out of range" else [*values, [["不是文字"], []]]
    path.write_bytes(pagefind_bundle.encode([name, bad]))
    with pytest.raises(pagefind_bundle.BundleFormatError, match=re.escape(f"{path} 的结构不是 Pagefind 1.5.2 的格式")):
        pagefind_merge.merge([part], ORDER, tmp_path / "a")


def test_command_line_merges_in_its_own_process_and_reports_errors_without_a_traceback(
    parts: dict[int, list[Path]], merged: dict[int, Path], tmp_path: Path
) -> None:
    order = tmp_path / "order.txt"
    order.write_text("\n".join(ORDER) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "gongkai.pagefind_merge", "--order", str(order), "--output"]
    ok = subprocess.run([*command, str(tmp_path / "out"), *map(str, parts[3])], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert f"共 {PAGES} 个页面" in ok.stdout
    assert tree(tmp_path / "out") == tree(merged[1])
    both = [str(parts[1][0]), str(parts[3][0])]
    bad = subprocess.run([*command, str(tmp_path / "bad"), *both], capture_output=True, text=True)
    assert bad.returncode == 1
    assert re.match(r"合并 Pagefind 索引失败：页面 /p0\d/ 同时出现在 .* 中：各部分的页面不得重复", bad.stderr), bad.stderr
    assert "Traceback" not in bad.stderr


def merge_command(tmp_path: Path, *options: str) -> list[str]:
    """`python -m gongkai.pagefind_merge` with ORDER in an order file, then `options`."""
    order = tmp_path / "order.txt"
    order.write_text("\n".join(ORDER) + "\n", encoding="utf-8")
    return [sys.executable, "-m", "gongkai.pagefind_merge", "--order", str(order), *options]


def test_two_processes_merge_the_bytes_one_process_merges(
    parts: dict[int, list[Path]], merged: dict[int, Path], scoped: dict[int, Path], tmp_path: Path
) -> None:
    # The words from the pivot on are encoded in a forked process, then cut into chunks with the others: same bytes.
    for k in (1, 2, 3, 4):  # one part; interleaved parts; parts in ranges; services one after another
        members = [pagefind_merge._read_part(folder).languages["zh-cn"] for folder in parts[k]]
        assert pagefind_merge._pivot(members) is not None  # the heavy page closes a chunk: the forked process has words
        out = tmp_path / f"out{k}"
        command = merge_command(tmp_path, "--workers", "2", "--output", str(out))
        done = subprocess.run([*command, *map(str, parts[k])], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert tree(out) == tree(merged[1]), k
    scopes = {url(n): [str(tmp_path / "scoped" / "organ2")] for n in SCOPES["organ2"]}
    (tmp_path / "scopes.json").write_text(json.dumps(scopes), encoding="utf-8")
    command = merge_command(tmp_path, "--workers", "2", "--scopes", str(tmp_path / "scopes.json"))
    done = subprocess.run([*command, *map(str, parts[4])], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert tree(tmp_path / "scoped" / "organ2") == tree(scoped[4] / "organ2")


def test_a_merge_that_may_not_fork_or_whose_fork_fails_merges_in_one_process(
    parts: dict[int, list[Path]], merged: dict[int, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forks: list[str] = []

    def refused() -> int:
        forks.append("fork")
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(pagefind_merge.os, "fork", refused)
    monkeypatch.setattr(pagefind_merge, "cpus", lambda: 2)
    monkeypatch.setattr(pagefind_merge, "may_fork", lambda: False)  # another thread, GONGKAI_WORKERS=1, not Linux
    assert pagefind_merge.merge(parts[2], ORDER, tmp_path / "not-allowed", workers=2) == PAGES
    assert not forks
    monkeypatch.setattr(pagefind_merge, "may_fork", lambda: True)
    assert pagefind_merge.merge(parts[2], ORDER, tmp_path / "refused", workers=2) == PAGES
    assert forks == ["fork"]
    assert tree(tmp_path / "not-allowed") == tree(tmp_path / "refused") == tree(merged[1])


def test_a_damaged_chunk_read_by_the_forked_process_is_reported_as_one_process_reports_it(
    parts: dict[int, list[Path]], tmp_path: Path
) -> None:
    part = shutil.copytree(parts[1][0], tmp_path / "part")
    last = part / "index" / f"{Bundle(parts[1][0]).meta[2][-1][2]}.pf_index"  # the last chunk: the forked process's share
    last.write_bytes(last.read_bytes()[:40])
    said = []
    for workers in ("1", "2"):
        command = merge_command(tmp_path, "--workers", workers, "--output", str(tmp_path / workers))
        done = subprocess.run([*command, str(part)], capture_output=True, text=True)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        said.append(done.stderr)
    assert said[0] == said[1]
    assert said[0].startswith(f"合并 Pagefind 索引失败：{last} 无法读取（不是 Pagefind 1.5.2 的格式）")


def test_merged_fragments_are_links_to_the_parts_files_or_copies_where_links_fail(
    parts: dict[int, list[Path]], merged: dict[int, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A link takes no new inode (the parts' documents are removed while the merge runs: PagefindIndex.release_documents).
    def inodes(folders: list[Path]) -> set[tuple[int, int]]:
        return {(p.stat().st_dev, p.stat().st_ino) for folder in folders for p in (folder / "fragment").rglob("*.pf_fragment")}

    assert pagefind_merge.merge(parts[2], ORDER, tmp_path / "linked") == PAGES
    assert inodes([tmp_path / "linked"]) == inodes(parts[2])

    def refuse(source: Any, target: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(pagefind_merge.os, "link", refuse)
    assert pagefind_merge.merge(parts[2], ORDER, tmp_path / "copied") == PAGES
    assert not inodes([tmp_path / "copied"]) & inodes(parts[2])
    assert tree(tmp_path / "copied") == tree(tmp_path / "linked") == tree(merged[1])


SEARCH_PAGE = """<!doctype html><html lang="zh-cn"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>检索</title></head>
<body>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const found = {};
for (const word of ["乡村振兴", "义务教育", "安全生产", "咖啡"]) {
  const search = await pagefind.search(word);
  found[word] = (await Promise.all(search.results.map((r) => r.data()))).map((d) => d.url).sort();
}
const filtered = await pagefind.search("工作", { filters: { 机关: "示例县教育局" } });
found["机关"] = (await Promise.all(filtered.results.map((r) => r.data()))).map((d) => d.url).sort();
window.found = found;
</script></body></html>"""


@pytest.fixture(scope="module")
def search_url(merged: dict[int, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("pf-search-site")
    shutil.copytree(merged[3], site / "pagefind")
    (site / "index.html").write_text(SEARCH_PAGE, encoding="utf-8")
    yield from serve(site)


def test_pagefind_in_chromium_finds_pages_of_every_part_in_the_merged_bundle(browser: Any, search_url: str) -> None:
    for tab in recording_tab(browser, search_url):
        tab.goto(search_url + "/")
        tab.wait_for_function("() => window.found !== undefined", timeout=20000)
        found = tab.evaluate("window.found")
        topic = {word: sorted(url(n) for n in range(PAGES) if TOPICS[n % len(TOPICS)] == word) for word in TOPICS}
        assert found["乡村振兴"] == topic["乡村振兴"]  # pages 3, 8, …: in every part of the 3-split
        assert found["义务教育"] == topic["义务教育"]
        assert found["安全生产"] == topic["安全生产"]
        assert found["咖啡"] == sorted(url(n) for n in range(PAGES) if n % 3 == 0)  # 咖啡 and (a prefix) 咖啡馆
        assert found["机关"] == sorted(url(n) for n in range(PAGES) if n % 3 == 1)
