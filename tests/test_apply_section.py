"""The 依申请公开 section (ysqgk/): steps with the legal time limits, the DOCX/PDF downloads and the printable form,
the 受理机构 and channels from site_config, the 109号 fees; links from the 指南 and the home; missing facts stop the build."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from build_dates import project_at
from conftest import REPO, Build, gongkai, mkdocs_build
from directory_site import find, find_all, page, parse, resolve, text

DAY = dt.date(2026, 11, 24)
PLUGINS = ("gongkai", "gongkai-guide")
DATA = yaml.safe_load((REPO / "catalog_schema/ysqgk.yml").read_text(encoding="utf-8"))


def edit_body(project: Path, change: object) -> None:
    path = project / "site_config/body.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = project_at(tmp_path_factory.mktemp("ysq"), DAY, {}, PLUGINS)
    edit_body(project, lambda raw: raw["政府信息公开指南"].update({"网上申请": "https://ysq.example.gov.cn/apply"}))
    build = mkdocs_build(project)
    assert build.ok, build.output
    return build


def body_facts(site: Build) -> dict[str, str]:
    raw = yaml.safe_load((site.site.parent / "site_config/body.yml").read_text(encoding="utf-8"))
    return raw["公开工作机构"]


def test_steps_are_an_ordered_list_with_the_legal_time_limits(site: Build) -> None:
    doc = page(site.site, "ysqgk")
    steps = find(doc, "ol", class_="gk-ysq__steps")
    items = [c for c in steps.children if c.tag == "li"]
    assert [text(find(li, "h3")) for li in items] == [f"{s['名称']}（{s['条款']}）" for s in DATA["申请流程"]]
    table = find(doc, "table", class_="gk-guide__table gk-ysq__limits")
    limits = {text(r.children[0]): text(r.children[1]) for r in find_all(table, "tr")[1:]}
    assert limits["告知补正"] == "自收到申请之日起7个工作日"  # 条例第三十条
    assert limits["答复"] == "自收到申请之日起20个工作日"  # 条例第三十三条
    assert limits["延长的期限"] == "最长20个工作日"
    assert limits["第三方或其他机关提出意见"] == "自收到征求意见书之日起15个工作日"  # 条例第三十二条
    assert "更正申请（信息记载不准确时）（条例第四十一条）" in text(steps)


def test_form_downloads_are_the_body_docx_and_pdf_and_the_printable_form_has_the_article_29_fields(site: Build) -> None:
    doc = page(site.site, "ysqgk")
    links = find_all(find(doc, "ul", class_="gk-ysq__downloads"), "a")
    targets = [resolve(site.site, "ysqgk", unquote(a.attrs["href"])) for a in links]
    source = site.site.parent / "content/zhinan"
    assert targets[0].read_bytes() == (source / "政府信息公开申请表.docx").read_bytes()
    assert targets[1].read_bytes() == (source / "政府信息公开申请表.pdf").read_bytes()
    assert targets[1].read_bytes().startswith(b"%PDF-")
    assert all("download" in a.attrs for a in links[:2])
    assert targets[2] == site.site / "ysqgk/biaoge/index.html"
    form = find(page(site.site, "ysqgk/biaoge"), "table", class_="gk-ysq-form__table")
    rows = [text(th) for th in find_all(form, "th") if th.attrs.get("scope") == "row"]
    for part in DATA["申请表"]["部分"]:
        assert all(field in rows for field in part["栏目"])
    assert "□ 纸质文本" in text(form) and "申请人签名或者盖章" in rows


def test_office_and_channels_come_from_site_config(site: Build) -> None:
    office = body_facts(site)
    doc = page(site.site, "ysqgk")
    card = {text(r.children[0]): text(r.children[1]) for r in find_all(find(doc, "table", class_="gk-infocard gk-ysq__office"), "tr")}
    assert card == {
        "名称": office["名称"],
        "办公地址": office["办公地址"],
        "邮政编码": office["邮政编码"],
        "联系电话": office["联系电话"],
        "传真号码": office["传真号码"],
        "电子邮箱": office["电子邮箱"],
        "办公时间": office["办公时间"],
    }
    channels = find(find(doc, "section", **{"aria-labelledby": "gk-y-channels"}), "tbody")
    names = [text(r.children[0]) for r in find_all(channels, "tr")]
    assert names == ["当面提交", "邮寄", "传真", "电子邮件", "网上申请"]
    hrefs = [a.attrs["href"] for a in find_all(channels, "a")]
    assert hrefs == [f"mailto:{office['电子邮箱']}", "https://ysq.example.gov.cn/apply"]


def test_fees_follow_guobanhan_2020_109(site: Build) -> None:
    doc = page(site.site, "ysqgk")
    tables = [t for t in find_all(doc, "table") if "gk-ysq__fees" in t.attrs.get("class", "")]
    by_count = {text(r.children[0]): text(r.children[1]) for r in find_all(tables[0], "tr")[1:]}
    assert by_count["同一申请人一个自然月内累计申请10件以下（含10件）"] == "不收费"
    assert by_count["11—30件（含30件）的部分"] == "100元/件"
    by_page = {text(r.children[0]): text(r.children[1]) for r in find_all(tables[1], "tr")[1:]}
    assert by_page == {
        "30页以下（含30页）": "不收费",
        "31—100页（含100页）的部分": "10元/页",
        "101—200页（含200页）的部分": "20元/页",
        "201页以上的部分": "40元/页",
    }
    assert "国办函〔2020〕109号第五条" in text(find(tables[1], "caption"))


def test_guide_and_home_link_to_the_section(site: Build) -> None:
    guide = find(page(site.site, "zhinan"), "p", class_="gk-guide__apply-link")
    assert resolve(site.site, "zhinan", find(guide, "a").attrs["href"]) == site.site / "ysqgk/index.html"
    home = find(parse(site.site / "index.html"), "section", class_="gk-home-more")
    targets = [resolve(site.site, ".", a.attrs["href"]) for a in find_all(home, "a") if text(a) == "依申请公开"]
    assert targets == [site.site / "ysqgk/index.html"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda raw: raw["公开工作机构"].pop("邮政编码"),
            "依申请公开栏目缺少受理机构的邮政编码：site_config/body.yml 中没有「公开工作机构 → 邮政编码」",
        ),
        (
            lambda raw: raw["政府信息公开指南"]["申请表"].update({"PDF": "zhinan/没有这个文件.pdf"}),
            "申请表文件 content/zhinan/没有这个文件.pdf 不存在（政府信息公开指南 → 申请表 → PDF）",
        ),
        (
            lambda raw: raw["政府信息公开指南"]["申请表"].update({"PDF": "zhinan/假的.pdf"}),
            "content/zhinan/假的.pdf 不是 PDF 文件（政府信息公开指南 → 申请表 → PDF）",
        ),
    ],
)
def test_a_missing_or_wrong_fact_stops_the_build_naming_the_key(tmp_path: Path, change: object, message: str) -> None:
    project = project_at(tmp_path, DAY, {}, PLUGINS)
    (project / "content/zhinan/假的.pdf").write_bytes((project / "content/zhinan/政府信息公开申请表.docx").read_bytes())
    edit_body(project, change)
    build = mkdocs_build(project)
    assert not build.ok
    assert "site_config/body.yml" in build.output and message in build.output


def test_legal_data_file_missing_a_part_stops_the_build(tmp_path: Path) -> None:
    project = project_at(tmp_path, DAY, {}, PLUGINS)
    data = dict(DATA)
    del data["收费标准"]
    (project / "catalog_schema/ysqgk.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build = mkdocs_build(project)
    assert not build.ok
    assert "catalog_schema/ysqgk.yml" in build.output and "收费标准" in build.output


def test_a_format_not_configured_is_a_check_warning_and_the_site_still_builds(tmp_path: Path) -> None:
    project = project_at(tmp_path, DAY, {}, PLUGINS)
    edit_body(project, lambda raw: raw["政府信息公开指南"].update({"申请表": "zhinan/政府信息公开申请表.docx"}))
    build = mkdocs_build(project)
    assert build.ok, build.output
    assert (build.site / "ysqgk/biaoge/index.html").is_file()
    proc = gongkai("check", "--root", str(project), "--today", DAY.isoformat(), "--format", "json")
    found = [f for f in json.loads(proc.stdout) if f["rule"] == "apply-form-offered"]
    assert [f["field"] for f in found] == ["政府信息公开指南 → 申请表 → PDF"]
