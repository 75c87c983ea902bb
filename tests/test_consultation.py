"""意见征集: the state on the build date around the window's end (day before, day of, day after), the channels,
the link to the published 反馈 and back, and the `gongkai check` warnings at their 30-day thresholds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from build_dates import idx, project_at
from conftest import REPO, Build, gongkai, item_md, mkdocs_build
from directory_site import find, find_all, page, resolve, table_rows, text

END = dt.date(2026, 11, 24)  # the last day of the open consultation's window
CHANNELS = [{"方式": "电子邮件", "地址": "zwgk@example.gov.cn"}, {"方式": "信函", "地址": "示例县人民路1号县司法局（邮编330999）"}]


def consultation(serial: int, title: str, start: str, end: str, published: str, **extra: object) -> str:
    return item_md(
        "草案全文见附件。\n",
        标题=title,
        索引号=idx(2026, serial),
        栏目="意见征集",
        发文机关="示例县司法局",
        发布日期=published,
        征集开始=start,
        征集结束=end,
        征集渠道=CHANNELS,
        **extra,
    )


ITEMS = {
    "yjzj/open.md": consultation(1, "关于公开征求《示例县养犬管理办法（征求意见稿）》意见的公告", "2026-10-26", "2026-11-24", "2026-10-26"),
    "yjzj/answered.md": consultation(2, "征求《示例县农贸市场管理办法》意见的公告", "2026-09-01", "2026-09-30", "2026-09-01"),
    "yjzj/feedback.md": item_md(
        "共收到意见12条，采纳8条。\n",
        标题="《示例县农贸市场管理办法（征求意见稿）》公开征求意见采纳情况的说明",
        索引号=idx(2026, 3),
        栏目="意见征集",
        发文机关="示例县司法局",
        发布日期="2026-10-15",
        反馈对象=idx(2026, 2),
    ),
    "yjzj/silent.md": consultation(4, "征求《示例县停车管理办法》意见的公告", "2026-08-01", "2026-08-30", "2026-08-01"),
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    out = {}
    for name, day in (("before", END - dt.timedelta(days=1)), ("of", END), ("after", END + dt.timedelta(days=1))):
        build = mkdocs_build(project_at(tmp_path_factory.mktemp(name), day, ITEMS))
        assert build.ok, build.output
        out[name] = build
    return out


@pytest.mark.parametrize(("when", "left"), [("before", 2), ("of", 1)])
def test_consultation_is_open_through_its_last_day_with_the_channels(sites: dict[str, Build], when: str, left: int) -> None:
    doc = page(sites[when].site, "yjzj/2026-00001")
    section = find(doc, "section", class_="gk-consult gk-consult--open")
    assert text(find(section, "h2")) == "意见征集：征集中"
    assert "2026年10月26日至2026年11月24日（共30天）" in text(section)
    assert f"距征集结束还有{left}天" in text(section)
    links = [a.attrs["href"] for a in find_all(section, "a")]
    assert links == ["mailto:zwgk@example.gov.cn"]
    assert "信函：示例县人民路1号县司法局（邮编330999）" in text(section)
    rows = table_rows(page(sites[when].site, "yjzj"))
    assert any("（征集中）" in text(r[1]) for r in rows)


def test_the_day_after_its_window_the_consultation_shows_closed_without_channels(sites: dict[str, Build]) -> None:
    doc = page(sites["after"].site, "yjzj/2026-00001")
    section = find(doc, "section", class_="gk-consult gk-consult--closed")
    assert text(find(section, "h2")) == "意见征集：已结束"
    assert "征集已结束" in text(section) and "意见采纳情况反馈尚未发布" in text(section)
    assert find_all(section, "a") == []
    assert not any("（征集中）" in text(r[1]) for r in table_rows(page(sites["after"].site, "yjzj")))


def test_closed_consultation_links_its_feedback_and_the_feedback_links_back(sites: dict[str, Build]) -> None:
    site = sites["of"].site
    section = find(page(site, "yjzj/2026-00002"), "section", class_="gk-consult gk-consult--closed")
    link = find(section, "a")
    assert resolve(site, "yjzj/2026-00002", link.attrs["href"]) == site / "yjzj/2026-00003/index.html"
    assert "2026年10月15日发布" in text(section)
    back = find(page(site, "yjzj/2026-00003"), "p", class_="gk-consult-of")
    assert resolve(site, "yjzj/2026-00003", find(back, "a").attrs["href"]) == site / "yjzj/2026-00002/index.html"


def test_feedback_naming_no_consultation_stops_the_build(tmp_path: Path) -> None:
    items = {**ITEMS, "yjzj/feedback.md": ITEMS["yjzj/feedback.md"].replace(idx(2026, 2), idx(2026, 9))}
    build = mkdocs_build(project_at(tmp_path, END, items))
    assert not build.ok
    assert "content/yjzj/feedback.md" in build.output and f"反馈对象「{idx(2026, 9)}」不存在" in build.output


def _rules(project: Path, today: dt.date, rule: str) -> list[str]:
    proc = gongkai("check", "--root", str(project), "--today", today.isoformat(), "--format", "json")
    return sorted(f["file"] for f in json.loads(proc.stdout) if f["rule"] == rule)


def test_check_warns_about_a_window_shorter_than_30_days(tmp_path: Path) -> None:
    items = {
        "yjzj/a.md": consultation(1, "征集意见甲", "2026-11-01", "2026-11-30", "2026-11-01"),  # 30 days
        "yjzj/b.md": consultation(2, "征集意见乙", "2026-11-01", "2026-11-29", "2026-11-01"),  # 29 days
    }
    project = project_at(tmp_path, END, items)
    assert _rules(project, END, "consultation-short") == ["content/yjzj/b.md"]


def test_check_warns_when_feedback_is_more_than_30_days_late(tmp_path: Path) -> None:
    project = project_at(tmp_path, END, ITEMS)
    # silent.md closed 2026-08-30: 30 days later is still in time, 31 days later it is overdue
    assert _rules(project, dt.date(2026, 9, 29), "consultation-feedback-missing") == []
    assert _rules(project, dt.date(2026, 9, 30), "consultation-feedback-missing") == ["content/yjzj/silent.md"]
    # the answered one never warns, however late
    assert _rules(project, dt.date(2026, 11, 24), "consultation-feedback-missing") == ["content/yjzj/silent.md"]


def test_pages_workflow_rebuilds_daily_so_date_dependent_states_stay_true() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["schedule"] == [{"cron": "10 16 * * *"}]  # 00:10 Beijing time, every day
    assert "main" in triggers["push"]["branches"]
