"""A platform of many bodies (issue #18): site_config/platform.yml, one `Model` per body, per-body 索引号 scopes and URLs.

Each test builds its own three-body platform: the fixture county as 本级政府 (make_project), the department fgw
and the township czz with their config files from tests/fixtures/platform/site_config/bodies/, and items written here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CODE, REPO, gongkai, item_md, make_project
from gongkai.loader import load

PLATFORM_BODIES = REPO / "tests" / "fixtures" / "platform" / "site_config" / "bodies"
FGW = "11360999001234626T"  # 索引号 前段码 of 示例县发展和改革委员会 (fgw.yml)
CZZ = "113609990012350550"  # 示例县城关镇人民政府 (czz.yml)
PLATFORM_YML = """门户名称: 示例县人民政府门户网站
门户网址: https://www.example.gov.cn/
本级政府: xzf
部门: [fgw]
乡镇: [czz]
"""


def fgw_item(serial: str = "2026-00001", **fields: str) -> str:
    meta = {
        "标题": "关于做好价格监测工作的通知",
        "索引号": f"{FGW}/{serial}",
        "发文机关": "示例县发展和改革委员会",
        "发布日期": "2026-03-02",
    }
    return item_md(**{**meta, **fields})


def czz_item(serial: str = "2026-00001", **fields: str) -> str:
    meta = {"标题": "城关镇春耕生产工作安排", "索引号": f"{CZZ}/{serial}", "发文机关": "示例县城关镇人民政府", "发布日期": "2026-03-03"}
    return item_md(**{**meta, **fields})


def make_platform(root: Path, items: dict[str, str], platform_yml: str = PLATFORM_YML, bodies: tuple[str, ...] = ("fgw", "czz")) -> Path:
    """The fixture county as 本级政府 plus the given bodies' config files, platform.yml and `items` (paths under content/)."""
    project = make_project(root, items)
    (project / "site_config" / "bodies").mkdir()
    for body_id in bodies:
        shutil.copy(PLATFORM_BODIES / f"{body_id}.yml", project / "site_config" / "bodies" / f"{body_id}.yml")
        raw = (PLATFORM_BODIES / f"{body_id}.yml").read_text(encoding="utf-8")
        for line in raw.splitlines():  # the body's configured application forms come with its setup
            if line.strip().startswith(("DOCX:", "PDF:")):
                rel = line.split(":", 1)[1].strip()
                target = project / "content" / body_id / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(REPO / "tests" / "fixtures" / "platform" / "content" / body_id / rel, target)
    (project / "site_config" / "platform.yml").write_text(platform_yml, encoding="utf-8")
    return project


def county_item(serial: str = "2026-00001", **fields: str) -> str:
    return item_md(**{"索引号": f"{CODE}/{serial}", "发布日期": "2026-03-01", **fields})


def test_platform_file_loads_one_model_per_body_with_its_kind_prefix_and_item_urls(tmp_path: Path) -> None:
    project = make_platform(
        tmp_path / "p",
        {
            "qtwj/2026-00001.md": county_item(),
            "fgw/qtwj/2026-00001.md": fgw_item(),
            "czz/qtwj/2026-00001.md": czz_item(),
        },
    )
    loaded = load(project, check=False)
    assert loaded.errors == []
    platform = loaded.platform
    assert (platform.name, platform.url) == ("示例县人民政府门户网站", "https://www.example.gov.cn/")
    assert [(b.id, b.kind, b.prefix) for b in platform.bodies] == [
        ("xzf", "本级政府", ""),
        ("fgw", "部门", "fgw/"),
        ("czz", "乡镇", "czz/"),
    ]
    assert platform.home is platform.bodies[0] and platform.body("fgw") is platform.departments[0]
    assert [b.id for b in platform.townships] == ["czz"]
    home, fgw, czz = platform.bodies
    assert [i.url for i in home.items] == ["qtwj/2026-00001/"]  # the 本级政府's URLs do not move
    assert [(i.url, i.dest_uri, i.file) for i in fgw.items] == [
        ("fgw/qtwj/2026-00001/", "fgw/qtwj/2026-00001/index.html", "content/fgw/qtwj/2026-00001.md")
    ]
    assert [i.url for i in czz.items] == ["czz/qtwj/2026-00001/"]
    assert fgw.body.name == "示例县发展和改革委员会" and fgw.body.config_file == "site_config/bodies/fgw.yml"
    assert fgw.docs_dir == str((project / "content" / "fgw").resolve())
    # a department gets no county-only columns (条例第二十一条), a township gets the 乡镇 ones
    assert "市政建设" not in fgw.catalog.by_name and "市政建设" in home.catalog.by_name
    assert "农业农村政策" in czz.catalog.by_name and "农业农村政策" not in fgw.catalog.by_name


