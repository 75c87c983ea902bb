"""Identical inputs give identical output bytes: the same files built twice, in two project folders, with
every plugin of mkdocs.yml (real MkDocs, real extended Pagefind), give the same site file for file, byte
for byte; so a deploy of an unchanged site transfers nothing (issue #19)."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project, mkdocs_build, tree
from search_site import item_files


def test_the_same_input_builds_a_byte_identical_site_twice(tmp_path: Path) -> None:
    sites = []
    for name in ("first", "second-folder"):  # another path too: no build path may leak into the output
        result = mkdocs_build(make_project(tmp_path / name, item_files()))
        assert result.ok, result.output
        sites.append(tree(result.site))
    first, second = sites
    filters = [path for path in first if path.startswith("pagefind/filter/")]
    assert len(filters) == 5  # Pagefind's filter files, which it names by a hash over a HashMap's order
    assert any(path.startswith("pagefind/fragment/") for path in first) and "sitemap.xml" in first
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
