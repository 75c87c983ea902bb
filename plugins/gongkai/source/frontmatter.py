"""Reading one item file: bytes → text (encoding checks) → front matter (YAML with line numbers) + body.

Uses PyYAML's C loader. YAML timestamps are kept as strings so that an impossible date such as
2024-02-30 becomes a clear finding in `checks.dates` instead of a parser exception.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.meta import get_data

from . import yaml_errors

MAX_ITEM_BYTES = 2 * 1024 * 1024  # an item's Markdown beyond 2 MiB is almost surely a pasted export


class TextDateLoader(yaml.CSafeLoader):
    """CSafeLoader that leaves dates as text (validated later, with the field's line)."""


def _timestamp_as_text(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


TextDateLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)

_SCALAR_TAG: str = TextDateLoader.DEFAULT_SCALAR_TAG
_Resolvers = tuple[tuple[str, re.Pattern[str]], ...]
_WILDCARD: _Resolvers = tuple(TextDateLoader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT: dict[str, _Resolvers] = {
    first: tuple(found) + _WILDCARD for first, found in TextDateLoader.yaml_implicit_resolvers.items() if first is not None
}


def _resolve(self: TextDateLoader, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """`BaseResolver.resolve` for a loader without path resolvers, with the lookups done once at import.

    The C composer calls it for every node (some 25 per item file); the answers are the same.
    """
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):  # value[:1] is "" for "", as in resolve()
                if regexp.match(value):
                    return tag
        return _SCALAR_TAG
    # PyYAML's stubs leave BaseResolver.resolve unannotated (untyped call, Any result)
    return yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)  # type: ignore[no-untyped-call,no-any-return]


if not TextDateLoader.yaml_path_resolvers:
    # replace the loader's resolver method by the faster one above; the stubs type it as BaseResolver's own
    TextDateLoader.resolve = _resolve  # type: ignore[method-assign,assignment]


@dataclass(slots=True)
class Parsed:
    """A parsed item file, or the reason it could not be parsed."""

    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key path ("附件/0/文件") -> 1-based file line
    body: str = ""
    body_line: int = 1
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)  # YAML keeps only the last one
    error: tuple[str, int, str, str] | None = None  # (rule, line, message, expected)


def read(path: Path | str) -> Parsed:
    """Read and parse one item file; an unreadable file is `Parsed.error` ("file-unreadable"), never an exception."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_ITEM_BYTES + 1)  # parse() reports anything longer as too large
    except OSError as exc:
        return Parsed(error=("file-unreadable", 1, f"无法读取文件：{exc.strerror}", ""))
    return parse(data)


# A `索引号: …` line as staff write it: ASCII or full-width colon, optionally quoted, optionally indented or
# prefixed by one diff mark. The one pattern for every quick look at written 索引号 (loader, authoring).
_INDEX_LINE = re.compile(r"^[-+ ]?\s*索引号\s*[:：]\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def index_numbers(text: str) -> list[str]:
    """Every 索引号 written on a `索引号: …` line of `text` (a file's head or front matter), without parsing YAML."""
    return _INDEX_LINE.findall(text)


def head(path: Path | str, size: int = 8192) -> str | None:
    """The first `size` characters of a text file (BOM dropped, undecodable bytes replaced); None when unreadable.

    For a quick look at what a file declares (its 索引号) without parsing it, e.g. in files that fail to load.
    """
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            return fh.read(size)
    except OSError:
        return None


def read_page(path: Path | str) -> tuple[str, int] | None:
    """A Markdown page that is not an item (index.md, pages/…): (the body MkDocs renders, its first file line).

    The meta-data is split off by MkDocs' own rule (`mkdocs.utils.meta.get_data`: a `---`/`...` YAML block that
    is a mapping, or MultiMarkdown `key: value` lines), so `gongkai check` gates exactly what the build renders.
    None when the file cannot be read as UTF-8 (the build reports that itself).
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    body, _meta = get_data(text)
    return body, text.count("\n", 0, len(text) - len(body)) + 1


def decode(data: bytes) -> tuple[str | None, tuple[str, int, str, str] | None]:
    """Decode UTF-8 (with or without BOM); name GBK/GB18030 files and say how to convert them."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            return None, (
                "encoding",
                line,
                "文件不是 UTF-8 编码，无法读取",
                "用文本编辑器“另存为”并选择 UTF-8 编码",
            )
        return None, (
            "encoding",
            line,
            "文件是 GBK（GB18030）编码，本系统只接受 UTF-8",
            "用记事本或 WPS“另存为”并选择 UTF-8 编码，或运行 iconv -f GB18030 -t UTF-8",
        )


OPENING = "---\n"


