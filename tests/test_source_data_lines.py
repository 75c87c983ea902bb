"""YAML data files are read with the exact line of every key (YAML node positions), so a finding about
catalog.yml, body.yml or a domain file points at the line staff must change, not at the first line that
happens to hold a key of the same name."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import TODAY, gongkai, make_project


def findings(root: Path, file: str) -> list[dict]:
    proc = gongkai("check", "--root", str(root), "--today", TODAY, "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return [f for f in json.loads(proc.stdout) if f["file"] == file]


def line_of(path: Path, text: str, after: int = 0) -> int:
    """1-based number of the first line at or after line `after` that contains `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n >= after and text in line)


def test_a_wrong_update_cycle_deep_in_the_catalog_points_at_that_column_not_the_defaults(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    catalog = root / "catalog_schema/catalog.yml"
    text = catalog.read_text(encoding="utf-8")
    target = line_of(catalog, "更新周期: 3个月")
    assert target > line_of(catalog, "更新周期: 按需")  # 默认事项 holds the first 更新周期 of the file
    lines = text.splitlines()
    lines[target - 1] = lines[target - 1].replace("3个月", "每季度")
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [f for f in findings(root, "catalog_schema/catalog.yml") if f["rule"] == "schema"]
    assert [(f["line"], f["field"].rsplit("/", 1)[-1]) for f in found] == [(target, "更新周期")], found
    assert "每季度" in found[0]["message"]


def test_a_duplicate_column_path_points_at_the_second_column(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    catalog = root / "catalog_schema/catalog.yml"
    text = catalog.read_text(encoding="utf-8")
    assert text.count("路径: zhidu\n") == 1
    text = text.replace("路径: zhinan\n", "路径: zhidu\n", 1)  # the guide now claims the 制度 column's path
    catalog.write_text(text, encoding="utf-8")
    found = [f for f in findings(root, "catalog_schema/catalog.yml") if f["rule"] == "catalog-duplicate"]
    second = line_of(catalog, "路径: zhidu", after=line_of(catalog, "路径: zhidu") + 1)
    assert [(f["line"], f["field"]) for f in found] == [(second, "路径")], found


def test_an_unknown_excluded_domain_points_at_its_own_entry(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    body = root / "site_config/body.yml"
    text = body.read_text(encoding="utf-8")
    head, _, _ = text.partition("标准目录:\n")
    body.write_text(
        head
        + "标准目录:\n"
        + "  适用领域: [义务教育]\n"
        + "  未涉及领域:\n"
        + "    - 领域: 城乡规划\n"
        + "      理由: 本乡未设规划机构，由县自然资源局负责\n"
        + "    - 领域: 城市规划\n"
        + "      理由: 同上\n",
        encoding="utf-8",
    )
    found = [f for f in findings(root, "site_config/body.yml") if f["rule"] == "standard-domain-unknown"]
    assert [f["line"] for f in found] == [line_of(body, "领域: 城市规划")], found
    assert "城市规划" in found[0]["message"]


def test_a_duplicate_matter_row_points_at_the_second_row(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    domain = root / "catalog_schema/domains/义务教育.yml"
    text = domain.read_text(encoding="utf-8")
    assert text.count("- 名称: 学校介绍\n") == 1
    first = line_of(domain, "- 名称: 财务信息")
    text = text.replace("- 名称: 学校介绍\n", "- 名称: 财务信息\n", 1)
    domain.write_text(text, encoding="utf-8")
    second = line_of(domain, "- 名称: 财务信息", after=first + 1)
    found = [f for f in findings(root, "catalog_schema/domains/义务教育.yml") if f["rule"] == "domain-matter-duplicate"]
    assert [f["line"] for f in found] == [second], found


def test_a_file_every_body_reads_is_parsed_once_per_content_and_an_edit_is_read_again(tmp_path: Path) -> None:
    from gongkai.source.yamlfile import read_shared_data_file

    path = tmp_path / "catalog.yml"
    path.write_text("栏目:\n  - 名称: 甲\n", encoding="utf-8")
    first = read_shared_data_file(path)
    assert read_shared_data_file(path) is first and first.data == {"栏目": [{"名称": "甲"}]}
    path.write_text("栏目:\n  - 名称: 乙\n", encoding="utf-8")  # same size, maybe the same mtime: the bytes decide
    again = read_shared_data_file(path)
    assert again is not first and again.data == {"栏目": [{"名称": "乙"}]} and again.lines["栏目/0/名称"] == 2


def test_every_body_loading_a_broken_catalog_gets_its_finding_not_only_the_first(tmp_path: Path) -> None:
    from gongkai.catalog import load_catalog

    root = make_project(tmp_path)
    catalog = root / "catalog_schema/catalog.yml"
    target = line_of(catalog, "更新周期: 3个月")
    lines = catalog.read_text(encoding="utf-8").splitlines()
    lines[target - 1] = lines[target - 1].replace("3个月", "每季度")
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for level in ("县级", "县级", "部门"):
        found: list = []
        assert load_catalog(root, level, found) is None
        assert [(f.rule, f.line) for f in found] == [("schema", target)], level
