"""Partitioned builds (issue #18 item 9): one body built alone, partitions put together into one site with one
Pagefind search (and each body's own bundle), byte for byte the full build; one body rebuilt after an edit; a failed
assembly leaves the site.

Real MkDocs builds (`gongkai build`, which runs `mkdocs build --strict`) and real Pagefind, on a three-body platform
(the fixture county as 本级政府, the department fgw, the township czz) with a joint document.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, gongkai
from gongkai import partition
from test_platform import county_item, czz_item, fgw_item, make_platform
from test_search_parts import limit_pages

ENV = {"GONGKAI_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
FGW_TITLE = "发展改革委关于价格监测的通知"
JOINT_ISSUERS = ["示例县发展和改革委员会", "示例县城关镇人民政府"]


def items(fgw_text: str = "价格监测的正文。") -> dict[str, str]:
    return {
        "qtwj/2026-00001.md": county_item(标题="示例县人民政府关于春耕生产的通知"),
        "fgw/qtwj/2026-00001.md": fgw_item(标题=FGW_TITLE) + fgw_text + "\n",
        "fgw/qtwj/2026-00002.md": fgw_item(
            "2026-00002", 标题="关于联合开展春耕物资价格检查的通知", 发文机关=JOINT_ISSUERS, 发布日期="2026-04-01"
        ),
        "czz/qtwj/2026-00001.md": czz_item(标题="城关镇春耕生产工作安排"),
        "czz/qtwj/2026-00002.md": czz_item("2026-00002", 标题="城关镇防汛工作安排", 发布日期="2026-05-06"),
    }


def build(project: Path, site: Path, *which: str) -> None:
    done = gongkai("build", "-f", str(project / "mkdocs.yml"), "--site-dir", str(site), *which, cwd=project, env=ENV)
    assert done.returncode == 0, done.stdout + done.stderr


def files_of(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}


def assert_same_site(expected: Path, actual: Path) -> None:
    """Same files with the same bytes (the partitions' notes for the assembly are not published)."""
    assert files_of(actual) == files_of(expected)
    differ = [rel for rel in sorted(files_of(expected)) if not filecmp.cmp(expected / rel, actual / rel, shallow=False)]
    assert differ == []


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_platform(tmp_path_factory.mktemp("partitions") / "p", items())


@pytest.fixture(scope="module")
def full_site(platform: Path) -> Path:
    site = platform.parent / "full"
    build(platform, site)
    return site


@pytest.fixture(scope="module")
def parts(platform: Path) -> list[Path]:
    made = [platform.parent / f"part{n}" for n in (1, 2)]
    for n, site in enumerate(made, 1):
        build(platform, site, "--partition", f"{n}/2")
    return made


def test_partitions_split_the_bodies_deterministically_and_balanced_by_item_count() -> None:
    weights = [("xzf", 10), ("fgw", 7), ("jyty", 3), ("wjw", 3), ("czz", 2)]
    assert partition.split(weights, 2) == [["xzf", "wjw"], ["fgw", "jyty", "czz"]]  # 13 and 12 items
    assert partition.split(weights, 2) == partition.split(list(weights), 2)
    assert partition.split(weights, 5) == [["xzf"], ["fgw"], ["jyty"], ["wjw"], ["czz"]]


def test_a_body_built_alone_has_only_its_own_pages_and_no_search_index(platform: Path, full_site: Path) -> None:
    alone = platform.parent / "fgw-alone"
    build(platform, alone, "--body", "fgw")
    pages = {rel for rel in files_of(alone) if rel.endswith(".html")} - {"404.html"}  # the theme's 404 page, in every build
    assert pages and all(rel.startswith("fgw/") for rel in pages), sorted(pages)[:5]
    assert pages == {rel for rel in files_of(full_site) if rel.startswith("fgw/") and rel.endswith(".html")}
    assert (alone / "fgw/qtwj/2026-00001/index.html").read_text(encoding="utf-8") == (
        full_site / "fgw/qtwj/2026-00001/index.html"
    ).read_text(encoding="utf-8")
    assert not (alone / "pagefind").exists()  # the assembly merges every partition's index parts into one
    assert not (alone / "fgw/pagefind").exists()  # and writes the bodies' own bundles
    # its body's own exact lookup, as the full build writes it; not another body's (that body's partition writes it)
    assert files_of(alone / "fgw/search/exact") == files_of(full_site / "fgw/search/exact") != set()
    assert all(
        (alone / "fgw/search/exact" / f).read_bytes() == (full_site / "fgw/search/exact" / f).read_bytes()
        for f in files_of(alone / "fgw/search/exact")
    )
    assert not (alone / "czz/search/exact").exists()
    assert (alone / partition.OUT_DIR / partition.PARTS_DIR / "0/pagefind-entry.json").is_file()
    assert (alone / partition.OUT_DIR / partition.MANIFEST).is_file()
    assert not list((alone / partition.OUT_DIR / partition.PARTS_DIR).glob("*.src"))  # the parts' documents are removed


def test_an_unknown_body_stops_the_build_with_the_platforms_body_ids(platform: Path) -> None:
    done = gongkai("build", "-f", str(platform / "mkdocs.yml"), "--site-dir", str(platform.parent / "x"), "--body", "nope", env=ENV)
    assert done.returncode != 0
    assert "平台上没有机关「nope」" in done.stdout + done.stderr and "fgw" in done.stdout + done.stderr
    assert not (platform.parent / "x").exists()


def test_assembled_partitions_equal_the_full_build_byte_for_byte_with_one_search_index(
    platform: Path, full_site: Path, parts: list[Path]
) -> None:
    site = platform.parent / "assembled"
    done = gongkai("assemble", *map(str, parts), "--site-dir", str(site), env=ENV)
    assert done.returncode == 0, done.stderr
    assert (site / "pagefind/pagefind-entry.json").is_file()
    for body in ("fgw", "czz"):  # each body's own bundle, merged from the partitions' parts in the same pass
        assert (site / body / "pagefind/pagefind-entry.json").is_file() and (full_site / body / "pagefind/pagefind-entry.json").is_file()
        assert (site / body / "search/exact/0.json").is_file() and (full_site / body / "search/exact/0.json").is_file()  # its own lookup
    assert_same_site(full_site, site)  # every bundle byte for byte


def test_a_missing_or_doubled_partition_fails_and_leaves_the_previous_site_untouched(platform: Path, parts: list[Path]) -> None:
    site = platform.parent / "published"
    site.mkdir()
    (site / "index.html").write_text("旧网站", encoding="utf-8")
    before = os.stat(site / "index.html").st_mtime_ns
    missing = gongkai("assemble", str(parts[0]), "--site-dir", str(site), env=ENV)
    assert missing.returncode == 2 and "缺少机关" in missing.stderr and "原网站保持不变" in missing.stderr
    doubled = gongkai("assemble", str(parts[0]), str(parts[0]), str(parts[1]), "--site-dir", str(site), env=ENV)
    assert doubled.returncode == 2 and "都生成了" in doubled.stderr
    not_a_part = gongkai("assemble", str(platform), "--site-dir", str(site), env=ENV)
    assert not_a_part.returncode == 2 and partition.MANIFEST in not_a_part.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "旧网站"
    assert os.stat(site / "index.html").st_mtime_ns == before
    assert [p.name for p in platform.parent.iterdir() if p.name.startswith(".published")] == []


def test_after_an_edit_rebuilding_that_bodys_partition_and_reassembling_equals_a_new_full_build(
    platform: Path, parts: list[Path], full_site: Path
) -> None:
    edited = make_platform(platform.parent / "edited", items(fgw_text="价格监测的正文，已补充第二季度的监测结果。"))
    fresh_full = platform.parent / "edited-full"
    build(edited, fresh_full)
    number = next(n for n, p in enumerate(parts, 1) if "fgw" in (p / partition.OUT_DIR / partition.MANIFEST).read_text(encoding="utf-8"))
    rebuilt = platform.parent / "fgw-rebuilt"
    build(edited, rebuilt, "--partition", f"{number}/2")  # the partition holding fgw; the other one is kept as it was
    others = [p for n, p in enumerate(parts, 1) if n != number]
    site = platform.parent / "reassembled"
    done = gongkai("assemble", *map(str, [*others, rebuilt]), "--site-dir", str(site), env=ENV)
    assert done.returncode == 0, done.stderr
    page = (site / "fgw/qtwj/2026-00001/index.html").read_text(encoding="utf-8")
    assert "第二季度的监测结果" in page
    assert_same_site(fresh_full, site)


def test_an_edit_other_bodies_pages_show_needs_their_partitions_rebuilt_and_the_assembly_says_which(
    platform: Path, parts: list[Path]
) -> None:
    changed = {**items(), "fgw/qtwj/2026-00001.md": fgw_item(标题="发展改革委关于价格监测工作的补充通知") + "正文。\n"}
    edited = make_platform(platform.parent / "retitled", changed)
    number = next(n for n, p in enumerate(parts, 1) if "fgw" in (p / partition.OUT_DIR / partition.MANIFEST).read_text(encoding="utf-8"))
    rebuilt = platform.parent / "fgw-retitled"
    build(edited, rebuilt, "--partition", f"{number}/2")
    stale = next(p for n, p in enumerate(parts, 1) if n != number)  # it lists fgw (portal, exact lookup) as before the edit
    site = platform.parent / "refused"
    done = gongkai("assemble", str(stale), str(rebuilt), "--site-dir", str(site), env=ENV)
    assert done.returncode == 2, done.stdout
    assert "「fgw」" in done.stderr and f"请用当前内容重新生成分区 {stale}" in done.stderr and "原网站保持不变" in done.stderr
    assert not site.exists()


def copied(parts: list[Path], folder: Path) -> list[Path]:
    """Copies of the partitions' outputs in `folder` (a test may damage them)."""
    copies = [folder / p.name for p in parts]
    for part, copy in zip(parts, copies, strict=True):
        shutil.copytree(part, copy)
    return copies


def test_partitions_built_on_different_dates_are_not_put_together(platform: Path, parts: list[Path], tmp_path: Path) -> None:
    copies = copied(parts, tmp_path)
    manifest = copies[1] / partition.OUT_DIR / partition.MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "today": "2026-11-25"}), encoding="utf-8")  # as a build on the next day writes it
    done = gongkai("assemble", *map(str, copies), "--site-dir", str(tmp_path / "site"), env=ENV)
    assert done.returncode == 2 and "按不同的日期生成" in done.stderr and "GONGKAI_TODAY" in done.stderr


