"""索引号 variants real sites use (DOMAIN §2.2, corrected): per-body 前段码 and 后段码 format in site_config/body.yml,
the year part as a check-only warning, and bad settings rejected by catalog_schema/site_config.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CODE, TODAY, gongkai, item_md, make_project, mkdocs_build, set_plugins


def configure(root: Path, prefix: str | None = None, fmt: str | None = None) -> None:
    body = root / "site_config" / "body.yml"
    text = body.read_text(encoding="utf-8")
    if fmt is not None:
        text = text.replace("索引号后段码格式: YYYY-NNNNN", f"索引号后段码格式: {fmt}")
    if prefix is not None:
        text = text.replace(f"统一社会信用代码: {CODE}\n", f"统一社会信用代码: {CODE}\n索引号前段码: {prefix}\n")
    body.write_text(text, encoding="utf-8")


def check(root: Path) -> tuple[int, list[dict[str, object]]]:
    proc = gongkai("check", "--root", str(root), "--today", TODAY, "--format", "json")
    assert "Traceback" not in proc.stderr, proc.stderr
    found = json.loads(proc.stdout)
    ours = [f for f in found if f["severity"] in ("error", "warning") and f["file"].startswith(("content/", "site_config/body"))]
    return proc.returncode, [f for f in ours if f["rule"] != "guide-form-missing"]  # the fixture body has no 申请表 file


@pytest.mark.parametrize(
    ("prefix", "fmt", "number", "published"),
    [
        (None, "YYYY-NNNNNNN", f"{CODE}/2021-5135380", "2021-06-01"),  # 高青: 7-digit serials
        (None, "YYYY-NNNNNN", f"{CODE}/2021-000123", "2021-06-01"),  # 镇巴: 6 digits
        (None, "YYYYMM-NNNNN", f"{CODE}/202106-00012", "2021-06-01"),  # 宁国: year and month
        ("shg58", "YYYY-NNN", "shg58/2021-402", "2021-06-01"),  # 山海关: a prefix that is no code
        ("000014349", "YYYY-NNNNN", "000014349/2018-00222", "2018-11-29"),  # gov.cn: 9-character 组织机构代码
    ],
)
def test_configured_variant_is_accepted_in_check_and_build(
    tmp_path: Path, prefix: str | None, fmt: str, number: str, published: str
) -> None:
    root = make_project(tmp_path, {"qtwj/a.md": item_md(索引号=number, 发布日期=published)})
    configure(root, prefix, fmt)
    code, found = check(root)
    assert (code, found) == (0, [])
    set_plugins(root, ["gongkai"])
    build = mkdocs_build(root)
    assert build.ok, build.output
    assert (build.site / "qtwj" / number.partition("/")[2] / "index.html").is_file()


def test_variant_settings_are_what_the_check_expects(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"qtwj/a.md": item_md(索引号=f"{CODE}/2021-00012", 发布日期="2021-06-01")})
    configure(root, "shg58", "YYYY-NNNNNNN")
    code, found = check(root)
    assert code == 1
    assert [(f["rule"], f["line"], f["expected"]) for f in found] == [
        ("index-prefix", 3, "shg58/YYYY-NNNNNNN"),
        ("index-format", 3, "YYYY-NNNNNNN（Y 年份，M 月份，N 序号，例如 shg58/2024-0000001）"),
    ]
    assert found[0]["message"] == f"索引号前段码「{CODE}」与本机关的前段码「shg58」不一致"


def test_year_part_unlike_publication_year_is_a_warning_and_builds_strict(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"qtwj/a.md": item_md(索引号="shg58/2021-402", 发布日期="2024-03-08")})  # 山海关, published 2024
    configure(root, "shg58", "YYYY-NNN")
    code, found = check(root)
    assert code == 0
    assert [(f["file"], f["line"], f["rule"], f["severity"], f["field"]) for f in found] == [
        ("content/qtwj/a.md", 3, "index-year", "warning", "索引号")
    ]
    assert found[0]["message"] == "索引号中的年份 2021 与发布日期的年份 2024 不一致"
    set_plugins(root, ["gongkai"])
    build = mkdocs_build(root)
    assert build.ok and "index-year" not in build.output, build.output


def test_new_uses_the_configured_prefix_and_serial_width(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"qtwj/a.md": item_md(索引号="shg58/2026-0000402", 发布日期="2026-06-01")})
    configure(root, "shg58", "YYYY-NNNNNNN")
    proc = gongkai("new", "其他文件", "关于做好冬季防火工作的通知", "--root", str(root), "--today", TODAY, cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "索引号 shg58/2026-0000403" in proc.stdout


@pytest.mark.parametrize(
    ("prefix", "fmt", "field", "rule"),
    [
        (None, "YYYY-NN", "索引号后段码格式", "schema"),
        (None, "NNNNN-YYYY", "索引号后段码格式", "schema"),
        ("shg/58", None, "索引号前段码", "schema"),
        ("000014348", None, "索引号前段码", "org-code-check"),  # wrong GB 11714 check character (9 is right)
    ],
)
def test_bad_index_settings_are_errors_naming_the_key(tmp_path: Path, prefix: str | None, fmt: str | None, field: str, rule: str) -> None:
    root = make_project(tmp_path, {"qtwj/a.md": item_md()})
    configure(root, prefix, fmt)
    code, found = check(root)
    assert code == 1
    hits = [f for f in found if f["file"] == "site_config/body.yml"]
    assert [(f["rule"], f["field"]) for f in hits] == [(rule, field)]
    if rule == "org-code-check":
        assert "000014349" in str(hits[0]["expected"])