def test_the_same_serial_in_two_bodies_is_fine_but_twice_within_a_body_is_an_error_naming_both_files(tmp_path: Path) -> None:
    project = make_platform(
        tmp_path / "p",
        {
            "qtwj/2026-00001.md": county_item(),
            "fgw/qtwj/2026-00001.md": fgw_item(),
            "czz/qtwj/2026-00001.md": czz_item(),
            "czz/qtwj/again.md": czz_item(标题="同一序号的第二份文件"),
        },
    )
    loaded = load(project)
    dup = [f for f in loaded.errors if f.rule == "index-duplicate"]
    assert sorted(f.file for f in dup) == ["content/czz/qtwj/2026-00001.md", "content/czz/qtwj/again.md"]
    assert all(f"{CZZ}/2026-00001" in f.message for f in dup)
    assert [i.index_no for i in loaded.platform.body("fgw").items] == [f"{FGW}/2026-00001"]


def test_an_item_with_another_bodys_index_prefix_is_an_error_in_its_own_body(tmp_path: Path) -> None:
    project = make_platform(tmp_path / "p", {"fgw/qtwj/a.md": fgw_item(索引号=f"{CODE}/2026-00002")})
    errors = [f for f in load(project).errors if f.file == "content/fgw/qtwj/a.md"]
    assert errors and errors[0].field == "索引号" and FGW in errors[0].expected + errors[0].message


def test_a_defect_in_one_body_never_hides_another_bodys(tmp_path: Path) -> None:
    project = make_platform(
        tmp_path / "p",
        {
            "fgw/qtwj/a.md": fgw_item(栏目="不存在的栏目"),
            "czz/qtwj/b.md": czz_item(发布日期="2026-13-01"),
            "qtwj/c.md": county_item(发布日期="2030-01-01"),
        },
    )
    rules = {f.file: f.rule for f in load(project).errors}
    assert rules == {"content/fgw/qtwj/a.md": "column-unknown", "content/czz/qtwj/b.md": "date-invalid", "content/qtwj/c.md": "date-future"}


@pytest.mark.parametrize(
    ("platform_yml", "rule", "line", "words"),
    [
        (PLATFORM_YML.replace("部门: [fgw]", "部门: [fgw, swj]"), "platform-body-missing", 4, "site_config/bodies/swj.yml"),
        (PLATFORM_YML.replace("乡镇: [czz]", "乡镇: [czz, fgw]"), "platform-id", 5, "重复"),
        (PLATFORM_YML.replace("部门: [fgw]", "部门: [fgw, gfxwj]"), "platform-id", 4, "栏目路径"),
        (PLATFORM_YML.replace("部门: [fgw]", "部门: [fgw, xzf]"), "platform-id", 4, "本级政府"),
        (PLATFORM_YML.replace("本级政府: xzf", "本级政府: XZF"), "schema-pattern", 3, "本级政府"),
    ],
)
def test_a_bad_platform_file_is_a_chinese_error_with_file_line_and_fix(
    tmp_path: Path, platform_yml: str, rule: str, line: int, words: str
) -> None:
    project = make_platform(tmp_path / "p", {}, platform_yml)
    errors = [f for f in load(project).errors if f.file == "site_config/platform.yml"]
    assert errors, [f.format() for f in load(project).findings]
    f = errors[0]
    assert (f.rule.split("-")[0], f.line) == (rule.split("-")[0], line)
    assert words in f.message + f.field + f.expected
    assert f.expected


