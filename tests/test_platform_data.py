"""Platform data (issue #18) is sound before any platform code exists: the sample platform (tests/fixtures/platform)
and the platforms `bench/gen.py N DIR --bodies B` writes.

Each body is assembled into a single-body project (its bodies/<id>.yml as site_config/body.yml, content/<id>/ as
content/) and must pass today's `gongkai check` with 0 errors; the sample's bodies also build with real MkDocs
(--strict, Pagefind included). The platform file, the 联合发文 sample and the late 年报 are checked against the bodies'
own files, so the platform tests that build on this folder start from data that says what its README claims.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_BODY, REPO, TODAY, gongkai, mkdocs_build, tree

PLATFORM = REPO / "tests" / "fixtures" / "platform"
BODY_IDS = sorted(p.stem for p in (PLATFORM / "site_config" / "bodies").glob("*.yml"))


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _catalog_slugs() -> set[str]:
    slugs: set[str] = set()

    def walk(nodes: list[dict]) -> None:
        for node in nodes:
            slugs.add(node["路径"])
            walk(node.get("下级栏目") or [])

    walk(_yaml(REPO / "catalog_schema" / "catalog.yml")["栏目"])
    return slugs


def single_body_project(root: Path, body_id: str, platform: Path = PLATFORM) -> Path:
    """One platform body as today's single-body project, as check_bodies.sh assembles it."""
    for name in ("catalog_schema", "overrides"):
        shutil.copytree(REPO / name, root / name)
    (root / "site_config").mkdir()
    for shared in ("holidays.yml", "县域轮廓.geojson"):
        shutil.copy(FIXTURE_BODY / "site_config" / shared, root / "site_config" / shared)
    cfg = platform / "site_config" / "bodies" / f"{body_id}.yml"
    shutil.copy(cfg, root / "site_config" / "body.yml")
    shutil.copytree(platform / "content" / body_id, root / "content")
    name = _yaml(cfg)["机关名称"]
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^site_name:.*$", f'site_name: "{name} 政府信息公开"', text, count=1, flags=re.M)
    text = re.sub(r"^site_url:.*$", f"site_url: https://www.example.gov.cn/xxgk/{body_id}/", text, count=1, flags=re.M)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def test_platform_file_lists_every_body_once_with_ids_that_are_not_column_slugs() -> None:
    platform = _yaml(PLATFORM / "site_config" / "platform.yml")
    listed = platform["部门"] + platform["乡镇"]
    assert sorted(listed) == BODY_IDS and len(set(listed)) == len(listed)
    assert len(platform["部门"]) >= 3 and len(platform["乡镇"]) >= 2
    slugs = _catalog_slugs()
    for body_id in [*listed, platform["本级政府"]]:
        assert re.fullmatch(r"[a-z0-9]+", body_id) and body_id not in slugs, body_id
    for body_id in platform["部门"]:
        assert _yaml(PLATFORM / "site_config" / "bodies" / f"{body_id}.yml")["机关类型"] == "政府部门"
    for body_id in platform["乡镇"]:
        assert _yaml(PLATFORM / "site_config" / "bodies" / f"{body_id}.yml")["机关类型"] == "乡镇街道"


def test_every_body_has_its_own_index_prefix_and_every_item_uses_it() -> None:
    codes = {_yaml(FIXTURE_BODY / "site_config" / "body.yml")["统一社会信用代码"]}
    for body_id in BODY_IDS:
        code = _yaml(PLATFORM / "site_config" / "bodies" / f"{body_id}.yml")["统一社会信用代码"]
        assert code not in codes, body_id
        codes.add(code)
        items = list((PLATFORM / "content" / body_id).rglob("*.md"))
        assert len(items) >= 6
        for item in items:
            assert f"索引号: {code}/" in item.read_text(encoding="utf-8"), item


def test_the_joint_document_names_two_platform_bodies_and_lives_with_the_first() -> None:
    names = {_yaml(PLATFORM / "site_config" / "bodies" / f"{b}.yml")["机关名称"]: b for b in BODY_IDS}
    joint = []
    for body_id in BODY_IDS:
        for item in (PLATFORM / "content" / body_id).rglob("*.md"):
            meta = yaml.safe_load(item.read_text(encoding="utf-8").split("---")[1])
            issuers = meta["发文机关"] if isinstance(meta["发文机关"], list) else [meta["发文机关"]]
            on_platform = [names[n] for n in issuers if n in names]
            if len(on_platform) > 1:
                joint.append((body_id, on_platform))
    assert joint == [("jyty", ["jyty", "wjw"])]


