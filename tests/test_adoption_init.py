"""`gongkai init` turns the shipped sample into one body's project; `gongkai new` then writes that body's items.

Each test starts from a project holding the fixture county exactly as a fresh clone ships it (content/ and
site_config/ of 示例县), runs the real CLI in a subprocess and builds with the real `mkdocs build --strict`.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import gongkai, make_project, mkdocs_build

DEPARTMENT = {
    "--name": "示例县交通运输局",
    "--type": "政府部门",
    "--code": "11520100MB1234567P",
    "--doc-prefix": "示交发",
    "--address": "示例县城关镇交通路8号",
    "--postcode": "330999",
    "--phone": "0799-2345678",
    "--fax": "0799-2345679",
    "--email": "jtj@example.gov.cn",
    "--url": "https://jtj.example.gov.cn/xxgk",
    "--complaint": "示例县人民政府办公室，电话 0799-1234567",
    "--review": "示例县人民政府",
    "--court": "示例县人民法院",
}


def init_args(**override: str) -> list[str]:
    facts = {**DEPARTMENT, **{f"--{k.replace('_', '-')}": v for k, v in override.items()}}
    return [part for pair in facts.items() for part in pair]


def sample_clone(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj", sample=True)


def test_init_writes_the_department_config_moves_the_sample_to_examples_and_the_empty_site_builds(tmp_path: Path) -> None:
    root = sample_clone(tmp_path)
    sample_items = sorted(p.relative_to(root / "content") for p in (root / "content").rglob("*.md"))
    proc = gongkai("init", "--no-input", "--root", str(root), *init_args())
    assert proc.returncode == 0, proc.stderr
    assert "移动 content/ → examples/content/" in proc.stdout and "写入 site_config/body.yml" in proc.stdout
    assert "修改 mkdocs.yml：site_name、site_description、site_url" in proc.stdout
    assert sorted(p.relative_to(root / "examples/content") for p in (root / "examples/content").rglob("*.md")) == sample_items
    assert "机关名称: 示例县人民政府" in (root / "examples/site_config/body.yml").read_text(encoding="utf-8")
    assert list((root / "content").rglob("*.md")) == []
    keeps = sorted(p.parent.name for p in (root / "content").rglob(".gitkeep"))
    assert "qtwj" in keeps and "gfxwj" in keeps and "gz" not in keeps  # 规章 only for 设区的市级

    body = yaml.safe_load((root / "site_config/body.yml").read_text(encoding="utf-8"))
    assert body["机关名称"] == "示例县交通运输局" and body["机关类型"] == "政府部门" and body["行政层级"] == "部门"
    assert body["统一社会信用代码"] == "11520100MB1234567P" and body["公开工作机构"]["邮政编码"] == "330999"
    assert body["网站标识"]["ICP备案号"]["待取得"] is True and "标准目录" not in body
    cfg = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert cfg["site_name"] == "示例县交通运输局 政府信息公开" and cfg["site_url"] == "https://jtj.example.gov.cn/xxgk/"

    result = mkdocs_build(root)
    assert result.ok, result.output
    listing = (result.site / "qtwj/index.html").read_text(encoding="utf-8")
    assert "本栏目暂无信息" in listing
    assert "示例县交通运输局" in (result.site / "zhinan/index.html").read_text(encoding="utf-8")
    assert not (result.site / "bzml").exists()  # no 标准目录 for a department that selected none
    check = gongkai("check", "--root", str(root))
    assert check.returncode == 0 and "空栏目" in check.stdout and "已达单项否决标准" in check.stdout


def test_init_refuses_to_overwrite_a_body_own_config_and_force_keeps_its_items(tmp_path: Path) -> None:
    root = sample_clone(tmp_path)
    assert gongkai("init", "--no-input", "--root", str(root), *init_args()).returncode == 0
    item = root / "content/qtwj/a.md"
    item.write_text("---\n标题: 一条本机关的信息\n---\n", encoding="utf-8")
    before = (root / "site_config/body.yml").read_text(encoding="utf-8")
    again = gongkai("init", "--no-input", "--root", str(root), *init_args(name="别的局"))
    assert again.returncode == 1
    assert "site_config/body.yml 已是本机关的配置（统一社会信用代码 11520100MB1234567P），未做任何修改" in again.stderr
    assert "--force" in again.stderr and (root / "site_config/body.yml").read_text(encoding="utf-8") == before
    forced = gongkai("init", "--no-input", "--force", "--root", str(root), *init_args(name="示例县交通运输管理局"))
    assert forced.returncode == 0, forced.stderr
    assert "示例县交通运输管理局" in (root / "site_config/body.yml").read_text(encoding="utf-8")
    assert item.read_text(encoding="utf-8") == "---\n标题: 一条本机关的信息\n---\n"
    assert "移动" not in forced.stdout


def test_init_rejects_a_wrong_credit_code_and_names_the_right_check_character(tmp_path: Path) -> None:
    root = sample_clone(tmp_path)
    proc = gongkai("init", "--no-input", "--root", str(root), *init_args(code="11520100MB1234567X"))
    assert proc.returncode == 2
    assert "--code（统一社会信用代码）「11520100MB1234567X」不对：校验位不对（GB 32100-2015）：按前17位，第18位应为「P」" in proc.stderr
    assert (root / "content/qtwj").is_dir() and not (root / "examples").exists()  # nothing changed


def test_init_asks_for_the_facts_not_given_and_repeats_a_wrong_answer(tmp_path: Path) -> None:
    root = sample_clone(tmp_path)
    given = init_args()
    for option in ("--name", "--type", "--postcode"):
        i = given.index(option)
        del given[i : i + 2]
    # prompts in FACTS order for what no option gave: 机关名称, 机关类型, 公开工作机构名称 (Enter: the default),
    # 邮政编码 (twice: the first answer is wrong); then the input ends and the remaining defaults are taken
    answers = "示例县农业农村局\n政府部门\n\n33099\n330999\n"
    proc = gongkai("init", "--root", str(root), *given, stdin=answers)
    assert proc.returncode == 0, proc.stderr
    assert "机关名称（如 示例县交通运输局）：" in proc.stdout and "「33099」不对：应为6位数字。请重新输入。" in proc.stdout
    body = yaml.safe_load((root / "site_config/body.yml").read_text(encoding="utf-8"))
    assert body["机关名称"] == "示例县农业农村局" and body["公开工作机构"]["邮政编码"] == "330999"
    assert body["公开工作机构"]["名称"] == "示例县农业农村局办公室"  # the default built from the name


def test_init_without_input_lists_the_missing_option(tmp_path: Path) -> None:
    root = sample_clone(tmp_path)
    args = init_args()
    i = args.index("--fax")
    del args[i : i + 2]
    proc = gongkai("init", "--no-input", "--root", str(root), *args)
    assert proc.returncode == 2 and "缺少 --fax（传真号码）" in proc.stderr


def test_new_fills_the_doc_number_with_the_body_own_prefix_and_a_interpretation_names_its_target(tmp_path: Path) -> None:
    root = sample_clone(tmp_path)
    assert gongkai("init", "--no-input", "--root", str(root), *init_args()).returncode == 0
    env = {"GONGKAI_TODAY": "2026-11-24"}
    doc = gongkai("new", "行政规范性文件", "示例县农村公路养护管理办法", "--root", str(root), env=env)
    assert doc.returncode == 0, doc.stderr
    path = next((root / "content/gfxwj").glob("2026-00001-*.md"))
    assert "# 发文字号: 【待填写】示交发〔2026〕1号" in path.read_text(encoding="utf-8")
    missing = gongkai("new", "政策解读", "解读农村公路养护管理办法", "--root", str(root), env=env)
    assert missing.returncode == 2 and "加 --解读对象 被解读文件的索引号" in missing.stderr
    jd = gongkai("new", "政策解读", "解读农村公路养护管理办法", "--解读对象", "11520100MB1234567P/2026-00001", "--root", str(root), env=env)
    assert jd.returncode == 0, jd.stderr
    meta = yaml.safe_load(next((root / "content/zcjd").glob("*.md")).read_text(encoding="utf-8").split("---")[1])
    assert meta["解读对象"] == ["11520100MB1234567P/2026-00001"] and meta["解读形式"] == "文字解读"
    for item in (root / "content").rglob("*.md"):  # staff write the bodies: 【待填写】 never reaches the site
        text = item.read_text(encoding="utf-8")
        item.write_text(text[: text.rindex("【待填写】在此填写正文")] + "正文。\n", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.ok, result.output


def test_a_column_switched_off_in_body_yml_has_no_page_and_an_unknown_name_gets_the_closest(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    body_path = root / "site_config/body.yml"
    body_path.write_text(body_path.read_text(encoding="utf-8") + "停用栏目: [治安管理, 公益事业]\n", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.ok, result.output
    assert not (result.site / "zaxx").exists() or "治安管理" not in (result.site / "zaxx/index.html").read_text(encoding="utf-8")
    check = gongkai("check", "--root", str(root))
    assert "治安管理" not in check.stdout and "公益事业" not in check.stdout
    body_path.write_text(body_path.read_text(encoding="utf-8").replace("[治安管理, 公益事业]", "[治按管理]"), encoding="utf-8")
    wrong = gongkai("check", "--root", str(root))
    assert wrong.returncode == 1
    assert "错误[column-disable-unknown] 停用栏目「治按管理」不是本机关栏目目录中的栏目" in wrong.stdout
    assert "是不是：治安管理" in wrong.stdout
