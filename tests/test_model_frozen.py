"""The model is built once by the loader and then only read; findings travel beside it, in one rule order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import CODE, item_md, make_project
from gongkai import standard_catalog
from gongkai.loader import load
from gongkai.model import Finding
from gongkai.source.yamlfile import DataFile

TODAY = dt.date(2026, 11, 24)


def _project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path,
        {
            "a.md": item_md(标准事项="不存在的领域/不存在的事项"),  # a model rule's error (every build)
            "b.md": item_md(索引号=f"{CODE}/2023-00002", 标题="另一条信息"),  # a check-only warning (index-year)
        },
    )


def test_loaded_model_cannot_be_changed_after_loading(tmp_path: Path) -> None:
    loaded = load(_project(tmp_path), today=TODAY)
    model = loaded.model
    assert model is not None and model.items
    item = model.items[0]
    for target, name, value in (
        (item, "title", "改过的标题"),
        (item, "column", item.column),
        (model, "items", ()),
        (model, "reports", ()),
        (model.body, "name", "别的机关"),
        (loaded.platform, "bodies", ()),
        (loaded, "findings", []),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(target, name, value)


def test_check_reports_the_build_findings_first_in_the_same_order(tmp_path: Path) -> None:
    project = _project(tmp_path)
    build = load(project, today=TODAY)
    check = load(project, today=TODAY, check=True)
    assert [f.format() for f in check.findings[: check.build_count]] == [f.format() for f in build.findings]
    assert "standard-matter-unknown" in {f.rule for f in build.findings}
    assert [f.rule for f in check.findings[check.build_count :]].count("index-year") == 1
    assert "index-year" not in {f.rule for f in build.findings}



def test_catalog_columns_and_standard_catalog_cannot_be_changed(tmp_path: Path) -> None:
    model = load(_project(tmp_path), today=TODAY).model
    assert model is not None and model.standard.selected
    column = model.catalog.roots[0]
    domain = model.standard.selected[0]
    matter = domain.matters[0]
    for target, name, value in (
        (column, "children", ()),
        (column, "name", "别的栏目"),
        (model.catalog, "roots", ()),
        (model.standard, "selected", ()),
        (domain, "groups", ()),
        (domain, "prefix", "x/"),
        (matter, "items", ()),
        (matter, "number", 99),
        (matter, "freshness", None),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(target, name, value)
    assert isinstance(column.children, tuple) and all(c.parent is column for c in column.children)
    assert all(m.domain is domain for m in domain.matters)


def test_check_reads_each_standard_catalog_domain_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = standard_catalog.read_data

    def counting(root: Path, rel: str, findings: list[Finding]) -> DataFile | None:
        reads.append(rel)
        return real(root, rel, findings)

    monkeypatch.setattr(standard_catalog, "read_data", counting)
    project = _project(tmp_path)
    loaded = load(project, today=TODAY, check=True)
    files = sorted(p.name for p in (project / standard_catalog.DOMAINS_DIR).glob("*.yml"))
    assert loaded.model is not None and len(files) > 1
    assert sorted(rel.rsplit("/", 1)[1] for rel in reads) == files


def test_body_config_sections_are_typed_fields_the_rules_read(tmp_path: Path) -> None:
    """指南, 网站标识 and 登记编号 are filled once from body.yml into frozen fields; no raw mapping is kept."""
    project = _project(tmp_path)
    body_yml = project / "site_config" / "body.yml"
    data = yaml.safe_load(body_yml.read_text(encoding="utf-8"))
    data["网站标识"]["ICP备案号"] = {"待取得": True, "说明": "审核中"}
    data["政府信息公开指南"]["申请表"] = "/zhinan/申请表.pdf"
    data["政府信息公开指南"]["更新日期"] = "2026-02-30"
    body_yml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = load(project, today=TODAY, check=True)
    assert loaded.model is not None
    body = loaded.model.body
    assert not hasattr(body, "raw")
    guide, identity = body.guide, body.identity
    assert guide.forms == (("PDF", "zhinan/申请表.pdf"),) and guide.form == "zhinan/申请表.pdf"
    assert guide.online == data["政府信息公开指南"]["网上申请"] and guide.court == data["政府信息公开指南"]["监督和救济"]["行政诉讼法院"]
    assert guide.updated is None and guide.updated_problem == "「2026-02-30」不是有效日期"
    assert identity is not None and identity.icp.pending and identity.icp.note == "审核中" and not identity.site_code.pending
    assert identity.police.link.endswith("code=36099902000001")
    assert body.registration_pattern is not None and body.registration_pattern.fullmatch(data["规范性文件登记编号"]["示例"])
    rules = {(f.rule, f.field) for f in loaded.findings}
    assert ("date-invalid", "政府信息公开指南/更新日期") in rules
    assert ("identity-pending", "网站标识/ICP备案号") in rules
    assert ("apply-form-missing", "政府信息公开指南 → 申请表 → PDF") in rules
    assert ("apply-form-offered", "政府信息公开指南 → 申请表 → DOCX") in rules
    for target, name in ((body, "guide"), (guide, "online"), (identity, "icp"), (identity.icp, "pending")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(target, name, None)