def split(text: str) -> tuple[str, str, int] | None:
    """The one front-matter splitter: (YAML text, body, body's first file line), or None without front matter.

    `text` may start with a BOM and use CRLF line ends (both are read as if absent). Front matter opens with
    a `---` line and ends at the first line that is `---` alone or followed by a space or tab. The build, the
    check, the 更新记录 history and `gongkai new` all split files here, so they agree on every file.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.startswith(OPENING):
        return None
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("", "\n", " ", "\t"):
        end = text.find("\n---", end + 4)
    if end == -1:
        return None
    yaml_text = text[4 : end + 1]
    nl = text.find("\n", end + 1)
    body = "" if nl == -1 else text[nl + 1 :]
    return yaml_text, body, yaml_text.count("\n") + 3


def parse(data: bytes) -> Parsed:
    """Split front matter from body and load the YAML, recording each key's line."""
    if len(data) > MAX_ITEM_BYTES:
        return Parsed(
            error=(
                "file-too-large",
                1,
                f"文件过大（{len(data) // 1024} KB），超过 {MAX_ITEM_BYTES // 1024 // 1024} MB 上限",
                "正文只放文字，大的表格或扫描件作为附件上传",
            )
        )
    text, err = decode(data)
    if text is None:
        return Parsed(error=err)
    if "\x00" in text:
        return Parsed(error=("encoding", 1, "文件含有二进制内容（NUL 字符），不是文本文件", "只提交 .md 文本文件"))
    text = text.replace("\r\n", "\n")
    if not text.startswith(OPENING):
        return Parsed(
            text=text,
            error=(
                "front-matter-missing",
                1,
                "文件开头缺少以 --- 包围的元数据区",
                "第一行写 ---，随后是 标题、索引号 等字段，再以 --- 结束",
            ),
        )
    parts = split(text)
    if parts is None:
        return Parsed(
            text=text,
            error=("front-matter-missing", 1, "元数据区没有结束行 ---", "在最后一个字段之后单独写一行 ---"),
        )
    yaml_text, body, body_line = parts
    loader = TextDateLoader(yaml_text)
    try:
        node = loader.get_single_node()
        meta = _construct(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        line, message, expected = yaml_errors.explain(yaml_text, exc, first_line=2)
        return Parsed(text=text, error=("yaml-syntax", line, message.replace("YAML 格式错误", "元数据（YAML）格式错误"), expected))
    except yaml.YAMLError:  # pragma: no cover - non-marked errors are rare in the C loader
        return Parsed(text=text, error=("yaml-syntax", 1, "元数据（YAML）格式错误，无法读取", "每行写成“字段: 值”"))
    finally:
        loader.dispose()
    if node is None or not isinstance(meta, dict):
        return Parsed(
            text=text,
            error=("yaml-syntax", 2, "元数据区应是“字段: 值”的列表", "每行写成“字段: 值”，例如 标题: 关于……的通知"),
        )
    parsed = Parsed(text=text, meta=meta, body=body, body_line=body_line)
    record_lines(node, parsed.lines, parsed.duplicate_keys, first_line=2)
    return parsed


def load_meta(yaml_text: str) -> dict[str, Any] | None:
    """Front-matter YAML text (from `split`) as a mapping, read as `parse` reads it; None when it is not one."""
    loader = TextDateLoader(yaml_text)
    try:
        node = loader.get_single_node()
        meta = _construct(loader, node) if node is not None else None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return meta if isinstance(meta, dict) else None


_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SPECIAL_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
_MAX_DEPTH = 32


class _Unusual(Exception):
    """The document needs PyYAML's full constructor (merge keys, recursive aliases, unhashable keys, own tags)."""


def _construct(loader: TextDateLoader, node: yaml.Node) -> Any:
    """Build the front matter from the node tree; the same result as `loader.construct_document(node)`.

    Front matter is plain maps, lists and strings; building those directly is about 3x faster than PyYAML's
    generic constructor (measured in bench/check.py). Scalars with other tags (int, bool, null, …) still go
    through the loader's constructors, and anything unusual falls back to `construct_document` itself.
    """
    try:
        return _build(loader, node, 0)
    except _Unusual:
        return loader.construct_document(node)


def _build(loader: TextDateLoader, node: yaml.Node, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        raise _Unusual
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR or node.tag == _TIMESTAMP:
            return node.value  # what construct_yaml_str and _timestamp_as_text return
        return loader.construct_object(node, deep=True)
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag in _SPECIAL_KEYS:
                raise _Unusual
            key = _build(loader, key_node, depth + 1)
            try:
                hash(key)
            except TypeError:
                raise _Unusual from None
            out[key] = _build(loader, value_node, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_build(loader, child, depth + 1) for child in node.value]
    raise _Unusual


def record_lines(node: yaml.Node, out: dict[str, int], dups: list[tuple[str, int]], *, first_line: int, prefix: str = "") -> None:
    """Record the file line of every key path under `node` ("附件/0/文件"), and keys that appear twice in one map.

    `first_line` is the file line of the YAML text's first line (2 in front matter, after the `---` line).
    """
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = sys.intern(f"{prefix}{key_node.value}")  # one object per key path across all files (the model keeps them)
            line = key_node.start_mark.line + first_line
            if key in out:
                dups.append((key, line))
            out[key] = line
            record_lines(value_node, out, dups, first_line=first_line, prefix=key + "/")
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            key = sys.intern(f"{prefix}{i}")
            out[key] = child.start_mark.line + first_line
            record_lines(child, out, dups, first_line=first_line, prefix=key + "/")
