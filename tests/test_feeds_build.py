"""RSS 2.0 and Atom feeds of a real build, read back with feedparser."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import Build
from directory_site import (
    PUBLISHED,
    SITE_URL,
    build_dir_site,
    find_all,
    page,
    qtwj_items,
    resolve,
)


@pytest.fixture(scope="module")
def dir_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_dir_site(tmp_path_factory)


CST = dt.timezone(dt.timedelta(hours=8))


def china_date(parsed: tuple[int, ...]) -> dt.date:
    """feedparser normalises to UTC; a 发布日期 is a day in China Standard Time."""
    return dt.datetime(*parsed[:6], tzinfo=dt.UTC).astimezone(CST).date()


def local(site_url: str, url: str) -> str:
    assert url.startswith(site_url), url
    return urlsplit(url).path[len(urlsplit(site_url).path) :]


def test_site_feeds_carry_the_newest_50_items_in_both_formats(dir_site: Build) -> None:
    site = dir_site.site
    assert PUBLISHED > 50
    parsed = {name: feedparser.parse((site / "feeds" / name).read_bytes()) for name in ("rss.xml", "atom.xml")}
    assert parsed["rss.xml"].version == "rss20" and parsed["atom.xml"].version == "atom10"
    for feed in parsed.values():
        assert not feed.bozo, feed.get("bozo_exception")
        assert len(feed.entries) == 50
        dates = [china_date(e.published_parsed) for e in feed.entries]
        assert dates == sorted(dates, reverse=True)
        assert dates[0] == dt.date(2026, 11, 2)
        for entry in feed.entries:
            target = site / local(SITE_URL, entry.link) / "index.html"
            assert target.is_file(), entry.link
        assert feed.feed.title == "示例县人民政府政府信息公开"
        assert "内部会议纪要" not in " ".join(e.title for e in feed.entries)
    rss_links = [e.link for e in parsed["rss.xml"].entries]
    atom_links = [e.link for e in parsed["atom.xml"].entries]
    assert rss_links == atom_links


def test_each_column_has_its_own_feeds_with_summaries_and_escaped_titles(dir_site: Build) -> None:
    site = dir_site.site
    qtwj = feedparser.parse((site / "qtwj/rss.xml").read_bytes())
    assert not qtwj.bozo
    assert len(qtwj.entries) == len(qtwj_items())
    assert {e.tags[0].term for e in qtwj.entries} == {"其他文件"}
    assert all(e.summary for e in qtwj.entries)
    ghxx = feedparser.parse((site / "ghxx/atom.xml").read_bytes())
    assert not ghxx.bozo
    assert [e.title for e in ghxx.entries] == ["=1+1 示例县国土空间规划<b>草案</b>"]
    group = feedparser.parse((site / "zcwj/atom.xml").read_bytes())  # a 分组 merges its sub-columns
    assert len(group.entries) == len(qtwj_items()) + 3
    empty = feedparser.parse((site / "zhidu/rss.xml").read_bytes())
    assert not empty.bozo and empty.entries == []


def test_column_pages_advertise_their_feeds(dir_site: Build) -> None:
    site = dir_site.site
    doc = page(site, "qtwj")
    alternates = {n.attrs["type"]: n.attrs["href"] for n in find_all(doc, "link", rel="alternate")}
    assert resolve(site, "qtwj", alternates["application/rss+xml"]) == site / "qtwj/rss.xml"
    assert resolve(site, "qtwj", alternates["application/atom+xml"]) == site / "qtwj/atom.xml"


def test_feeds_are_identical_when_rebuilt_without_changes(dir_site: Build, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from conftest import mkdocs_build

    project = dir_site.site.parent
    copy = tmp_path_factory.mktemp("rebuild") / "p"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    again = mkdocs_build(copy)
    assert again.ok, again.output
    for rel in ("feeds/rss.xml", "feeds/atom.xml", "qtwj/atom.xml"):
        assert (again.site / rel).read_bytes() == (dir_site.site / rel).read_bytes()
