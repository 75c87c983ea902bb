"""Placeholders are never published: what `gongkai new` and `gongkai import` write for staff to replace.

Owns the marker `MARK` (【待填写】) that every placeholder value and body line written by
`gongkai.authoring` / `gongkai.importer` carries, and finding it again: in any front-matter value (at
any depth, with the field's line) and in the body (with the body line). Bodies written by earlier
versions without the marker (`在此填写正文。`, `（正文待补充：…）`) are recognised too. Each hit is an
error naming the file, line and field and saying what to do; the item is never built into a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MARK = "【待填写】"
"""The fixed marker text of every placeholder (full-width brackets: never part of real content)."""
_LEGACY_BODIES = ("在此填写正文。",)
_LEGACY_BODY_PREFIXES = ("（正文待补充：",)


def in_meta(meta: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field path such as `主题词/0` or `有效性/说明`, the value) of each front-matter value holding `MARK`."""
    stack: list[tuple[str, Any]] = [(str(k), v) for k, v in meta.items()]
    while stack:
        path, value = stack.pop(0)
        if isinstance(value, str):
            if MARK in value:
                yield path, value
        elif isinstance(value, dict):
            stack.extend((f"{path}/{k}", v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{path}/{n}", v) for n, v in enumerate(value))


def in_body(body: str) -> Iterator[int]:
    """Offsets in `body` of each placeholder: every `MARK`, or a legacy placeholder body."""
    start = 0
    while (at := body.find(MARK, start)) >= 0:
        yield at
        start = at + len(MARK)
    stripped = body.strip()
    if MARK not in body and (stripped in _LEGACY_BODIES or stripped.startswith(_LEGACY_BODY_PREFIXES)):
        yield len(body) - len(body.lstrip())


def meta_message(field: str, value: str) -> tuple[str, str]:
    """(message, expected) for a placeholder left in a front-matter field."""
    shown = value if len(value) <= 40 else value[:40] + "……"
    return (
        f"字段「{field}」还是占位内容「{shown}」，信息不能这样发布",
        f"把「{MARK}」和示例文字换成真实内容；不需要这个字段就删除这一行，或在行首加 #",
    )


BODY_MESSAGE = "正文还是占位内容，信息不能这样发布"
BODY_FIX = f"写入正文（或在“附件”中列出文件），并删除含「{MARK}」的文字"
