"""sitemap.xml of a real build: every built page, each with the date its content last changed."""

from __future__ import annotations

import datetime as dt
import gzip
from xml.etree import ElementTree as ET

import pytest
from conftest import Build
from directory_site import (
    SITE_URL,
    build_dir_site,
    idx,
)
from gongkai.provenance import Change, ItemHistory
from gongkai.views.sitemap import latest_change

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def dir_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_dir_site(tmp_path_factory)


def entries(data: bytes) -> dict[str, str | None]:
    root = ET.fromstring(data)
    out = {}
    for url in root.findall("sm:url", NS):
        lastmod = url.find("sm:lastmod", NS)
        out[url.find("sm:loc", NS).text] = lastmod.text if lastmod is not None else None  # type: ignore[union-attr]
    return out


def test_sitemap_lists_every_built_page_exactly_once(dir_site: Build) -> None:
    site = dir_site.site
    listed = entries((site / "sitemap.xml").read_bytes())
    built = set()
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        assert rel.endswith("index.html"), rel
        built.add(SITE_URL + rel[: -len("index.html")])
    assert set(listed) == built
    assert entries(gzip.decompress((site / "sitemap.xml.gz").read_bytes())) == listed


def test_sitemap_lastmod_is_the_content_date_not_the_build_date(dir_site: Build) -> None:
    listed = entries((dir_site.site / "sitemap.xml").read_bytes())
    assert listed[SITE_URL + "gfxwj/2023-00001/"] == "2023-02-10"  # an item: its 发布日期
    assert listed[SITE_URL + "qtwj/"] == "2025-10-31"  # a listing: its newest item
    assert listed[SITE_URL + "gfxwj/archive/"] == "2025-06-01"  # an archive: its latest status change
    assert listed[SITE_URL + "mulu/"] == "2026-11-02"
    assert SITE_URL + "zhidu/" in listed and listed[SITE_URL + "zhidu/"] is None  # nothing published: no invented date
    assert "2026-11-24" not in listed.values()  # the build date (GONGKAI_TODAY) appears nowhere
    assert idx(2026, 6) not in str(listed)


def test_an_items_lastmod_follows_its_change_history_when_there_is_one() -> None:
    published = dt.date(2024, 3, 8)
    history = ItemHistory(first_published=published, last_updated=dt.date(2025, 1, 2), changes=(Change(dt.date(2025, 1, 2), "更正附件"),))
    assert latest_change(published) == published
    assert latest_change(published, None) == published
    assert latest_change(published, history) == dt.date(2025, 1, 2)
    assert latest_change(dt.date(2025, 6, 1), history) == dt.date(2025, 6, 1)
