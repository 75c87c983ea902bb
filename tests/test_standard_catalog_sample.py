"""The fixture county (tests/fixtures/county) as the subject: its 标准目录 pages for the four shipped domains link the
sample items filed under them, and its home shows the newest entries and each 一级 column's date
(年报 published as data files included). Expected values come from the loaded model, not constants.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import TODAY
from gongkai import loader
from gongkai.views import home


def test_sample_standard_catalog_pages_link_the_filed_items(sample_project: Path, sample_site: Path) -> None:
    model = loader.load(sample_project, today=dt.date.fromisoformat(TODAY)).model
    assert model is not None
    catalog = model.standard
    filed = [m for m in catalog.by_key.values() if m.items]
    assert len({i.src_uri for m in filed for i in m.items}) >= 8
    for domain in catalog.selected:
        html = (sample_site / domain.url / "index.html").read_text(encoding="utf-8")
        counts = [int(n) for n in re.findall(r"相关信息 (\d+) 条</a>", html)]
        assert counts == [m.count for m in domain.matters if m.count]
        for m in domain.matters:
            if m.items:
                listing = (sample_site / m.url / "index.html").read_text(encoding="utf-8")
                assert all(f'href="../../../{i.url}"' in listing for i in m.items[:20])


def test_sample_home_shows_latest_entries_and_root_dates(sample_project: Path, sample_site: Path) -> None:
    model = loader.load(sample_project, today=dt.date.fromisoformat(TODAY)).model
    assert model is not None
    expected = home.build(model, reports=True)
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    latest = html[html.index("gk-home-latest__list") :]
    hrefs = re.findall(r'<li><a href="\./([^"]+)">', latest)[:10]
    assert hrefs == [e.url for e in expected.latest]
    roots = html[html.index("gk-home-roots") : html.index("gk-home-latest")]
    dates = re.findall(r'<time datetime="([0-9-]+)">', roots)
    assert dates[1:] == [r.updated.isoformat() for r in expected.roots[1:] if r.updated]
    nianbao = next(r for r in expected.roots if r.column.kind == "年报")
    newest_report = max(r.published for r in model.reports if r.published and r.own_body)
    assert nianbao.updated is not None and nianbao.updated >= newest_report
