"""有效期 and the 行政规范性文件库: states computed from the dates at the build date, around the boundaries.

Real `mkdocs build`s of one small project at three build dates (the day before, the day of and the day after
the last valid day, 2026-11-24), the library's lists and CSV, the 年报 Part 2 counts from the same states,
the `gongkai check` reminder at its 90-day threshold and the 登记编号 pattern.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import build_dates
import pytest
import yaml
from build_dates import idx
from conftest import Build, gongkai, item_md, mkdocs_build
from directory_site import find, find_all, page, resolve, table_rows, text, walk
from gongkai import loader
from gongkai.report import derive_part2
from test_html_validity_links import broken_links

LAST_DAY = dt.date(2026, 11, 24)  # the last valid day of both lapsing documents


def doc(serial: int, title: str, validity: dict[str, object], **extra: object) -> str:
    fields: dict[str, object] = {
        "标题": title,
        "索引号": idx(2024, serial),
        "栏目": "行政规范性文件",
        "发文机关": "示例县人民政府",
        "发文字号": f"示府规〔2024〕{serial}号",
        "成文日期": "2024-11-20",
        "发布日期": "2024-11-22",
        "有效性": validity,
        **extra,
    }
    return item_md("正文。\n", **fields)


ITEMS = {
    "gfxwj/until.md": doc(1, "示例县农村公路养护管理办法", {"状态": "有效", "施行日期": "2024-11-25", "有效期至": "2026-11-24"}),
    "gfxwj/trial.md": doc(
        2, "示例县家庭农场认定暂行办法", {"状态": "有效", "施行日期": "2024-11-25", "有效期年限": 2, "试行": "暂行"}, 登记编号="SXGS—2024—2"
    ),
    "gfxwj/old.md": doc(
        3,
        "示例县城乡低保办法",
        {"状态": "已废止", "日期": "2025-06-01", "替代文件": idx(2024, 4), "说明": "被新办法废止"},
        发文机关="示例县民政局",
    ),
    "gfxwj/new.md": doc(4, "示例县城乡低保实施办法", {"状态": "有效"}, 发文机关="示例县民政局"),
}


def project_at(tmp: Path, day: dt.date, items: dict[str, str] | None = None) -> Path:
    return build_dates.project_at(tmp, day, items if items is not None else ITEMS)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    out = {}
    for name, day in (("before", LAST_DAY - dt.timedelta(days=1)), ("of", LAST_DAY), ("after", LAST_DAY + dt.timedelta(days=1))):
        build = mkdocs_build(project_at(tmp_path_factory.mktemp(name), day))
        assert build.ok, build.output
        out[name] = build
    return out


def titles(site: Path, url: str) -> list[str]:
    doc = page(site, url)
    tables = [n for n in find_all(doc, "table") if "gk-lib" in n.attrs.get("class", "").split()]
    return [text(find(r[0], "a")) for r in table_rows(doc, "gk-lib")] if tables else []


@pytest.mark.parametrize("when", ["before", "of"])
def test_a_document_is_current_through_the_last_day_of_its_term(sites: dict[str, Build], when: str) -> None:
    site = sites[when].site
    current = titles(site, "wjk/xxyx")
    assert "示例县农村公路养护管理办法" in current and "示例县家庭农场认定暂行办法" in current
    assert titles(site, "wjk/ysx") == []
    card = text(find(page(site, "gfxwj/2024-00001"), "table", class_="gk-infocard"))
    assert "有效性有效有效期至2026年11月24日" in card
    trial = text(find(page(site, "gfxwj/2024-00002"), "table", class_="gk-infocard"))
    assert "暂行2年，至2026年11月24日" in trial and "登记编号SXGS—2024—2" in trial
    assert sum("养护" in text(r[1]) for r in table_rows(page(site, "gfxwj"))) == 1  # the column lists it as current


def test_the_day_after_its_term_a_document_is_shown_and_listed_as_lapsed(sites: dict[str, Build]) -> None:
    site = sites["after"].site
    assert sorted(titles(site, "wjk/ysx")) == ["示例县农村公路养护管理办法", "示例县家庭农场认定暂行办法"]
    assert titles(site, "wjk/xxyx") == ["示例县城乡低保实施办法"]
    rows = {text(find(r[0], "a")): r for r in table_rows(page(site, "wjk/ysx"), "gk-lib")}
    lapsed = rows["示例县农村公路养护管理办法"]
    assert text(lapsed[3]) == "已失效"
    assert find(lapsed[4], "time").attrs["datetime"] == "2026-11-25"
    assert text(lapsed[5]) == "有效期届满（有效期至2026年11月24日）"
    banner = text(find(page(site, "gfxwj/2024-00002"), "div", role="note"))
    assert "本文件已失效（2026年11月25日起）：有效期届满（暂行，有效期" not in banner  # the trial states years
    assert "本文件已失效（2026年11月25日起）：有效期届满（暂行2年，至2026年11月24日）" in banner
    # the column's own listing follows the same state: current documents only, the lapsed ones in its archive
    listed = [text(r[1]) for r in table_rows(page(site, "gfxwj"))]
    assert not any("养护" in t for t in listed)
    archived = [text(r[1]) for r in table_rows(page(site, "gfxwj/archive"))]
    assert any("养护" in t for t in archived)


def test_repealed_list_shows_date_reason_and_successor(sites: dict[str, Build]) -> None:
    site = sites["of"].site
    rows = table_rows(page(site, "wjk/yfz"), "gk-lib")
    assert [text(find(r[0], "a")) for r in rows] == ["示例县城乡低保办法"]
    assert find(rows[0][4], "time").attrs["datetime"] == "2025-06-01"
    assert text(rows[0][5]) == "被新办法废止"
    succ = find(rows[0][6], "a")
    assert resolve(site, "wjk/yfz", succ.attrs["href"]) == site / "gfxwj/2024-00004/index.html"


def test_library_filters_by_year_and_issuer_and_its_search_form_is_scoped(sites: dict[str, Build]) -> None:
    site = sites["of"].site
    lib = page(site, "wjk")
    assert len(titles(site, "wjk")) == 4
    ways = find(lib, "nav", class_="gk-dir-ways")
    links = {text(a): a.attrs["href"] for a in find_all(ways, "a")}
    assert "2024年（4）" in links
    issuer = next(href for label, href in links.items() if label.startswith("示例县民政局"))
    issuer_url = str(resolve(site, "wjk", issuer).parent.relative_to(site))
    assert sorted(titles(site, issuer_url)) == ["示例县城乡低保办法", "示例县城乡低保实施办法"]
    form = find(lib, "form", class_="gk-lib-search")
    assert (site / "wjk" / form.attrs["action"]).resolve() == (site / "search").resolve()  # the gongkai-search page
    hidden = [i.attrs["value"] for i in find_all(form, "input") if i.attrs.get("type") == "hidden"]
    assert hidden == ["行政规范性文件"]  # a county has no 规章 column (设区的市级 only)
    names = {s.attrs["name"] for s in find_all(form, "select")}
    assert names == {"有效性", "发文机关"}


@pytest.mark.parametrize(("when", "expected"), [("of", 3), ("after", 1)])
def test_current_directory_csv_follows_the_build_date(sites: dict[str, Build], when: str, expected: int) -> None:
    raw = (sites[when].site / "wjk/xxyx.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["序号", "标题", "发文字号", "登记编号"]
    assert len(rows) - 1 == expected
    if when == "of":
        trial = next(r for r in rows if r[1] == "示例县家庭农场认定暂行办法")
        assert trial[3] == "SXGS—2024—2" and trial[7] == "暂行2年，至2026年11月24日" and trial[8] == "有效"


def test_annual_report_part2_counts_use_the_computed_states(tmp_path: Path) -> None:
    project = project_at(tmp_path, LAST_DAY)
    for today, repealed, current in ((LAST_DAY, 0, 3), (LAST_DAY + dt.timedelta(days=1), 2, 1)):  # 2025 repeal not in 2026
        loaded = loader.load(project, today=today)
        model = loaded.model
        assert not loaded.errors and model is not None, [f.format() for f in loaded.errors]
        counts = derive_part2(model, {2026})[2026]["行政规范性文件"]
        assert (counts.repealed, counts.current) == (repealed, current), today


def _check(project: Path, today: dt.date) -> list[dict[str, object]]:
    proc = gongkai("check", "--root", str(project), "--today", today.isoformat(), "--format", "json")
    return [f for f in json.loads(proc.stdout) if f["rule"] == "validity-expiring"]


def test_check_warns_from_90_days_before_the_term_ends(tmp_path: Path) -> None:
    project = project_at(tmp_path, LAST_DAY)
    at_threshold = _check(project, LAST_DAY - dt.timedelta(days=90))
    assert sorted(f["file"] for f in at_threshold) == ["content/gfxwj/trial.md", "content/gfxwj/until.md"]
    assert all(f["severity"] == "warning" and "还有90天" in f["message"] for f in at_threshold)
    assert _check(project, LAST_DAY - dt.timedelta(days=91)) == []
    assert _check(project, LAST_DAY + dt.timedelta(days=1)) == []  # lapsed: shown as 已失效, nothing to remind
    scoring = project / "catalog_schema/scoring.yml"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("天数: 90", "天数: 120"), encoding="utf-8")
    assert len(_check(project, LAST_DAY - dt.timedelta(days=120))) == 2


def test_registration_number_must_match_the_province_pattern(tmp_path: Path) -> None:
    items = dict(ITEMS)
    items["gfxwj/trial.md"] = items["gfxwj/trial.md"].replace("SXGS—2024—2", "SXGS-2024-02")
    project = project_at(tmp_path, LAST_DAY, items)
    body = project / "site_config/body.yml"
    raw = yaml.safe_load(body.read_text(encoding="utf-8"))
    raw["规范性文件登记编号"] = {"格式": "^[A-Z]{2,8}—\\d{4}—[1-9]\\d*$", "示例": "SXGS—2024—2"}
    body.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build = mkdocs_build(project)
    assert not build.ok
    assert "content/gfxwj/trial.md" in build.output and "登记编号「SXGS-2024-02」不符合本省的统一编号格式" in build.output
    assert "例如 SXGS—2024—2" in build.output


def test_a_term_in_years_needs_an_effective_date(tmp_path: Path) -> None:
    items = {"gfxwj/x.md": doc(1, "示例县某暂行办法", {"状态": "有效", "有效期年限": 2})}
    build = mkdocs_build(project_at(tmp_path, LAST_DAY, items))
    assert not build.ok
    assert "content/gfxwj/x.md" in build.output and "写了有效期年限，但没有写施行日期" in build.output


YEAR_ITEMS = {
    "gfxwj/y25.md": doc(
        5,
        "示例县政务数据共享管理办法",
        {"状态": "有效"},
        索引号=idx(2025, 1),
        发文字号="示府规〔2025〕1号",
        成文日期="2025-02-10",
        发布日期="2025-02-12",
    ),
    "gfxwj/y24a.md": doc(6, "示例县公共资源交易管理办法", {"状态": "有效"}),
    "gfxwj/y24b.md": doc(
        7, "示例县社会救助家庭经济状况核对办法", {"状态": "有效"}, 发文机关="示例县民政局", 成文日期="2024-05-06", 发布日期="2024-05-08"
    ),
}
"""Three documents of two years (by 成文日期): one library page at 20 a page, two at 2 a page."""


@pytest.fixture(scope="module")
def year_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = {}
    for size in (20, 2):
        project = project_at(tmp_path_factory.mktemp(f"years{size}"), LAST_DAY, YEAR_ITEMS)
        cfg = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        cfg["plugins"] = [{"gongkai-directory": {"page_size": size}} if p == "gongkai-directory" else p for p in cfg["plugins"]]
        (project / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        build = mkdocs_build(project)
        assert build.ok, build.output
        out[size] = build.site
    return out


def _year_links(site: Path, url: str) -> list[tuple[str, str]]:
    ways = find(page(site, url), "nav", class_="gk-dir-ways")
    return [(a.attrs["href"], text(a)) for a in find_all(ways, "a") if "年（" in text(a)]


def _unbuilt_links(site: Path) -> list[str]:
    """Every local link and #fragment of the build that does not resolve (leaving out the pages of plugins this build
    leaves out: the search page and the 指南's pages)."""
    others = ("search/index.html", "zhinan/index.html", "ysqgk/index.html", "nianbao/index.html")
    return [p for p in broken_links(site) if not p.endswith(others)]


