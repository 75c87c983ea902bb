"""Messages a clerk understands: YAML mistakes in items, site_config/*.yml and catalog files come out entirely in
Chinese on the line to fix, naming the field; values YAML reads as numbers or dates get "加引号"; list positions
count from 1; unknown names get the closest ones first; a file with its own error is never called "不存在".

Every case runs the real `gongkai check` (and, where it matters, the strict build) on a project in tmp_path.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CODE, gongkai, item_md, make_project, mkdocs_build

PARSER_ENGLISH = re.compile(r"mapping|expected|found|scanning|token|stream|parsing|block|alias|anchor|could not|while", re.I)


def check(root: Path) -> str:
    return gongkai("check", "--root", str(root), "--today", "2026-11-24").stdout


def lines_with(output: str, rule: str) -> list[str]:
    return [line for line in output.splitlines() if f"[{rule}]" in line]


def test_full_width_colon_names_its_own_line_and_field(tmp_path: Path) -> None:
    text = item_md().replace("栏目: 其他文件", "栏目：其他文件")
    root = make_project(tmp_path / "p", {"qtwj/a.md": text})
    line_no = text.splitlines().index("栏目：其他文件") + 1
    (found,) = lines_with(check(root), "yaml-syntax")
    assert found.startswith(f"content/qtwj/a.md:{line_no}: 错误[yaml-syntax] 「栏目」后面用了全角冒号“：”")
    assert "改成半角冒号加一个空格：栏目: …" in found and not PARSER_ENGLISH.search(found)


def test_yaml_syntax_errors_are_all_chinese_on_the_line_to_fix(tmp_path: Path) -> None:
    cases = {
        "quote.md": ("标题: 示例", '标题: "示例县关于春耕的通知'),  # unclosed quote: the line it opens on
        "colon.md": ("发文机关: 示例县人民政府办公室", "发文机关: 示例县: 人民政府办公室"),
        "bracket.md": ("发文机关: 示例县人民政府办公室", "发文机关: [示例县人民政府, 示例县财政局"),
    }
    items = {}
    for name, (old, new) in cases.items():
        text = item_md()
        line_of_key = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(old.split(":")[0] + ":"))
        items[f"qtwj/{name}"] = text.replace(text.splitlines()[line_of_key - 1], new)
        cases[name] = (old.split(":")[0], str(line_of_key))
    root = make_project(tmp_path / "p", items)
    found = lines_with(check(root), "yaml-syntax")
    assert len(found) == 3
    for name, (key, line_no) in cases.items():
        (line,) = [f for f in found if f.startswith(f"content/qtwj/{name}:")]
        assert line.startswith(f"content/qtwj/{name}:{line_no}: 错误[yaml-syntax] 元数据（YAML）格式错误："), line
        assert f"（字段：{key}）" in line and not PARSER_ENGLISH.search(line), line


def test_site_config_yaml_error_is_chinese_too(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    body = root / "site_config/body.yml"
    text = body.read_text(encoding="utf-8").replace("简称: 示例县", "简称：示例县")
    body.write_text(text, encoding="utf-8")
    line_no = text.splitlines().index("简称：示例县") + 1
    out = check(root)
    (found,) = lines_with(out, "yaml-syntax")
    assert found.startswith(f"site_config/body.yml:{line_no}: 错误[yaml-syntax] 「简称」后面用了全角冒号")
    assert not PARSER_ENGLISH.search(out.split("栏目完整性")[0])


def test_all_digit_credit_code_and_postcode_ask_for_quotes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    body = root / "site_config/body.yml"
    text = body.read_text(encoding="utf-8").replace(f"统一社会信用代码: {CODE}", "统一社会信用代码: 113609990012345671")
    text = text.replace('邮政编码: "330999"', "邮政编码: 330999")
    body.write_text(text, encoding="utf-8")
    out = check(root)
    code_line = text.splitlines().index("统一社会信用代码: 113609990012345671") + 1
    expected = f"site_config/body.yml:{code_line}: 错误[schema] 「统一社会信用代码」的值没有加引号，被 YAML 读成了数字，但它应是文字"
    assert expected in out
    assert '加引号：把值原样写在英文双引号里，如 统一社会信用代码: "……"' in out
    assert "「公开工作机构 → 邮政编码」的值没有加引号，被 YAML 读成了数字" in out
    assert "int" not in out.split("栏目完整性")[0]


def test_positions_count_from_one(tmp_path: Path) -> None:
    text = item_md(附件=[{"文件": "附件/a.pdf", "名称": "附件一"}, {"名称": "附件二"}])
    root = make_project(tmp_path / "p", {"qtwj/a.md": text})
    (root / "content/qtwj/附件").mkdir()
    (root / "content/qtwj/附件/a.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    out = check(root)
    (found,) = [line for line in lines_with(out, "schema") if "附件" in line]
    assert "缺少必填字段第2个附件的「文件」" in found and "（字段：第2个附件的「文件」" in found
    assert "附件/1" not in found and "→ 1 →" not in found


def test_unknown_column_lists_the_closest_names_first(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(栏目="行政规范文件")})
    (found,) = lines_with(check(root), "column-unknown")
    assert "栏目「行政规范文件」不存在" in found
    assert "应为：是不是：行政规范性文件" in found and found.index("行政规范性文件") < found.index("以下之一")


def test_a_target_whose_file_has_its_own_error_is_not_called_missing(tmp_path: Path) -> None:
    broken = item_md(索引号=f"{CODE}/2024-00001", 栏目="行政规范性文件", 有效性={"状态": "有效"}).replace("标题: ", "标题：")
    interpretation = item_md(
        索引号=f"{CODE}/2024-00002", 栏目="政策解读", 解读对象=[f"{CODE}/2024-00001"], 解读形式="文字解读", 解读机关="示例县人民政府"
    )
    root = make_project(tmp_path / "p", {"gfxwj/doc.md": broken, "zcjd/jd.md": interpretation})
    out = check(root)
    assert lines_with(out, "yaml-syntax") and "content/gfxwj/doc.md" in lines_with(out, "yaml-syntax")[0]
    assert lines_with(out, "jd-target-unknown") == [] and f"{CODE}/2024-00001」不存在" not in out


def test_wrong_enum_value_in_body_lists_the_allowed_values(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    body = root / "site_config/body.yml"
    body.write_text(body.read_text(encoding="utf-8").replace("行政层级: 县级", "行政层级: 区级"), encoding="utf-8")
    (found,) = lines_with(check(root), "schema")
    assert "「行政层级」的值「区级」不在可选范围内" in found and "可选：县级、设区的市级、乡级、部门、省级" in found
    result = mkdocs_build(root)
    assert not result.ok and "可选：县级、设区的市级、乡级、部门、省级" in result.output


def test_a_build_warning_says_that_the_strict_build_stops_for_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(发文字号="示政办发[2024]3号", 成文日期="2024-03-05")})
    result = mkdocs_build(root)
    assert not result.ok
    (warning,) = [line for line in result.output.splitlines() if "示政办发[2024]3号" in line and "WARNING" in line]
    assert warning.endswith("（严格模式 --strict 下，如 make site，这条警告会使网站不生成）")


def enum_values(node: object) -> set[str]:
    """Every value of every `enum` in a JSON Schema."""
    if isinstance(node, dict):
        found = set(map(str, node.get("enum", ())))
        for child in node.values():
            found |= enum_values(child)
        return found
    if isinstance(node, list):
        return set().union(*(enum_values(child) for child in node)) if node else set()
    return set()


def test_readme_configuration_reference_lists_every_allowed_value_of_every_enumerated_key() -> None:
    import json

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    reference = readme[readme.index("## 配置") : readme.index("## 检查")]
    for name in ("site_config.schema.json", "catalog.schema.json", "inspection.schema.json", "holidays.schema.json"):
        values = enum_values(json.loads((REPO / "catalog_schema" / name).read_text(encoding="utf-8")))
        assert [v for v in sorted(values) if v not in reference] == [], name


def test_body_type_and_level_must_agree(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    body = root / "site_config/body.yml"
    body.write_text(body.read_text(encoding="utf-8").replace("行政层级: 县级", "机关类型: 政府部门\n行政层级: 县级"), encoding="utf-8")
    (found,) = lines_with(check(root), "body-type-level")
    assert "机关类型「政府部门」与行政层级「县级」不一致" in found and "应为：部门" in found
