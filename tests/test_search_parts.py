"""A build whose pages exceed one Pagefind process's limit (`pages_per_index`) is indexed in parts, one Pagefind
process after another, and the parts merged: the same bundle bytes as one part, every part found in Chromium, and a
crashed Pagefind or a failed merge leaves the previous site untouched with a Chinese message; a part indexed by the
`pagefind` command over files gives the bundle a service gives for the same pages (real MkDocs, real Pagefind).
"""

from __future__ import annotations

import itertools
import os
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Build, make_project, mkdocs_build, serve, set_plugins
from gongkai.pagefind_service import (
    BACKGROUND_NICENESS,
    PagefindBatch,
    PagefindIndex,
    PagefindStream,
    Turns,
    extended_binary,
    finish_merge,
    start_merge,
)
from gongkai.processes import cpus
from search_site import DONE, ITEMS, build_search_site, item_files, recording_tab

LIMIT = 3
"""Pages per Pagefind process in these builds: the 10 items of search_site.ITEMS make 4 parts."""


def limit_pages(project: Path, limit: int) -> None:
    """Set the search plugin's `pages_per_index` in the project's mkdocs.yml."""
    path = project / "mkdocs.yml"
    cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    for k, plugin in enumerate(cfg["plugins"]):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name == "gongkai-search":
            options = {} if isinstance(plugin, str) else dict(plugin[name] or {})
            cfg["plugins"][k] = {name: {**options, "pages_per_index": limit}}
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build_in_parts(root: Path) -> Build:
    """search_site's items in a fresh project with the core and search plugins, LIMIT pages per Pagefind process."""
    project = make_project(root, item_files())
    set_plugins(project, ["gongkai", "gongkai-search"])
    limit_pages(project, LIMIT)
    return mkdocs_build(project)


def wrapper(folder: Path, body: str) -> Path:
    """A script standing for the extended binary (PAGEFIND_BINARY_PATH; the name must say "extended"): it counts its
    starts in `folder/starts`, then runs `body` with $REAL set to the real binary."""
    script = folder / "pagefind_extended"
    count = folder / "starts"
    script.write_text(f'#!/bin/sh\nREAL="{extended_binary()}"\necho x >> "{count}"\nN=$(wc -l < "{count}")\n{body}\n', encoding="utf-8")
    script.chmod(0o755)
    return script


def starts(script: Path) -> int:
    return len((script.parent / "starts").read_text(encoding="utf-8").splitlines())


def bundle(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site / "pagefind")): p.read_bytes() for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def one_part(tmp_path_factory: pytest.TempPathFactory) -> Build:
    built = build_search_site(tmp_path_factory.mktemp("one-part"))
    assert built.ok, built.output
    return built


@pytest.fixture(scope="module")
def in_parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, int]:
    """The same items built with LIMIT pages per Pagefind process, through a wrapper that counts the processes started."""
    root = tmp_path_factory.mktemp("in-parts")
    script = wrapper(root, 'exec "$REAL" "$@"')
    os.environ["PAGEFIND_BINARY_PATH"] = str(script)
    try:
        built = build_in_parts(root / "p")
    finally:
        del os.environ["PAGEFIND_BINARY_PATH"]
    assert built.ok, built.output
    return built, starts(script)


def test_pages_beyond_one_parts_limit_are_indexed_in_parts_with_the_same_bundle_bytes(
    one_part: Build, in_parts: tuple[Build, int]
) -> None:
    built, processes = in_parts
    assert processes == 4  # 10 items, 3 per part
    assert bundle(built.site) == bundle(one_part.site)
    assert not [p for p in built.site.parent.iterdir() if ".gongkai-" in p.name]  # no staging folder left
    assert not [p for p in built.site.rglob(".gongkai-*")]  # the parts are not published


@pytest.fixture(scope="module")
def parts_url(in_parts: tuple[Build, int]) -> Iterator[str]:
    yield from serve(in_parts[0].site)


# Items go to Pagefind in (发布日期, 索引号) order, three per part: one query per part.
PART_QUERIES = [
    ("合作医疗", "/gfxwj/2019-00020/"),  # part 1 (2019-04-03)
    ("最低生活保障", "/gfxwj/2024-00003/"),  # part 2 (2024-03-08)
    ("生产总值", "/tjxx/2025-00030/"),  # part 3 (2025-03-20)
    ("转义检查", "/qtwj/2026-00002/"),  # part 4 (2026-01-05)
]


