"""Reading item files in worker processes gives the same model as reading them in one process."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import weakref
from pathlib import Path

import pytest
from conftest import CODE, item_md, make_project
from gongkai import loader
from gongkai.model import Item
from gongkai.plaintext import EXCERPT_SOURCE_CHARS, excerpt
from gongkai.views import summary

TODAY = dt.date(2026, 11, 24)

BROKEN = {
    "zz/bad-yaml.md": "---\n标题: 关于春耕的通知\n索引号: x\n\t栏目: 其他文件\n---\n正文\n",
    "zz/no-front.md": "正文而已\n",
    "zz/gbk.md": item_md().replace("2024-00001", "2024-09001"),
    "zz/phone.md": item_md("联系人手机 13812348000。\n\n[链接](../nowhere.md)\n", 索引号=f"{CODE}/2024-09002"),
    "zz/column.md": item_md(栏目="不存在的栏目", 索引号=f"{CODE}/2024-09003"),
    "zz/dup.md": item_md(发布日期="2030-01-01"),
}


def _project(tmp_path: Path) -> Path:
    project = make_project(tmp_path, BROKEN, sample=True)
    gbk = project / "content" / "zz" / "gbk.md"
    gbk.write_bytes(gbk.read_text(encoding="utf-8").encode("gb18030"))
    return project


def _state(item: Item) -> tuple[object, ...]:
    """Every field (the body's opening included), the column by name (each load has its own catalog)."""
    fields = [getattr(item, f.name) for f in dataclasses.fields(Item) if f.name != "column"]
    return (item.column.name, *fields)


def test_workers_give_the_same_items_and_findings_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path)
    one_loaded = loader.load(project, today=TODAY, check=True, workers=1)
    monkeypatch.setattr(loader, "_CHUNK_FILES", 7)  # many chunks: their order must be kept
    two_loaded = loader.load(project, today=TODAY, check=True, workers=2)
    one, two = one_loaded.model, two_loaded.model
    assert one is not None and two is not None
    assert len(one.items) > 100
    assert [f.format() for f in two_loaded.findings] == [f.format() for f in one_loaded.findings]
    assert {f.rule for f in one_loaded.findings} >= {"yaml-syntax", "front-matter-missing", "encoding", "privacy-mobile", "column-unknown"}
    assert [_state(i) for i in two.items] == [_state(i) for i in one.items]
    catalog_columns = {id(c) for c in two.catalog.columns}
    assert all(id(i.column) in catalog_columns for i in two.items)  # the model's own Column objects, not copies
    assert list(two.by_src_uri) == list(one.by_src_uri)


def test_small_projects_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert loader._worker_count(loader.PARALLEL_MIN_FILES - 1) == 1
    monkeypatch.setenv("GONGKAI_WORKERS", "1")
    assert loader._worker_count(50_000) == 1


def test_excerpt_is_the_body_opening_as_plain_text(tmp_path: Path) -> None:
    body = "## 一、总体要求\n\n" + "（一）**加强**[协调](https://example.gov.cn/a)配合，形成工作合力。" * 40 + "\n"
    project = make_project(tmp_path, {"a.md": item_md(body)})
    model = loader.load(project, today=TODAY).model
    assert model is not None
    (item,) = model.items
    assert len(body) > EXCERPT_SOURCE_CHARS and item.body_head == body[:EXCERPT_SOURCE_CHARS]  # the model keeps the opening only
    assert summary.excerpt(item) == excerpt(body)
    assert summary.excerpt(item).startswith("一、总体要求 （一）加强协调配合") and summary.excerpt(item).endswith("……")
    assert summary.summary(item) == summary.excerpt(item)  # no 内容概述: lists show the excerpt


def test_the_views_compute_an_items_excerpt_once_and_forget_it_with_the_item(tmp_path: Path) -> None:
    summarised_md = item_md("正文", 内容概述="概述文字", 索引号=f"{CODE}/2024-00002")
    project = make_project(tmp_path, {"a.md": item_md("通知正文。" * 30), "b.md": summarised_md})
    model = loader.load(project, today=TODAY).model
    assert model is not None
    plain, summarised = sorted(model.items, key=lambda i: i.src_uri)
    assert summary.excerpt(plain) is summary.excerpt(plain)  # the same string: computed on first use, then remembered
    assert summary.summary(summarised) == "概述文字"
    gone = weakref.ref(plain)
    del model, plain, summarised
    gc.collect()
    assert gone() is None  # the memo does not keep a rebuild's old items alive
