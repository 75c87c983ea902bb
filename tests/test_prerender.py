"""Item pages whose Markdown another process converts ahead (gongkai.mkdocs_plugins.prerender, issue #19): the site is
byte for byte what MkDocs alone writes, and what MkDocs logs while converting still counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CODE, Build, item_md, make_project, mkdocs_build, tree


def items() -> dict[str, str]:
    body = (
        "## 一、总体要求\n\n正文，见[附件说明](#二保障措施)和[另一份通知](b.md)。\n\n"
        "## 二、保障措施\n\n| 项目 | 金额 |\n|---|---|\n| 春耕 | 100 万元 |\n\n<p id=\"raw\">原样的 HTML</p>\n"
    )
    out = {
        "a.md": item_md(body),
        "b.md": item_md("Note: 以元数据形式开头的正文\n\n第二段。\n", 索引号=f"{CODE}/2024-00002", 标题="第二份通知"),
    }
    for n in range(3, 9):
        out[f"c{n}.md"] = item_md(f"# 正文标题 {n}\n\n第 {n} 份文件的正文。\n", 索引号=f"{CODE}/2024-0000{n}", 标题=f"第{n}份通知")
    return out


def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, ahead: str, pages: dict[str, str]) -> Build:
    monkeypatch.setenv("GONGKAI_PRERENDER", ahead)
    return mkdocs_build(make_project(tmp_path / name, pages), extra=["--verbose"])


def test_items_converted_ahead_in_another_process_give_the_site_mkdocs_alone_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = build(tmp_path, monkeypatch, "alone", "0", items())
    ahead = build(tmp_path, monkeypatch, "ahead", "wait", items())  # every item from the other process
    shared = build(tmp_path, monkeypatch, "shared", "1", items())  # the two processes share them as their speeds allow
    assert alone.ok and ahead.ok and shared.ok, ahead.output + shared.output
    assert "由另一进程提前转换" not in alone.output
    assert "8 条信息的 Markdown 由另一进程提前转换" in ahead.output
    assert "采用了另一进程提前转换的 8 条信息，本进程转换 0 条" in ahead.output
    counts = re.search(r"采用了另一进程提前转换的 (\d+) 条信息，本进程转换 (\d+) 条", shared.output)
    assert counts is not None and int(counts[1]) + int(counts[2]) == 8, shared.output
    assert tree(ahead.site) == tree(alone.site) == tree(shared.site)


def test_a_warning_while_an_item_is_converted_ahead_still_stops_a_strict_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {**items(), "d.md": item_md("见[不存在的文件](missing.md)。\n", 索引号=f"{CODE}/2024-00009", 标题="第九份通知")}
    ahead = build(tmp_path, monkeypatch, "ahead", "wait", pages)
    assert not ahead.ok
    assert "missing.md" in ahead.output and "采用了另一进程提前转换的 9 条信息，本进程转换 0 条" in ahead.output
    assert "Traceback" not in ahead.output


def test_anchor_warnings_of_items_converted_ahead_are_those_mkdocs_alone_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without --verbose MkDocs records each page's links to anchors and checks them after the build: the links found
    # in the other process must come back as links to this process's files.
    pages = {
        **items(),
        "e.md": item_md("见[缺少的锚点](b.md#没有这一节)、[存在的锚点](a.md#二保障措施)和[本页](#也没有)。\n", 索引号=f"{CODE}/2024-00010"),
    }
    outputs = []
    for name, ahead in (("alone", "0"), ("ahead", "wait")):
        monkeypatch.setenv("GONGKAI_PRERENDER", ahead)
        project = make_project(tmp_path / name, pages)
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write("\nvalidation:\n  anchors: warn\n")
        done = mkdocs_build(project, strict=False)  # the fixture's mkdocs.yml is strict: the warnings stop the build
        assert "Traceback" not in done.output
        outputs.append([line for line in done.output.splitlines() if "WARNING" in line and "contains a link" in line])
    assert len(outputs[0]) == 4 and "没有这一节" in " ".join(outputs[0]) and "也没有" in " ".join(outputs[0]), outputs[0]
    assert outputs[0] == outputs[1]  # the same warnings, in the same order