@pytest.mark.parametrize(("query", "expected"), PART_QUERIES)
def test_search_in_chromium_finds_the_items_of_every_part(browser: Any, parts_url: str, query: str, expected: str) -> None:
    assert sorted(str(f["发布日期"]) for f in ITEMS.values())[:: LIMIT] == ["2019-04-03", "2024-03-08", "2025-01-20", "2026-01-05"]
    for tab in recording_tab(browser, parts_url):
        tab.goto(f"{parts_url}/search/?q={urllib.parse.quote(query)}")
        tab.wait_for_function(DONE)
        paths = [urllib.parse.urlparse(a.get_attribute("href")).path for a in tab.query_selector_all(".gk-result__title a")]
        assert paths[:1] == [expected]


def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> tuple[Build, Path, bytes, Build]:
    """A site built once as usual, then rebuilt in parts through a wrapper running `body`: (first, wrapper, first index page, second)."""
    first = build_in_parts(tmp_path / "p")
    assert first.ok, first.output
    assert not list(first.site.glob(".gongkai-*"))  # the parts and their documents are removed once the build is done
    page = (first.site / "index.html").read_bytes()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper(tmp_path, body)))
    second = mkdocs_build(tmp_path / "p")
    return first, tmp_path / "pagefind_extended", page, second


def assert_untouched(first: Build, page: bytes, before: dict[str, bytes], second: Build) -> None:
    assert not second.ok
    assert "Traceback" not in second.output
    assert (first.site / "index.html").read_bytes() == page
    assert bundle(first.site) == before
    project = first.site.parent
    assert [p.name for p in project.iterdir() if ".gongkai-" in p.name] == []  # staging and parts removed


def test_a_pagefind_process_killed_during_a_build_in_parts_leaves_the_previous_site_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The second Pagefind process dies at once (as under the out-of-memory killer), after the first one has indexed its part.
    first, script, page, second = published(tmp_path, monkeypatch, 'if [ "$N" -ge 2 ]; then kill -9 $$; fi\nexec "$REAL" "$@"')
    before = bundle(first.site)
    assert starts(script) >= 2  # the parts after it may have started beside it once MkDocs had written its last page
    assert "Pagefind 建立索引失败：Pagefind 进程意外退出" in second.output
    assert_untouched(first, page, before, second)


def test_a_failed_merge_leaves_the_previous_site_untouched_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Once the first Pagefind process has written its part and ended, the wrapper damages one of the part's result files.
    fragments = 'find "$(dirname "$0")/p" -path "*/.gongkai-pagefind-*/parts/0/fragment/*" -name "*.pf_fragment"'
    damage = fragments + ' | head -n 1 | xargs sh -c \'printf x > "$0"\''
    first, script, page, second = published(tmp_path, monkeypatch, f'"$REAL" "$@"\ncode=$?\n[ "$N" -eq 1 ] && {damage}\nexit $code')
    before = bundle(first.site)
    assert starts(script) == 4
    assert "Pagefind 建立索引失败：合并 Pagefind 索引失败" in second.output
    assert_untouched(first, page, before, second)


PAGES = {  # URLs as MkDocs writes them: percent-encoded file names, raw Chinese, a page that is not a folder
    "/gfxwj/2024-00001/": "关于加强农村留守老人关爱服务的通知",
    "/%E6%94%BF%E7%AD%96/2024-00002/": "最低生活保障标准调整",
    "/政策/解读/": "政策解读：城乡居民医疗保险",
    "/zfxxgkzn/page.html": "政府信息公开指南",
}


def page_html(title: str, n: int = 0) -> str:
    """A search document as gongkai/search_document.html makes them: a facet, meta fields, the date sort (the pages
    of PAGES share one date: their order is the text after it, as the build's is)."""
    marks = (
        f'<span data-pagefind-filter="栏目[data-value]" data-value="栏目{n % 2}"></span>'
        f'<span data-pagefind-meta="索引号[data-value]" data-value="11360999/2024-0000{n}"></span>'
        f'<span data-pagefind-sort="date[data-value]" data-value="2024-03-05 11360999/2024-0000{n}"></span>'
    )
    return f'<html lang="zh-CN"><body><article data-pagefind-body><h1>{title}</h1>{marks}<p>{title}的正文。</p></article></body></html>'


def merged_bundle(tmp_path: Path, name: str, urls: list[str]) -> dict[str, bytes]:
    (tmp_path / f"work-{name}").mkdir()
    finish_merge(start_merge([tmp_path / name], urls, tmp_path / f"merged-{name}" / "pagefind", tmp_path / f"work-{name}"))
    return bundle(tmp_path / f"merged-{name}")


