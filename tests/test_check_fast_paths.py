"""The speed paths of `gongkai check` change nothing a staff member sees.

- The compiled schema pre-check (fastjsonschema) accepts exactly what jsonschema accepts, on every
  schema shipped in catalog_schema/ and on many broken variants of an item's front matter.
- Building front matter straight from the YAML node tree gives the same value as PyYAML's constructor.
- The body pre-checks (personal data, HTML) never hide a finding the full scan makes.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CODE, REPO
from gongkai import schema
from gongkai.checks import privacy
from gongkai.render import Renderer
from gongkai.source import frontmatter

ITEM_SCHEMA = REPO / "catalog_schema" / "item.schema.json"

VALID: dict[str, Any] = {
    "标题": "示例县人民政府关于做好2024年春耕生产工作的通知",
    "索引号": f"{CODE}/2024-00001",
    "栏目": "行政规范性文件",
    "发文机关": ["示例县人民政府办公室", "示例县农业农村局"],
    "发文字号": "示政办发〔2024〕3号",
    "成文日期": "2024-03-05",
    "形成日期": "2024-03-05",
    "发布日期": "2024-03-08",
    "主题词": ["春耕", "农业"],
    "有效性": {"状态": "已废止", "日期": "2025-01-01", "替代文件": f"{CODE}/2025-00001", "说明": "被新文件替代"},
    "附件": [{"文件": "fj.pdf", "名称": "附件1"}],
    "个人信息豁免": [{"值": "13800138000", "理由": "本机关公开的值班电话"}],
}
WRONG_VALUES: list[Any] = [None, 1, 2.5, True, "", "x", [], ["x"], {}, {"a": 1}, "2024-13-40", "a" * 300]


def variants() -> list[dict[str, Any]]:
    out = [copy.deepcopy(VALID)]
    for key in VALID:
        missing = copy.deepcopy(VALID)
        del missing[key]
        out.append(missing)
        for value in WRONG_VALUES:
            changed = copy.deepcopy(VALID)
            changed[key] = value
            out.append(changed)
    for path, value in [
        (("有效性", "状态"), "作废"),
        (("有效性", "日期"), 20250101),
        (("有效性", "多余"), "x"),
        (("附件", 0, "文件"), ""),
        (("附件", 0, "大小"), 1),
        (("个人信息豁免", 0, "理由"), ""),
    ]:
        changed = copy.deepcopy(VALID)
        target = changed
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        out.append(changed)
    for extra in ({"标 题": "x"}, {1: "x"}, {"公开属性": "不予公开"}, {"公开属性": "依申请公开"}, {"解读对象": []}):
        out.append({**copy.deepcopy(VALID), **extra})
    out += [[], "text", 3, None, {}]
    return out


def test_fast_schema_check_accepts_exactly_what_jsonschema_accepts_for_items() -> None:
    fast = schema.fast_check(str(ITEM_SCHEMA))
    assert fast is not None
    full = schema.validator(str(ITEM_SCHEMA))
    cases = variants()
    disagreements = [c for c in cases if fast(c) != full.is_valid(c)]
    assert not disagreements, disagreements[:3]
    assert sum(map(fast, cases)) >= 3 and sum(not fast(c) for c in cases) > 100  # both outcomes are exercised


@pytest.mark.parametrize("path", sorted((REPO / "catalog_schema").glob("*.schema.json")), ids=lambda p: p.name)
def test_every_shipped_schema_has_a_fast_path_that_agrees_on_its_own_data(path: Path) -> None:
    fast = schema.fast_check(str(path))
    full = schema.validator(str(path))
    data_file = path.with_name(path.name.replace(".schema.json", ".yml"))
    samples: list[Any] = [{}, [], None, "x"]
    if data_file.is_file():
        samples.append(yaml.safe_load(data_file.read_text(encoding="utf-8")))
    if fast is None:  # a schema using keywords whose meaning differs between drafts keeps the full path
        return
    for sample in samples:
        assert fast(sample) == full.is_valid(sample), (path.name, sample if not isinstance(sample, dict) else "data file")


def test_schema_keywords_that_differ_between_drafts_disable_the_fast_path(tmp_path: Path) -> None:
    for extra in ({"unevaluatedProperties": False}, {"prefixItems": [{"type": "string"}]}):
        path = tmp_path / f"s{len(extra)}{next(iter(extra))}.json"
        path.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", **extra}), "utf-8")
        assert schema.fast_check(str(path)) is None
    ref = tmp_path / "ref.json"
    ref.write_text(json.dumps({"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s", "minLength": 3}), encoding="utf-8")
    assert schema.fast_check(str(ref)) is None  # 2020-12 applies minLength next to $ref; draft-07 would not


YAML_DOCS = [
    "标题: 通知\n索引号: 'A/2024-00001'\n发布日期: 2024-03-08\n",
    "a: 1\nb: 2.5\nc: true\nd: null\ne: ~\nf: 0x1F\ng: 1_000\nh: .inf\ni: 2024-03-08T10:00:00\n",
    "列表: [1, 二, 'x: y', \"引号\"]\n嵌套:\n  - 文件: a.pdf\n    名称: 甲\n  - {文件: b.pdf}\n空: []\n",
    "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\nalias: *b\n",
    "? [复杂, 键]\n: 值\n",
    "a: !!str 123\nb: !!int '7'\nc: !!binary aGVsbG8=\n",
    "self: &s [1, *s]\n",
    "重复: 1\n重复: 2\n",
    "= : 值\n",
    "多行: |\n  第一行\n  第二行\n折叠: >\n  一\n  二\n",
]


@pytest.mark.parametrize("text", YAML_DOCS)
def test_front_matter_built_from_nodes_equals_pyyaml(text: str) -> None:
    def reference() -> Any:
        loader = frontmatter.TextDateLoader(text)
        try:
            return loader.construct_document(loader.get_single_node())
        finally:
            loader.dispose()

    def fast() -> Any:
        loader = frontmatter.TextDateLoader(text)
        try:
            return frontmatter._construct(loader, loader.get_single_node())
        finally:
            loader.dispose()

    try:
        expected = reference()
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)):
            fast()
        return
    got = fast()
    assert repr(got) == repr(expected)


@pytest.mark.parametrize(
    "text",
    [
        "身份证 11010519491231002X，旧号 110105491231002。",
        "手机 138-0013-8000、+86 139 0013 9000；座机 0799-1234567。",
        "卡号 6228 4804 0256 4890 018 与 6228-4804-0256-4890-018。",
        "电话 0799-1234653，编号 20240308001，金额 12345678.90。",
        '<a href="x" onclick="y">a</a> <script>1</script> [x](javascript:1) src=javascript:1',
        "```\n<script>在代码里</script>\n```\n正文",
        "没有任何数字或标记的正文。",
        "只有 & 和 javascript:alert(1) 与 https://evil.example/x.png 的文字",
        "# 标题\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n",
    ],
)
def test_body_prechecks_never_hide_a_finding(text: str) -> None:
    spans = [m.span() for p in (privacy._ID18, privacy._ID15, privacy._MOBILE, privacy._CARD) for m in p.finditer(text)]
    assert all(privacy._ANY_NUMBER.search(text[a:b]) for a, b in spans)  # whatever a full pattern matches passes the pre-check
    if spans:
        assert list(privacy.scan(text))
    renderer = Renderer(["toc", "tables", "fenced_code", "attr_list"], {})
    if renderer.inspect(text) is None:  # the fast path skipped rendering: the rendered text must be clean
        assert renderer.gate.inspect(renderer.html(text)).clean
