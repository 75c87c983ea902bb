"""A guide missing any 条例第十二条 field is a build error naming the `site_config/body.yml` key.

Each case deletes one key from a copy of the shipped body.yml and runs the real `mkdocs build --strict`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import TODAY, gongkai, make_project, mkdocs_build, set_plugins

CASES = [
    ("公开工作机构", "名称"),
    ("公开工作机构", "办公地址"),
    ("公开工作机构", "办公时间"),
    ("公开工作机构", "联系电话"),
    ("公开工作机构", "传真号码"),
    ("公开工作机构", "电子邮箱"),
    ("政府信息公开指南", "编排体系"),
    ("政府信息公开指南", "获取方式"),
    ("政府信息公开指南", "监督和救济", "投诉举报"),
]


def project_without(tmp_path: Path, path: tuple[str, ...]) -> Path:
    root = make_project(tmp_path / "p")
    set_plugins(root, ["gongkai", "gongkai-guide"])
    body_path = root / "site_config" / "body.yml"
    body = yaml.safe_load(body_path.read_text(encoding="utf-8"))
    node = body
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    body_path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.mark.parametrize("path", CASES, ids=["/".join(c) for c in CASES])
def test_missing_guide_field_fails_the_build_naming_the_key(tmp_path: Path, path: tuple[str, ...]) -> None:
    root = project_without(tmp_path, path)
    result = mkdocs_build(root)
    assert not result.ok
    assert "Traceback" not in result.output
    shown = " → ".join(path)
    lines = [line for line in result.output.splitlines() if line.startswith("site_config/body.yml:")]
    assert lines, result.output
    assert any(f"「{shown}」" in line for line in lines), result.output
    assert not (result.site / "zhinan" / "index.html").exists()


def test_missing_guide_section_names_each_required_key(tmp_path: Path) -> None:
    root = project_without(tmp_path, ("政府信息公开指南",))
    result = mkdocs_build(root)
    assert not result.ok
    for key in ("编排体系", "获取方式", "监督和救济 → 投诉举报"):
        assert f"site_config/body.yml 中没有填写「政府信息公开指南 → {key}」" in result.output, key
    assert result.output.count("错误[guide-field-missing]") == 3


def test_check_reports_the_same_missing_field(tmp_path: Path) -> None:
    root = project_without(tmp_path, ("政府信息公开指南", "获取方式"))
    proc = gongkai("check", "--root", str(root), "--today", TODAY)
    assert proc.returncode == 1
    assert "错误[guide-field-missing] 政府信息公开指南缺少政府信息的获取方式" in proc.stdout
    assert "（字段：政府信息公开指南/获取方式；应为：在 site_config/body.yml 中填写 政府信息公开指南 → 获取方式）" in proc.stdout


def test_future_explicit_update_date_is_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    set_plugins(root, ["gongkai", "gongkai-guide"])
    body_path = root / "site_config" / "body.yml"
    text = body_path.read_text(encoding="utf-8").replace("  # 更新日期: 2026-11-20", "  更新日期: 2027-01-05")
    body_path.write_text(text, encoding="utf-8")
    result = mkdocs_build(root)
    assert not result.ok
    assert "错误[date-future] 指南更新日期 2027-01-05 晚于今天" in result.output


def test_broken_statutory_data_names_guide_yml(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    set_plugins(root, ["gongkai", "gongkai-guide"])
    data_path = root / "catalog_schema" / "guide.yml"
    data = yaml.safe_load(data_path.read_text(encoding="utf-8"))
    del data["依申请公开"][2]["条款"]
    data_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(root)
    assert not result.ok
    assert "catalog_schema/guide.yml:" in result.output
    assert "缺少必填字段第3个依申请公开的「条款」" in result.output  # positions counted from 1