def test_a_part_indexed_by_the_pagefind_command_gives_the_bundle_a_service_gives_for_the_same_pages(tmp_path: Path) -> None:
    service, batch = PagefindStream(tmp_path / "service"), PagefindBatch(tmp_path / "batch")
    for n, (url, title) in enumerate(PAGES.items()):
        assert service.add_page(url, page_html(title, n)) and batch.add_page(url, page_html(title, n))
    assert not batch.add_page("/staff/", "<html><body><p>没有检索正文</p></body></html>")
    assert service.finish() == batch.result() == len(PAGES)
    assert (tmp_path / "batch.src").is_dir()  # kept until the build has written its last file (ext4 inode reuse)
    batch.remove_documents()
    assert not (tmp_path / "batch.src").exists()
    merged = merged_bundle(tmp_path, "batch", list(PAGES))
    assert merged == merged_bundle(tmp_path, "service", list(PAGES))
    assert len([path for path in merged if path.startswith("fragment/")]) == len(PAGES)
    assert len([path for path in merged if path.startswith("filter/")]) == 1  # the 栏目 facet


def test_urls_ending_in_index_html_are_kept_as_given_and_mixed_forms_refused(tmp_path: Path) -> None:
    # MkDocs with use_directory_urls: false names pages …/index.html; Pagefind drops that unless told to keep it.
    urls = ["/zfxxgk/index.html", "/gfxwj/2024-00001.html", "/index.html"]
    service, batch = PagefindStream(tmp_path / "service"), PagefindBatch(tmp_path / "batch")
    for n, url in enumerate(urls):
        assert service.add_page(url, page_html(f"页面{n}", n)) and batch.add_page(url, page_html(f"页面{n}", n))
    assert service.finish() == batch.result() == len(urls)
    assert merged_bundle(tmp_path, "batch", urls) == merged_bundle(tmp_path, "service", urls)
    mixed = PagefindBatch(tmp_path / "mixed")
    assert mixed.add_page("/a/index.html", page_html("甲"))
    with pytest.raises(RuntimeError, match="其他网址形式不同"):
        mixed.add_page("/b/", page_html("乙"))
    mixed.abort()


@pytest.mark.parametrize("url", ["relative/", "/a/../b/", "/a//b/", "/feed", "/a/b.htm"])
def test_a_url_the_pagefind_command_would_name_otherwise_is_refused_with_a_message(tmp_path: Path, url: str) -> None:
    batch = PagefindBatch(tmp_path / "part")
    with pytest.raises(RuntimeError, match="无法为该网址建立索引"):
        batch.add_page(url, page_html("标题"))
    batch.abort()
    assert not (tmp_path / "part.src").exists()


def test_the_pagefind_command_indexes_a_part_at_a_lower_priority_than_mkdocs(tmp_path: Path) -> None:
    # MkDocs' one thread is the build's critical path; Pagefind's threads take what it leaves.
    script = wrapper(tmp_path, 'nice > "$(dirname "$0")/niceness"\nexec "$REAL" "$@"')
    part = PagefindBatch(tmp_path / "part", script)
    assert part.add_page("/a/", page_html("公告"))
    assert part.result() == 1
    expected = min(os.nice(0) + BACKGROUND_NICENESS, 19)
    assert (tmp_path / "niceness").read_text(encoding="utf-8").strip() == str(expected)


def test_a_part_without_pages_is_an_empty_bundle_that_the_merge_accepts(tmp_path: Path) -> None:
    # The command refuses a folder without pages; a build (or a partition) without any page still gets a bundle.
    empty, batch = PagefindBatch(tmp_path / "empty"), PagefindBatch(tmp_path / "batch")
    assert not empty.add_page("/staff/", "<html><body><p>没有检索正文</p></body></html>")
    assert batch.add_page("/a/", page_html("公告"))
    assert empty.result() == 0 and batch.result() == 1
    (tmp_path / "work").mkdir()
    finish_merge(start_merge([tmp_path / "empty", tmp_path / "batch"], ["/a/"], tmp_path / "site" / "pagefind", tmp_path / "work"))
    assert bundle(tmp_path / "site") == merged_bundle(tmp_path, "batch", ["/a/"])


def test_documents_released_while_parts_are_still_indexed_go_only_once_pagefind_has_read_them(tmp_path: Path) -> None:
    # A build releases its documents when it has written its last file, maybe before its last parts are indexed.
    site = tmp_path / "site"
    index = PagefindIndex(site / "pagefind", limit=1)  # a part per page, indexed one after another
    for n, (url, title) in enumerate(PAGES.items()):
        assert index.add_page(url, page_html(title, n))
    index.finish_in_background()
    index.release_documents()
    assert index.result() == len(PAGES)
    work = next(site.glob(".gongkai-pagefind-*"))
    deadline = time.monotonic() + 60
    while list(work.glob("parts/*.src")) and time.monotonic() < deadline:  # once every part is indexed, not at the end
        time.sleep(0.05)
    assert not list(work.glob("parts/*.src"))
    assert len(list(work.glob("parts/*/pagefind-entry.json"))) == len(PAGES)  # the parts stay until remove_documents
    index.remove_documents()
    assert not work.exists()
    batch = PagefindBatch(tmp_path / "batch")
    for n, (url, title) in enumerate(PAGES.items()):
        batch.add_page(url, page_html(title, n))
    assert batch.result() == len(PAGES)
    assert bundle(site) == merged_bundle(tmp_path, "batch", list(PAGES))


