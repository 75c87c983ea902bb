"""RSS 2.0 and Atom feeds of a real build, read back with feedparser."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import CODE, TODAY, Build, item_md, make_project
from directory_site import (
    PUBLISHED,
    SITE_URL,
    build_dir_site,
    find_all,
    page,
    qtwj_items,
    resolve,
)
from feedgen.feed import FeedGenerator
from gongkai import loader
from gongkai.views import feeds
from gongkai.views.summary import summary
from lxml import etree


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


def _feedgen_reference(spec: feeds.FeedSpec, site_url: str, author: str, fallback: dt.date, path: str) -> dict[str, bytes]:
    """The feed pair as feedgen writes it when it describes and builds every entry itself (the code before each
    item's entry was built once per build): what `feeds.write_feeds` must still write byte for byte."""
    fg = FeedGenerator()
    page_url = site_url + spec.page_url
    fg.id(page_url)
    fg.title(feeds.clean(spec.title))
    fg.description(feeds.clean(spec.description) or feeds.clean(spec.title))
    fg.subtitle(feeds.clean(spec.description) or feeds.clean(spec.title))
    fg.link(href=page_url, rel="alternate")
    fg.link(href=site_url + path + "rss.xml", rel="self")
    fg.language(feeds.LANGUAGE)
    fg.author({"name": feeds.clean(author)})
    newest = max((i.published for i in spec.items), default=fallback)
    fg.updated(feeds.as_datetime(newest))
    fg.lastBuildDate(feeds.as_datetime(newest))
    for item in spec.items:
        url = site_url + item.url
        fe = fg.add_entry(order="append")
        fe.guid(url, permalink=True)
        fe.title(feeds.clean(item.title))
        fe.link(href=url, rel="alternate")
        text = feeds.clean(summary(item))
        if text:
            fe.summary(text)
        fe.published(feeds.as_datetime(item.published))
        fe.updated(feeds.as_datetime(item.published))
        fe.category(term=feeds.clean(item.column.name))
        fe.author({"name": feeds.clean(item.issuer_text)})
    out = {"rss.xml": fg.rss_str(pretty=True)}
    links = fg.link()
    fg.link([dict(link, href=site_url + path + "atom.xml") if link.get("rel") == "self" else link for link in links], replace=True)
    out["atom.xml"] = fg.atom_str(pretty=True)
    return out


def test_feed_bytes_are_feedgens_own_with_markup_characters_line_breaks_and_a_missing_issuer(tmp_path: Path) -> None:
    """Each item's entry is built once per build (gongkai.views.feeds); the files are the ones feedgen writes."""
    tricky = {
        "qtwj/a.md": item_md(
            "正文第一段：A & B <c> \"d\" 'e'。\n\n第二段。\n",
            标题="关于“甲 & 乙”<丙>事项的\"通知\"'试行'",
            索引号=f"{CODE}/2024-00001",
            内容概述='第一行\n第二行\t制表 & <b>粗</b> "引号"\r回车',
        ),
        "qtwj/b.md": item_md("只有正文 & 摘要 <x>。\n", 标题="没有内容概述的通知", 索引号=f"{CODE}/2024-00002", 发布日期="2024-03-09"),
        "qtwj/c.md": item_md("正文。\n", 标题="第三条", 索引号=f"{CODE}/2024-00003", 发布日期="2024-03-10", 发文机关="示例县财政局"),
        "qtwj/d.md": item_md("", 标题="只有附件的通知", 索引号=f"{CODE}/2024-00004", 发布日期="2024-03-11"),  # no summary at all
    }
    root = make_project(tmp_path / "p", items=tricky)
    model = loader.load(root, today=dt.date.fromisoformat(TODAY), workers=1).platform.bodies[0]
    items = sorted(model.items, key=lambda i: i.sort_key)
    column = items[0].column
    specs = [
        feeds.FeedSpec("feeds/", "示例县 & <全站>", '描述 "一"', "mulu/", items),
        feeds.FeedSpec(column.url, f"示例县 · {column.name}", "", column.url, items[1:]),  # shares two items' entries
        feeds.FeedSpec("kong/", "空栏目", "没有信息", "kong/", []),
    ]
    site = tmp_path / "site"
    written = feeds.write_feeds(site, SITE_URL, specs, author="示例县人民政府", fallback=dt.date(2026, 1, 1))
    assert len(written) == 6
    for spec in specs:
        for name, expected in _feedgen_reference(spec, SITE_URL, "示例县人民政府", dt.date(2026, 1, 1), spec.path).items():
            assert (site / spec.path / name).read_bytes() == expected, spec.path + name
    rss = (site / "feeds/rss.xml").read_text(encoding="utf-8")
    assert "&amp; &lt;b&gt;粗&lt;/b&gt;" in rss and "第一行\n第二行\t制表" in rss  # the text as written, escaped by lxml
    assert not feedparser.parse((site / "feeds/atom.xml").read_bytes()).bozo
    entry = rss[rss.index("只有附件的通知") :]
    assert "<description>" not in entry[: entry.index("</item>")]  # an item without any summary: no description


def test_entry_text_is_escaped_as_lxml_escapes_text_and_attributes() -> None:
    """Each entry is written as text (gongkai.views.feeds._esc, _attr): for every kind of character a cleaned field can
    hold (markup, quotes, line feed, carriage return, tab, CJK, astral, private use, non-breaking and zero-width
    spaces), the escaping is the one lxml's serialiser, which feedgen uses, applies to an element's text and attribute."""
    pool = [chr(c) for c in range(0x20, 0x7F)] + list("\n\r\t中文（）〔〕é\u00a0\u2028\u200b\ufeff\ue000\U0001f600\U0010fffd")
    rng = random.Random(18)
    for _ in range(5000):
        value = "".join(rng.choice(pool) for _ in range(rng.randint(1, 24)))
        element = etree.Element("a", b=value)
        element.text = value
        expected = etree.tostring(element, encoding="UTF-8").decode()
        assert f'<a b="{feeds._attr(value)}">{feeds._esc(value)}</a>' == expected, repr(value)