def test_a_body_config_file_missing_from_platform_yml_is_an_error_naming_that_file(tmp_path: Path) -> None:
    project = make_platform(tmp_path / "p", {}, PLATFORM_YML.replace("乡镇: [czz]\n", ""))
    errors = [f for f in load(project).errors if f.rule == "platform-body-unlisted"]
    assert [f.file for f in errors] == ["site_config/bodies/czz.yml"]
    assert "乡镇" in errors[0].expected and "platform.yml" in errors[0].expected
    # ...and without any platform.yml the bodies/ file is just as wrong
    (project / "site_config" / "platform.yml").unlink()
    assert {f.file for f in load(project).errors if f.rule == "platform-body-unlisted"} == {
        "site_config/bodies/czz.yml",
        "site_config/bodies/fgw.yml",
    }


def test_a_body_config_error_names_its_own_file(tmp_path: Path) -> None:
    project = make_platform(tmp_path / "p", {"czz/qtwj/b.md": czz_item()})
    path = project / "site_config" / "bodies" / "fgw.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('统一社会信用代码: "11360999001234626T"', '统一社会信用代码: "11360999001234626X"'),
        encoding="utf-8",
    )
    loaded = load(project)
    assert [(f.file, f.rule) for f in loaded.errors] == [("site_config/bodies/fgw.yml", "credit-code-check")]
    assert [i.url for i in loaded.platform.body("czz").items] == ["czz/qtwj/2026-00001/"]  # the other bodies still load


def test_check_body_reports_one_body_and_the_whole_check_counts_every_bodys_items(tmp_path: Path) -> None:
    project = make_platform(
        tmp_path / "p",
        {
            "qtwj/a.md": county_item(),
            "fgw/qtwj/a.md": fgw_item(栏目="不存在的栏目"),
            "czz/qtwj/b.md": czz_item(),
            "czz/qtwj/c.md": czz_item("2026-00002"),
        },
    )
    whole = gongkai("check", "--root", str(project), "--today", "2026-12-05")
    assert "共检查 3 条信息：1 个错误" in whole.stdout  # the county's item, both of czz's (fgw's has an error)
    czz = gongkai("check", "--root", str(project), "--today", "2026-12-05", "--body", "czz", "--format", "json")
    assert czz.returncode == 0, czz.stdout + czz.stderr
    files = {f["file"] for f in json.loads(czz.stdout)}
    assert files and all(not f.startswith(("content/fgw/", "site_config/body.yml", "site_config/bodies/fgw")) for f in files)
    fgw = gongkai("check", "--root", str(project), "--today", "2026-12-05", "--body", "fgw")
    assert fgw.returncode == 1 and "content/fgw/qtwj/a.md" in fgw.stdout and "共检查 0 条信息：1 个错误" in fgw.stdout
    unknown = gongkai("check", "--root", str(project), "--body", "swj")
    assert unknown.returncode == 2 and "平台上没有机关「swj」" in unknown.stderr and "fgw" in unknown.stderr


BODY_FACTS = ["--code", FGW, "--doc-prefix", "示交字", "--address", "示例县人民路1号", "--postcode", "330999", "--phone", "0799-1234000"]
BODY_FACTS += ["--fax", "0799-1234001", "--email", "jtj@example.gov.cn", "--complaint", "示例县人民政府办公室，电话 0799-1234567"]


