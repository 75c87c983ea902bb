"""Reading one YAML data file (site_config/*.yml, catalog_schema/*.yml, 年报数据, holidays.yml) with exact lines.

Owns `read_data_file` (and `read_shared_data_file`, the same parsed once per content for files every body
of a platform reads): bytes → text (UTF-8 with or without BOM; GBK named with its fix) → YAML composed
once with PyYAML's C loader → the values plus the 1-based line of every key path ("栏目/0/名称"), taken
from the YAML node positions, and keys written twice in one map. Every problem (unreadable, encoding,
syntax) becomes `DataFile.error`, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import yaml_errors
from .frontmatter import TextDateLoader, decode, record_lines


@dataclass(slots=True)
class DataFile:
    """A YAML data file: values, root node, key lines, or the reason it could not be read."""

    data: Any = None
    node: yaml.Node | None = None
    lines: dict[str, int] = field(default_factory=dict)  # key path ("栏目/0/名称") -> 1-based line
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)
    error: tuple[str, int, str, str] | None = None  # (rule, line, message, expected)

    def line(self, path: str, default: int = 1) -> int:
        """The line of key path `path`, or of the nearest enclosing path that has one; `default` when none."""
        return line_of(self.lines, path, default)


def line_of(lines: Mapping[str, int], path: str, default: int = 1) -> int:
    """The line of key path `path` ("公开工作机构/传真号码") in `lines`, or of the nearest enclosing path; `default` when none."""
    parts = path.split("/") if path else []
    while parts:
        found = lines.get("/".join(parts))
        if found is not None:
            return found
        parts.pop()
    return default


def key_lines(path: Path) -> dict[str, int]:
    """Only the key lines of a data file (empty when it cannot be read): for findings about data read elsewhere."""
    return read_data_file(path).lines


def read_data_file(path: Path, *, dates_as_text: bool = True) -> DataFile:
    """Read a UTF-8 YAML data file; every problem (unreadable, encoding, syntax) becomes `error`, never an exception.

    With `dates_as_text` (the item loader's rule) YAML timestamps stay strings, to be checked with their line;
    otherwise they become `datetime.date` as with `yaml.CSafeLoader`.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return DataFile(error=("file-unreadable", 1, f"无法读取文件：{exc.strerror}", ""))
    return _parse(raw, dates_as_text)


_SHARED: dict[tuple[str, bool], tuple[bytes, DataFile]] = {}
"""path and option -> the bytes last parsed and their DataFile (`read_shared_data_file`)."""
_SHARED_FILES = 8


def read_shared_data_file(path: Path, *, dates_as_text: bool = True) -> DataFile:
    """`read_data_file` for a file that every body of a platform reads in one build (catalog.yml): the bytes are
    read every time (an edit is never missed) but parsed once per content; the callers share the result and must
    not modify it."""
    try:
        raw = path.read_bytes()
    except OSError:
        return read_data_file(path, dates_as_text=dates_as_text)
    key = (str(path), dates_as_text)
    hit = _SHARED.get(key)
    if hit is not None and hit[0] == raw:
        return hit[1]
    if len(_SHARED) >= _SHARED_FILES:
        _SHARED.clear()
    out = _SHARED[key] = (raw, _parse(raw, dates_as_text))
    return out[1]


def _parse(raw: bytes, dates_as_text: bool) -> DataFile:
    text, err = decode(raw)
    if text is None:
        return DataFile(error=err)
    loader = TextDateLoader(text) if dates_as_text else yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        return DataFile(error=("yaml-syntax", *yaml_errors.explain(text, exc)))
    finally:
        loader.dispose()
    out = DataFile(data=data, node=node)
    if node is not None:
        record_lines(node, out.lines, out.duplicate_keys, first_line=1)
    return out