def test_partitions_indexed_in_several_parts_each_assemble_to_the_full_build(platform: Path, full_site: Path, tmp_path: Path) -> None:
    # Each partition's pages go to Pagefind two at a time: the assembly merges 2 partitions × several parts, and the
    # merge numbers every page by the full build's order, so the site equals the full build (one Pagefind process).
    limited = tmp_path / "limited"
    shutil.copytree(platform, limited)
    limit_pages(limited, 2)
    made = [tmp_path / f"part{n}" for n in (1, 2)]
    for n, site in enumerate(made, 1):
        build(limited, site, "--partition", f"{n}/2")
    assert len(list((made[0] / partition.OUT_DIR / partition.PARTS_DIR).iterdir())) >= 2
    site = tmp_path / "assembled"
    done = gongkai("assemble", *map(str, made), "--site-dir", str(site), env=ENV)
    assert done.returncode == 0, done.stderr
    assert_same_site(full_site, site)


def test_a_damaged_or_missing_index_part_fails_the_assembly_and_leaves_the_previous_site(parts: list[Path], tmp_path: Path) -> None:
    site = tmp_path / "published"
    site.mkdir()
    (site / "index.html").write_text("旧网站", encoding="utf-8")
    copies = copied(parts, tmp_path)
    index = copies[0] / partition.OUT_DIR / partition.PARTS_DIR
    next(index.glob("0/fragment/*.pf_fragment")).write_bytes(b"x")  # a file cut short (disk full, a broken copy)
    damaged = gongkai("assemble", *map(str, copies), "--site-dir", str(site), env=ENV)
    assert damaged.returncode == 1 and "合并 Pagefind 索引失败" in damaged.stderr and "原网站保持不变" in damaged.stderr
    assert "Traceback" not in damaged.stderr
    shutil.rmtree(index)
    missing = gongkai("assemble", *map(str, copies), "--site-dir", str(site), env=ENV)
    assert missing.returncode == 2 and "没有检索索引" in missing.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text(encoding="utf-8") == "旧网站"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging or merge folder left


