"""Reading one JSON project file: the JSON Schemas of catalog_schema/ and the GeoJSON of site_config/.

Owns `read_json` (bytes → UTF-8 text → values; every problem becomes a `JsonFileError` whose message names the
file, the line and the fix, in Chinese) and `schema` (a schema file read once and kept per path while the file
is unchanged, so a build that validates thousands of items reads each schema once).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any


class JsonFileError(ValueError):
    """A JSON file that cannot be read: the 1-based `line`, the `reason` and the `fix`, in Chinese."""

    def __init__(self, path: Path | str, line: int, reason: str, fix: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The whole message: the file, the line, what is wrong and the fix."""
        return f"{self.path}：{self.reason}（{self.fix}）"


def read_json(path: Path | str) -> Any:
    """The values of a UTF-8 JSON file; `JsonFileError` (file, line, what to fix) when it cannot be read."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise JsonFileError(path, 1, f"无法读取：{exc.strerror or exc}", "检查文件是否存在、能否打开") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise JsonFileError(path, line, f"第 {line} 行不是 UTF-8 编码", "用 UTF-8 编码另存该文件") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonFileError(
            path, exc.lineno, f"第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（{exc.msg}）", "检查该处的引号、逗号和括号是否成对"
        ) from None


def schema(path: Path | str) -> Any:
    """A JSON Schema file's values, read once per path and file version (callers must not change them)."""
    key = str(path)
    try:
        version = Path(key).stat().st_mtime_ns
    except OSError:
        version = -1
    return _schema(key, version)


@lru_cache(maxsize=32)
def _schema(path: str, version: int) -> Any:
    return read_json(path)
