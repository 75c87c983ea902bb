"""Odd YAML types in item front matter (lists for strings, numbers, nulls, huge numbers, nested mappings,
placeholders) give findings, never a traceback: one `gongkai check` and one `mkdocs build` over 60 fuzzed files."""

from __future__ import annotations

import random
from pathlib import Path

from conftest import TODAY, gongkai, item_md, make_project, mkdocs_build, set_plugins

KEYS = ["标题", "索引号", "栏目", "发文机关", "发布日期", "成文日期", "形成日期", "发文字号", "主题分类", "主题词", "内容概述", "公开属性",
        "不予公开理由", "有效性", "附件", "解读对象", "解读形式", "个人信息豁免", "标准事项", "公开说明", "未知字段"]  # fmt: skip


def odd(rng: random.Random) -> object:
    return rng.choice(
        ["", "【待填写】", -3, 10**30, 1.5, True, [], [1, [2]], {"a": {"b": 1}}, "2024-02-30", "x" * 3000, {"状态": [1]}, [{"文件": 1}],
         "【待填写】示例", ["【待填写】"], {"状态": "有效", "说明": "【待填写】"}]
    )  # fmt: skip


def test_fuzzed_front_matter_gives_findings_and_never_a_traceback(tmp_path: Path) -> None:
    rng = random.Random(20261124)
    items = {}
    for n in range(60):
        fields = {key: odd(rng) for key in rng.sample(KEYS, rng.randint(1, 4))}
        fields.setdefault("索引号", f"11360999001234567C/2024-{n + 1:05d}")
        items[f"qtwj/{n:02d}.md"] = item_md("正文。\n", **fields)
    root = make_project(tmp_path, items)
    check = gongkai("check", "--root", str(root), "--today", TODAY)
    assert check.returncode == 1 and "Traceback" not in check.stderr, check.stderr
    assert check.stdout.count("错误[") >= 30
    set_plugins(root, ["gongkai"])
    build = mkdocs_build(root)
    assert not build.ok and "Traceback" not in build.output and "未生成网站" in build.output