def spans(log: Path) -> list[tuple[float, float]]:
    """(start, end) of each run of the command, in the order they started, from the wrapper's log lines `start PID T`
    / `end PID T`."""
    times: dict[str, dict[str, float]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        kind, n, t = line.split()
        times.setdefault(n, {})[kind] = float(t)
    return sorted((run["start"], run["end"]) for run in times.values())


def chained_parts(tmp_path: Path, script: Path, turns: Turns) -> list[PagefindBatch]:
    """Four parts of one page each, each after the one before, as `PagefindParts` makes them."""
    parts: list[PagefindBatch] = []
    for n, (url, title) in enumerate(PAGES.items()):
        parts.append(PagefindBatch(tmp_path / "parts" / str(n), script, parts[-1] if parts else None, turns))
        assert parts[-1].add_page(url, page_html(title, n))
    return parts


def timed(hold: str = "sleep 1") -> str:
    """The wrapper's body that logs each run's start and end (by its process id: runs side by side may count alike),
    `hold` (a shell command) run before the real binary."""
    return "\n".join(
        [
            'echo "start $$ $(date +%s.%N)" >> "$(dirname "$0")/log"',
            hold,
            '"$REAL" "$@"',
            "rc=$?",
            'echo "end $$ $(date +%s.%N)" >> "$(dirname "$0")/log"',
            "exit $rc",
        ]
    )


def most_at_once(runs: list[tuple[float, float]]) -> int:
    """The most runs going on at one time (an end before a start at the same instant)."""
    points = sorted([(start, 1) for start, _ in runs] + [(end, -1) for _, end in runs], key=lambda p: (p[0], p[1]))
    return max(itertools.accumulate(step for _, step in points))


def test_while_mkdocs_renders_the_parts_are_indexed_one_after_another(tmp_path: Path) -> None:
    # One index in memory at a time, and Pagefind's threads beside MkDocs' one take what it leaves.
    script = wrapper(tmp_path, timed())
    parts = chained_parts(tmp_path, script, Turns(limit=2))
    for part in parts:
        part.finish_in_background()
    assert [part.result() for part in parts] == [1, 1, 1, 1]
    runs = spans(tmp_path / "log")
    assert len(runs) == 4
    assert all(later[0] >= earlier[1] for earlier, later in itertools.pairwise(runs))


def test_once_mkdocs_has_written_its_last_page_the_waiting_parts_are_indexed_side_by_side_one_per_core(tmp_path: Path) -> None:
    # Alone, one command keeps about 1.2 cores busy: the parts still waiting then use every core, never more.
    script = wrapper(tmp_path, timed())
    turns = Turns(limit=2)
    parts = chained_parts(tmp_path, script, turns)
    for part in parts:
        part.finish_in_background()
    turns.free()
    assert [part.result() for part in parts] == [1, 1, 1, 1]
    runs = spans(tmp_path / "log")
    assert len(runs) == 4
    assert most_at_once(runs) == 2


def test_a_build_indexes_its_waiting_parts_side_by_side_once_mkdocs_has_written_its_last_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The search plugin frees the turns in its first post-build hook: the first part's command is held for 6 s, longer
    # than MkDocs takes for the rest of this small site, so the parts after it are still waiting when the pages are
    # all written; they then start beside it, one command per core and never more than two (Turns.SIDE_BY_SIDE).
    # Without that hook each part waits for the one before, and at most one command runs at any time.
    monkeypatch.delenv("GONGKAI_WORKERS", raising=False)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper(tmp_path, timed('if [ "$N" -eq 1 ]; then sleep 6; else sleep 1; fi'))))
    built = build_in_parts(tmp_path / "p")
    assert built.ok, built.output
    runs = spans(tmp_path / "log")
    assert len(runs) == 4
    assert most_at_once(runs) == min(cpus(), Turns.SIDE_BY_SIDE)  # one CPU: one command at a time, held or not
    if cpus() >= 2:
        assert runs[1][0] < runs[0][1]  # the second part started while the first was still held
