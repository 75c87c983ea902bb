"""The staff dashboard (`gongkai-dashboard`): a real `mkdocs build --strict` of a small project, output parsed.

The page shows the completeness table, the 19号 threshold lines and the check-only findings without
failing the strict build; it is noindex, absent from the sitemap and not linked from any public page.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html.parser
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from check_helpers import TODAY, Leaf, dated_item, project
from conftest import mkdocs_build
from gongkai.mkdocs_plugins import dashboard

SITE_URL = "https://www.example.gov.cn/xxgk/"
COLUMNS = [Leaf("工作动态", "gzdt", "2周", "动态"), Leaf("通知公告", "tzgg", "6个月", "政策")] + [
    Leaf(f"空栏目{i}", f"k{i}", "1年") for i in range(5)
]


class Page(html.parser.HTMLParser):
    """Collects what a reader and a crawler see: meta robots, links, headings, table cells by table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.robots: list[str] = []
        self.hrefs: list[str] = []
        self.headings: list[str] = []
        self.tables: list[list[list[tuple[str, str, str]]]] = []  # table -> row -> (tag, scope, text)
        self._cell: tuple[str, str] | None = None
        self._text: list[str] = []
        self._heading = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "robots":
            self.robots.append(a.get("content") or "")
        elif tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        elif tag in ("h1", "h2"):
            self._heading, self._text = True, []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell, self._text = (tag, a.get("scope") or ""), []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2") and self._heading:
            self.headings.append("".join(self._text).strip())
            self._heading = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append((*self._cell, " ".join("".join(self._text).split())))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def configure(root: Path, plugins: list[object]) -> None:
    cfg_path = root / "mkdocs.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["plugins"] = plugins
    cfg["nav"] = [{"首页": "index.md"}]
    cfg["site_url"] = SITE_URL
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build_project(tmp_path: Path, plugins: list[object]) -> Path:
    items = {
        "gzdt/a.md": dated_item("工作动态", TODAY - dt.timedelta(days=3)),
        "tzgg/a.md": dated_item("通知公告", dt.date(2026, 1, 5), "见[站外<i>链接</i>](https://example.org/?q=<i>x</i>)。\n"),
    }
    root = project(tmp_path, COLUMNS, items)
    configure(root, plugins)
    result = mkdocs_build(root)
    assert result.ok, result.output
    assert "WARNING" not in result.output  # check-only findings are shown on the page, never logged
    return result.site


def test_dashboard_shows_the_completeness_table_thresholds_and_findings(tmp_path: Path) -> None:
    site = build_project(tmp_path, ["gongkai", "gongkai-dashboard"])
    page = parse(site / "staff" / "dashboard" / "index.html")
    assert page.headings[:4] == ["内容检查看板", "单项否决指标", "栏目完整性", "问题清单"]
    columns, findings = page.tables[:2]  # then the 标准目录 事项 table (test_standard_freshness.py)
    assert [(tag, scope) for tag, scope, _ in columns[0]] == [("th", "col")] * 6
    rows = {r[0][2]: [c[2] for c in r[1:]] for r in columns[1:]}
    assert rows["法定主动公开内容 › 工作动态"] == ["2周", "动态", "1", "2026年11月21日", "正常"]
    assert rows["法定主动公开内容 › 通知公告"] == ["6个月", "政策", "1", "2026年1月5日", "超期"]
    assert rows["法定主动公开内容 › 空栏目4"][-1] == "空栏目"
    assert all(r[0][:2] == ("th", "row") for r in columns[1:])
    text = "".join(page.text)
    assert "空白栏目 5 个（标准：≥5 个）：已达单项否决标准" in text
    assert "动态政策栏目不更新 1 个（标准：≥5 个）：未达单项否决标准" in text
    rules = [r[3][2] for r in findings[1:]]
    assert "completeness-stale" in rules and "completeness-empty" in rules and "link-external" in rules
    assert rules.index("completeness-empty") < rules.index("link-external")  # warnings before info


def test_dashboard_escapes_staff_text(tmp_path: Path) -> None:
    site = build_project(tmp_path, ["gongkai", "gongkai-dashboard"])
    raw = (site / "staff" / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert "https://example.org/?q=&lt;i&gt;x&lt;/i&gt;" in raw
    assert "?q=<i>x</i>" not in raw


@pytest.mark.parametrize("sitemap_by", ["mkdocs", "gongkai-directory"])
def test_dashboard_is_private_noindex_unlinked_and_not_in_any_sitemap(tmp_path: Path, sitemap_by: str) -> None:
    middle = [] if sitemap_by == "mkdocs" else [sitemap_by]  # the directory plugin writes its own sitemap with lastmod
    site = build_project(tmp_path, ["gongkai", *middle, {"gongkai-dashboard": {"path": "neibu/jiancha/"}}])
    dash = site / "neibu" / "jiancha" / "index.html"
    assert parse(dash).robots == ["noindex, nofollow"]
    assert not (site / "staff").exists()
    for html_file in site.rglob("*.html"):
        if html_file != dash:
            assert not [h for h in parse(html_file).hrefs if "jiancha" in h], html_file
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text or "" for e in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    item_url = SITE_URL + next(site.glob("gzdt/*/index.html")).parent.relative_to(site).as_posix() + "/"
    assert SITE_URL in locs and item_url in locs  # pages outside the nav are listed: the dashboard had to be removed
    assert not [loc for loc in locs if "jiancha" in loc]
    packed = gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    assert "<urlset" in packed and "jiancha" not in packed


@pytest.mark.parametrize("scan_bytes", [5, 7, 13, 1 << 20])
def test_dashboard_entry_is_found_wherever_the_sitemap_is_cut_for_scanning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scan_bytes: int
) -> None:
    """The sitemap is scanned piece by piece before it is read whole: an entry across two pieces is still removed,
    and a sitemap without it is left as it was."""
    monkeypatch.setattr(dashboard, "_SCAN_BYTES", scan_bytes)
    rows = [f"<url><loc>{SITE_URL}gzdt/{n}/</loc></url>" for n in range(9)]
    rows.insert(4, f"<url><loc>{SITE_URL}staff/dashboard/</loc></url>")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset>\n' + "\n".join(rows) + "\n</urlset>\n"
    with_it, without = tmp_path / "with", tmp_path / "without"
    for folder, content in ((with_it, text), (without, text.replace("staff/dashboard/", "gzdt/x/"))):
        folder.mkdir()
        (folder / "sitemap.xml").write_text(content, encoding="utf-8")
        (folder / "sitemap.xml.gz").write_bytes(gzip.compress(content.encode("utf-8"), mtime=0))
    before = {p.name: p.read_bytes() for p in without.iterdir()}
    dashboard.drop_from_sitemap(with_it, "staff/dashboard/")
    dashboard.drop_from_sitemap(without, "staff/dashboard/")
    packed = gzip.decompress((with_it / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    for cleaned in ((with_it / "sitemap.xml").read_text(encoding="utf-8"), packed):
        assert "dashboard" not in cleaned and cleaned.count("<url>") == 9
    assert {p.name: p.read_bytes() for p in without.iterdir()} == before


def test_dashboard_path_must_stay_inside_the_site(tmp_path: Path) -> None:
    root = project(tmp_path, COLUMNS, {})
    configure(root, ["gongkai", {"gongkai-dashboard": {"path": "../outside/"}}])
    result = mkdocs_build(root)
    assert not result.ok and "path「../outside/」应为站点内的目录路径" in result.output
    assert "Traceback" not in result.output