def test_a_scope_folder_that_is_not_a_bodys_own_bundle_stops_the_assembly_before_anything_is_written(
    parts: list[Path], tmp_path: Path
) -> None:
    copies = copied(parts, tmp_path)
    order = copies[0] / partition.OUT_DIR / partition.ORDER
    listed = json.loads(order.read_text(encoding="utf-8"))
    site = tmp_path / "site"
    for folder in (str(tmp_path / "outside" / "pagefind"), "../outside/pagefind", "fgw/../../outside/pagefind", "search", ""):
        damaged = [[*d[:3], [folder], *d[4:]] if n == 0 else d for n, d in enumerate(listed)]
        order.write_text(json.dumps(damaged, ensure_ascii=False), encoding="utf-8")
        done = gongkai("assemble", *map(str, copies), "--site-dir", str(site), env=ENV)
        assert done.returncode == 2, (folder, done.stderr)
        assert f"分区 {copies[0]} 的 {partition.OUT_DIR}/{partition.ORDER}" in done.stderr and f"「{folder}」" in done.stderr
        assert "原网站保持不变" in done.stderr and "Traceback" not in done.stderr
    order.write_text(json.dumps([d[:4] for d in listed], ensure_ascii=False), encoding="utf-8")  # rows without the date
    done = gongkai("assemble", *map(str, copies), "--site-dir", str(site), env=ENV)
    assert done.returncode == 2 and "每个页面应有 5 项" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "outside").exists() and not site.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    # Every body's own bundle stays accepted, whichever partition records a page for it (a joint item's partners).
    order.write_text(
        json.dumps([[*d[:3], ["czz/pagefind", "fgw/pagefind"], *d[4:]] if n == 0 else d for n, d in enumerate(listed)]), encoding="utf-8"
    )
    assert gongkai("assemble", *map(str, copies), "--site-dir", str(site), env=ENV).returncode == 0


def test_a_partition_file_in_a_bodys_own_bundle_folder_stops_the_assembly_as_it_stops_the_full_build(
    parts: list[Path], tmp_path: Path
) -> None:
    # content/fgw/pagefind/note.txt would be such a file: the full build stops (its merge finds fgw/pagefind/ not
    # empty); the assembly, whose merge starts before the partitions' files are put in place, stops too.
    copies = copied(parts, tmp_path)
    owner = next(
        c for c in copies if "fgw" in json.loads((c / partition.OUT_DIR / partition.MANIFEST).read_text(encoding="utf-8"))["bodies"]
    )
    (owner / "fgw" / "pagefind").mkdir(exist_ok=True)
    (owner / "fgw" / "pagefind" / "note.txt").write_text("不属于检索索引的文件", encoding="utf-8")
    site = tmp_path / "site"
    done = gongkai("assemble", *map(str, copies), "--site-dir", str(site), env=ENV)
    assert done.returncode == 2, done.stderr
    assert f"分区 {owner} 中有文件 fgw/pagefind/note.txt" in done.stderr and "原网站保持不变" in done.stderr
    assert not site.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
