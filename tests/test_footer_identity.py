"""The footer every page carries (国办发〔2017〕47号): values from site_config, lookup links, local badges,
build errors for missing values, 待取得 values shown as 办理中 and reported by `gongkai check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import FIXTURE_BODY, gongkai, item_md, mkdocs_build
from identity_support import project, read_page

BODY = yaml.safe_load((FIXTURE_BODY / "site_config" / "body.yml").read_text(encoding="utf-8"))
IDENT = BODY["网站标识"]


def test_footer_shows_every_configured_value_on_home_item_and_generated_pages(tmp_path: Path) -> None:
    proj = project(tmp_path / "p", {"zcwj/a.md": item_md()})
    build = mkdocs_build(proj)
    assert build.ok, build.output
    for rel in ("index.html", "qtwj/2024-00001/index.html", "sitemap/index.html", "lianxi/index.html", "404.html"):
        page = read_page(build.site, rel)
        footer = page.text(".gk-identity")
        for key in ("主办单位", "联系地址", "联系电话", "电子邮箱", "政府网站标识码", "ICP备案号", "公安机关备案号"):
            assert IDENT[key] in footer, (rel, key, footer)
        links = dict((text, href) for href, text in page.links)
        assert links[IDENT["ICP备案号"]] == "https://beian.miit.gov.cn/"
        police_digits = "".join(ch for ch in IDENT["公安机关备案号"] if ch.isdigit())
        assert links[IDENT["公安机关备案号"]] == f"https://beian.mps.gov.cn/#/query/webSearch?code={police_digits}"
        assert links[IDENT["电子邮箱"]] == f"mailto:{IDENT['电子邮箱']}"
        assert "网站地图" in links and "联系我们" in links


def test_badges_are_local_images_with_plain_links_addressed_by_the_site_code(tmp_path: Path) -> None:
    proj = project(tmp_path / "p", {"zcwj/a.md": item_md()})
    build = mkdocs_build(proj)
    assert build.ok, build.output
    page = read_page(build.site, "qtwj/2024-00001/index.html")
    badges = {img["alt"]: img["src"] for img in page.images if img.get("alt") in ("党政机关网站标识", "我为政府网站找错")}
    assert set(badges) == {"党政机关网站标识", "我为政府网站找错"}
    for src in badges.values():
        assert "://" not in src and not src.startswith("//")
        assert (build.site / "qtwj" / "2024-00001" / src).resolve().is_file()
    hrefs = [href for href, _ in page.links]
    assert IDENT["党政机关网站标识"]["链接"] in hrefs
    jiucuo = next(h for h in hrefs if h.startswith("https://zfwzgl.www.gov.cn/exposure/jiucuo.html"))
    query = parse_qs(urlsplit(jiucuo).query)
    assert query["site_code"] == [IDENT["政府网站标识码"]]
    assert query["url"][0].endswith("/qtwj/2024-00001/")  # the page being reported, absolute (site_url is set)
    assert not any(src.startswith(("http:", "https:", "//")) for src in page.scripts)


@pytest.mark.parametrize("key", ["主办单位", "联系电话", "政府网站标识码", "ICP备案号", "公安机关备案号", "党政机关网站标识"])
def test_a_missing_required_value_fails_the_build_naming_the_key(tmp_path: Path, key: str) -> None:
    def drop(body: dict[str, Any]) -> None:
        del body["网站标识"][key]

    build = mkdocs_build(project(tmp_path / "p", edit_body=drop))
    assert not build.ok
    assert f"网站标识 → {key}" in build.output
    assert "Traceback" not in build.output


def test_a_missing_identity_section_fails_the_build_naming_the_key(tmp_path: Path) -> None:
    build = mkdocs_build(project(tmp_path / "p", edit_body=lambda body: body.pop("网站标识")))
    assert not build.ok
    assert "缺少「网站标识」" in build.output and "identity-missing" in build.output
    assert "Traceback" not in build.output


def test_a_malformed_filing_number_fails_the_build_with_the_expected_form(tmp_path: Path) -> None:
    build = mkdocs_build(project(tmp_path / "p", edit_body=lambda body: body["网站标识"].update({"ICP备案号": "备案中"})))
    assert not build.ok
    assert "网站标识 → ICP备案号" in build.output and "赣ICP备12345678号-1" in build.output


def test_a_badge_image_named_in_site_config_must_exist_and_replaces_the_builtin_one(tmp_path: Path) -> None:
    def official(body: dict[str, Any]) -> None:
        body["网站标识"]["党政机关网站标识"]["图片"] = "images/dzjg.png"

    missing = mkdocs_build(project(tmp_path / "a", edit_body=official))
    assert not missing.ok
    assert "网站标识 → 党政机关网站标识 → 图片「images/dzjg.png」" in missing.output

    proj = project(tmp_path / "b", edit_body=official)
    (proj / "content" / "images").mkdir()
    (proj / "content" / "images" / "dzjg.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    page = read_page(build.site, "index.html")
    assert {img["src"] for img in page.images if img.get("alt") == "党政机关网站标识"} == {"images/dzjg.png"}


def test_values_not_yet_issued_show_as_pending_build_and_are_warnings_in_check(tmp_path: Path) -> None:
    def pending(body: dict[str, Any]) -> None:
        body["网站标识"]["ICP备案号"] = {"待取得": True, "说明": "已于11月提交备案申请"}
        body["网站标识"]["党政机关网站标识"] = {"待取得": True}

    proj = project(tmp_path / "p", {"zcwj/a.md": item_md()}, edit_body=pending)
    build = mkdocs_build(proj)
    assert build.ok, build.output
    footer = read_page(build.site, "index.html").text(".gk-identity")
    assert "ICP备案：办理中" in footer and "党政机关网站标识：办理中" in footer
    assert IDENT["公安机关备案号"] in footer

    check = gongkai("check", "--format", "json", cwd=proj)
    assert "identity-pending" in check.stdout, check.stdout + check.stderr
    assert "ICP备案号尚未取得（已于11月提交备案申请）" in check.stdout
    # each warning points at the line of its own key in body.yml, where staff fix it
    body_lines = (proj / "site_config" / "body.yml").read_text(encoding="utf-8").splitlines()
    pending = {f["field"]: f["line"] for f in json.loads(check.stdout) if f["rule"] == "identity-pending"}
    assert set(pending) == {"网站标识/ICP备案号", "网站标识/党政机关网站标识"}, pending
    for field, line in pending.items():
        assert body_lines[line - 1].strip().startswith(field.split("/")[1] + ":"), (field, line, body_lines[line - 1])


def test_staff_text_in_the_footer_is_escaped(tmp_path: Path) -> None:
    proj = project(tmp_path / "p", edit_body=lambda body: body["网站标识"].update({"主办单位": "<script>alert(1)</script>办公室"}))
    build = mkdocs_build(proj)
    assert build.ok, build.output
    html = (build.site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;办公室" in html