def test_body_add_writes_the_body_config_its_folders_and_the_platform_file_and_the_body_checks_clean(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"qtwj/a.md": county_item()})
    done = gongkai("body", "add", "jtj", "--名称", "示例县交通运输局", "--类型", "部门", *BODY_FACTS, "--root", str(project), "--no-input")
    assert done.returncode == 0, done.stderr
    assert "site_config/bodies/jtj.yml" in done.stdout
    platform_yml = (project / "site_config" / "platform.yml").read_text(encoding="utf-8")
    assert "部门: [jtj]" in platform_yml and "本级政府: xzf" in platform_yml
    assert (project / "content" / "jtj" / "qtwj" / ".gitkeep").is_file()
    (project / "content" / "jtj" / "qtwj" / "a.md").write_text(
        fgw_item(发文机关="示例县交通运输局", 标题="交通运输局通知"), encoding="utf-8"
    )  # the 统一社会信用代码 given above is fgw's
    loaded = load(project)
    assert loaded.errors == [], [f.format() for f in loaded.errors]
    jtj = loaded.platform.body("jtj")
    assert jtj is not None and jtj.kind == "部门" and [i.url for i in jtj.items] == ["jtj/qtwj/2026-00001/"]
    assert "市政建设" not in jtj.catalog.by_name  # a department's columns
    again = gongkai("body", "add", "jtj", "--名称", "示例县交通运输局", "--类型", "部门", *BODY_FACTS, "--root", str(project), "--no-input")
    assert again.returncode == 1 and "已存在" in again.stderr


def test_body_add_refuses_an_id_that_is_a_column_path(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    done = gongkai("body", "add", "gfxwj", "--名称", "某局", "--类型", "部门", *BODY_FACTS, "--root", str(project), "--no-input")
    assert done.returncode == 2 and "栏目路径" in done.stderr
    assert not (project / "site_config" / "platform.yml").exists()


def test_new_with_body_writes_into_the_bodys_folder_with_its_own_next_serial(tmp_path: Path) -> None:
    project = make_platform(tmp_path / "p", {"qtwj/2026-00007.md": county_item("2026-00007"), "fgw/qtwj/a.md": fgw_item("2026-00003")})
    done = gongkai("new", "其他文件", "关于做好价格监测工作的通知", "--body", "fgw", "--today", "2026-12-01", "--root", str(project))
    assert done.returncode == 0, done.stderr
    assert f"索引号 {FGW}/2026-00004" in done.stdout  # fgw's serials, not the county's 00007
    assert list((project / "content" / "fgw" / "qtwj").glob("2026-00004-*.md"))
    unknown = gongkai("new", "其他文件", "关于某事的通知", "--body", "swj", "--root", str(project))
    assert unknown.returncode == 2 and "平台上没有机关「swj」" in unknown.stderr


def test_joint_documents_need_two_issuers_and_the_check_asks_for_the_lead_body_and_full_names(tmp_path: Path) -> None:
    project = make_platform(
        tmp_path / "p",
        {
            "qtwj/by-one-department.md": county_item(发文机关="示例县发展和改革委员会"),  # a 本级政府 item, not joint
            "fgw/qtwj/joint.md": fgw_item(发文机关=["示例县发展和改革委员会", "示例县城关镇人民政府"]),
            "fgw/qtwj/no-lead.md": fgw_item("2026-00002", 发文机关=["示例县人民政府办公室", "示例县城关镇人民政府"]),
            "czz/qtwj/short.md": czz_item(发文机关=["示例县城关镇人民政府", "县发展改革委"]),
        },
    )
    loaded = load(project, check=True)
    fgw, czz = loaded.platform.body("fgw"), loaded.platform.body("czz")
    assert [i.file for i in czz.joint_items] == ["content/fgw/qtwj/joint.md", "content/fgw/qtwj/no-lead.md"]
    assert fgw.joint_items == () and loaded.platform.home.joint_items == ()
    assert {i.file for i in czz.by_column["qtwj"]} == {
        "content/czz/qtwj/short.md",
        "content/fgw/qtwj/joint.md",
        "content/fgw/qtwj/no-lead.md",
    }
    rules = {(f.file, f.rule) for f in loaded.findings if f.rule.startswith("joint-")}
    assert rules == {("content/fgw/qtwj/no-lead.md", "joint-lead-missing"), ("content/czz/qtwj/short.md", "joint-name-short")}
    short = next(f for f in loaded.findings if f.rule == "joint-name-short")
    assert "示例县发展和改革委员会" in short.expected