@pytest.mark.parametrize("body_id", BODY_IDS)
def test_each_platform_body_passes_todays_check_and_strict_build_on_its_own(tmp_path: Path, body_id: str) -> None:
    project = single_body_project(tmp_path / body_id, body_id)
    check = gongkai("check", "--root", str(project), "--today", TODAY, "--format", "json")
    findings = json.loads(check.stdout)
    assert check.returncode == 0 and not [f for f in findings if f["severity"] == "error"], check.stdout
    late = [f for f in findings if f["rule"] == "report-deadline"]
    if body_id == "wjw":  # the one late report of the sample: 2025 report published 2026-02-10, due 1月31日
        assert [(f["file"], f["field"]) for f in late] == [("content/年报/2025.yml", "发布日期")]
    else:
        assert late == []
    build = mkdocs_build(project)
    assert build.ok, build.output
    assert (build.site / "zhinan" / "index.html").is_file() and (build.site / "pagefind").is_dir()
    name = _yaml(project / "site_config" / "body.yml")["机关名称"]
    assert name in (build.site / "zhinan" / "index.html").read_text(encoding="utf-8")
    for year in (2024, 2025):
        assert (build.site / "nianbao" / str(year) / "index.html").is_file(), year


def gen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "bench" / "gen.py"), *args], capture_output=True, text=True, check=True)




def test_gen_with_one_body_writes_the_single_body_project_and_no_platform_files(tmp_path: Path) -> None:
    gen("40", str(tmp_path / "default"))
    gen("40", str(tmp_path / "one"), "--bodies", "1")
    assert tree(tmp_path / "default") == tree(tmp_path / "one")
    assert not (tmp_path / "one" / "site_config" / "platform.yml").exists()
    assert not (tmp_path / "one" / "site_config" / "bodies").exists()
    assert len(list((tmp_path / "one" / "content").rglob("*.md"))) == 40


def test_gen_platform_splits_the_items_over_departments_and_townships_each_valid_on_its_own(tmp_path: Path) -> None:
    root = tmp_path / "platform"
    out = gen("150", str(root), "--bodies", "5").stdout
    assert "wrote 150 items" in out and "5 bodies" in out
    platform = _yaml(root / "site_config" / "platform.yml")
    others = platform["部门"] + platform["乡镇"]
    assert platform["本级政府"] == "xzf" and len(others) == 4 and platform["部门"] and platform["乡镇"]
    assert sorted(others) == sorted(p.stem for p in (root / "site_config" / "bodies").glob("*.yml"))
    slugs = _catalog_slugs()
    codes = {_yaml(root / "site_config" / "body.yml")["统一社会信用代码"]}
    county_items = [p for p in (root / "content").rglob("*.md") if p.relative_to(root / "content").parts[0] not in others]
    assert len(county_items) == 30
    for body_id in others:
        assert body_id not in slugs
        cfg = _yaml(root / "site_config" / "bodies" / f"{body_id}.yml")
        assert cfg["机关类型"] == ("政府部门" if body_id in platform["部门"] else "乡镇街道")
        assert cfg["统一社会信用代码"] not in codes
        codes.add(cfg["统一社会信用代码"])
        items = list((root / "content" / body_id).rglob("*.md"))
        assert len(items) == 30
        assert all(f"索引号: {cfg['统一社会信用代码']}/" in p.read_text(encoding="utf-8") for p in items)
        project = single_body_project(tmp_path / body_id, body_id, platform=root)
        check = gongkai("check", "--root", str(project), "--today", TODAY, "--format", "json")
        errors = [f for f in json.loads(check.stdout) if f["severity"] == "error"]
        assert check.returncode == 0 and errors == [], (body_id, errors)
    gen("150", str(tmp_path / "again"), "--bodies", "5")
    assert tree(root) == tree(tmp_path / "again")


def test_gen_platform_of_100_bodies_gives_the_numbered_streets_valid_document_numbers(tmp_path: Path) -> None:
    """Past the named departments and townships gen.py numbers 街道 (新区第k街道): their 机关代字 holds no digit, so
    every 发文字号 they issue passes the check (the 100,000-item platform of 100 bodies of issue #18)."""
    root = tmp_path / "platform"
    gen("1000", str(root), "--bodies", "100")
    numbered = sorted((root / "site_config" / "bodies").glob("xq*jd.yml"))
    assert len(numbered) > 40
    codes = [_yaml(p)["机关代字"] for p in numbered]
    assert len(set(codes)) == len(codes) and not [c for c in codes if any(ch.isdigit() for ch in c)], codes
    check = gongkai("check", "--root", str(root), "--today", TODAY, "--format", "json")
    errors = [f for f in json.loads(check.stdout) if f["severity"] == "error"]
    assert errors == [] and check.returncode == 0, errors[:5]