def test_a_library_on_one_page_groups_its_documents_by_year_and_has_no_year_pages(year_sites: dict[int, Path]) -> None:
    site = year_sites[20]
    assert not (site / "wjk/2025").exists() and not (site / "wjk/2024").exists()
    doc = page(site, "wjk")
    headings = [n for n in walk(doc) if n.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    assert [(n.tag, n.attrs.get("id"), text(n)) for n in headings] == [  # one level below the title, in page order
        ("h1", None, "行政规范性文件库"),
        ("h2", "gk-lib-search-h", "在文件库中检索"),
        ("h2", "y2025", "2025年（1 件）"),
        ("h2", "y2024", "2024年（2 件）"),
    ]
    tables = [t for t in find_all(doc, "table") if "gk-lib" in t.attrs.get("class", "").split()]
    assert [text(find(t, "caption")) for t in tables] == ["行政规范性文件库 · 2025年", "行政规范性文件库 · 2024年"]
    assert [[text(find(tr, "a")) for tr in find_all(find(t, "tbody"), "tr")] for t in tables] == [
        ["示例县政务数据共享管理办法"],
        ["示例县公共资源交易管理办法", "示例县社会救助家庭经济状况核对办法"],
    ]
    assert not find_all(doc, "nav", class_="gk-pager")
    assert _year_links(site, "wjk") == [("#y2025", "2025年（1）"), ("#y2024", "2024年（2）")]
    # The library's other pages (a state, a 发文机关) link the years to the groups on `wjk/`.
    issuer = next(a.attrs["href"] for a in find_all(find(doc, "nav", class_="gk-dir-ways"), "a") if text(a).startswith("示例县民政局"))
    issuer_url = str(resolve(site, "wjk", issuer).parent.relative_to(site))
    for url in ("wjk/xxyx", issuer_url):
        hrefs = [href for href, _ in _year_links(site, url)]
        assert [h.split("#")[1] for h in hrefs] == ["y2025", "y2024"], url
        assert all(resolve(site, url, h.split("#")[0]) == site / "wjk/index.html" for h in hrefs), hrefs
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/wjk/</loc>" in sitemap and "/wjk/2024/" not in sitemap and "/wjk/2025/" not in sitemap
    assert _unbuilt_links(site) == []


def test_a_library_on_more_than_one_page_keeps_its_year_pages(year_sites: dict[int, Path]) -> None:
    site = year_sites[2]
    assert (site / "wjk/page/2/index.html").is_file()
    assert not [n for n in walk(page(site, "wjk")) if n.attrs.get("class") == "gk-dir-year"]
    links = _year_links(site, "wjk")
    assert [label for _, label in links] == ["2025年（1）", "2024年（2）"]
    assert [resolve(site, "wjk", href) for href, _ in links] == [site / "wjk/2025/index.html", site / "wjk/2024/index.html"]
    assert titles(site, "wjk/2024") == ["示例县公共资源交易管理办法", "示例县社会救助家庭经济状况核对办法"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/wjk/2024/</loc>" in sitemap and "/wjk/2025/</loc>" in sitemap
    assert _unbuilt_links(site) == []
