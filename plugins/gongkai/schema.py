"""JSON Schema validation (draft 2020-12) with findings in plain Chinese.

The schemas live in `catalog_schema/` as data, read by `source.jsonfile` (once per path). This module only
turns `jsonschema` errors into findings that name the field, its line and what the value should look like.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .model import Finding, readable_field
from .source import jsonfile

_TYPE_CN = {
    "string": "文字",
    "array": "列表（每行以“- ”开头）",
    "object": "一组“字段: 值”",
    "boolean": "true 或 false",
    "integer": "整数",
    "number": "数字",
}


@lru_cache(maxsize=16)
def validator(schema_path: str) -> Draft202012Validator:
    schema = jsonfile.schema(schema_path)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _field_path(error: ValidationError) -> str:
    return "/".join(str(p) for p in error.absolute_path)


def human_path(field: str) -> str:
    """A key path as staff read it in a message, positions counted from 1: `附件/0/文件` → 第1个附件的「文件」."""
    if not field:
        return "元数据"
    shown = readable_field(field)
    return shown if "「" in shown else f"「{field.replace('/', ' → ')}」"


_READ_AS = {bool: "是非值（true/false、是/否）", int: "数字", float: "数字"}


def _read_as(value: Any) -> str:
    """What YAML turned an unquoted value into, in words ("" for text, lists and maps)."""
    if isinstance(value, bool | int | float):
        return _READ_AS[type(value)]
    return "日期" if hasattr(value, "isoformat") else ""


def _describe(error: ValidationError) -> tuple[str, str, str]:
    """Return (field, message, expected) for one jsonschema error."""
    field = _field_path(error)
    shown = human_path(field)
    v = error.validator
    # the stubs allow jsonschema's "unset" marker and boolean schemas; an error of a failed keyword has neither
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    instance: Any = error.instance
    value: Any = error.validator_value
    if v == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else ""
        full = f"{field}/{missing}" if field else missing
        return full, f"缺少必填字段{human_path(full)}", _hint(schema, missing)
    if v == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in instance if k not in schema.get("properties", {})]
        key = extras[0] if extras else ""
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.3)
        hint = f"是否应为「{close[0]}」？" if close else ""
        full = f"{field}/{key}" if field else key
        return full, f"未知字段「{key}」{hint}", "可用字段：" + "、".join(allowed)
    if v == "enum":
        near = difflib.get_close_matches(str(instance), [str(x) for x in value], n=2, cutoff=0.3)
        hint = f"是不是：{'、'.join(near)}？" if near else ""
        return field, f"{shown}的值「{instance}」不在可选范围内", hint + "可选：" + "、".join(map(str, value))
    if v == "const":
        return field, f"{shown}的值应为「{value}」", str(value)
    if v == "type":
        want = value
        wants = [want] if isinstance(want, str) else list(want)
        read_as = _read_as(instance)
        if "string" in wants and read_as:
            key = field.rsplit("/", 1)[-1] if field else "字段"
            message = f"{shown}的值没有加引号，被 YAML 读成了{read_as}，但它应是文字"
            return field, message, f'加引号：把值原样写在英文双引号里，如 {key}: "……"'
        kinds = [_TYPE_CN.get(w, w) for w in wants]
        return field, f"{shown}的写法不对（应为{'或'.join(kinds)}）", "、".join(kinds)
    if v == "pattern":
        desc = schema.get("description", "")
        return field, f"{shown}的值「{instance}」格式不对", desc or "按说明填写"
    if v == "minLength":
        return field, f"{shown}不能为空或过短", f"至少 {value} 个字"
    if v == "maxLength":
        return field, f"{shown}过长（{len(instance)} 字）", f"不超过 {value} 个字"
    if v == "minItems":
        return field, f"{shown}至少要有 {value} 项", ""
    if v == "oneOf":
        return field, f"{shown}的写法不对", schema.get("description", "") or "文字，或以“- ”开头的列表"
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = {"minimum": "不小于", "maximum": "不大于", "exclusiveMinimum": "大于", "exclusiveMaximum": "小于"}[str(v)]
        return field, f"{shown}的值「{instance}」超出范围", f"{word} {value}"
    if v == "uniqueItems":
        return field, f"{shown}中有重复的项", "每项只写一次"
    return field, f"{shown}不符合要求", str(schema.get("description", ""))


def _hint(schema: Mapping[str, Any], key: str) -> str:
    prop = schema.get("properties", {}).get(key, {})
    return str(prop.get("description", ""))


# Keywords whose meaning is identical in draft-07 (what fastjsonschema compiles) and draft 2020-12.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "deprecated", "$defs", "definitions"})
_SAME_IN_BOTH = _ANNOTATIONS | {
    "type", "enum", "const", "properties", "patternProperties", "required", "additionalProperties", "items", "minItems",
    "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref",
}  # fmt: skip


def _same_in_both(node: Any) -> bool:
    """True when the schema uses only `_SAME_IN_BOTH` keywords, `items` as one schema and `$ref` without siblings."""
    if isinstance(node, bool):
        return True
    if not isinstance(node, dict) or not set(node) <= _SAME_IN_BOTH or isinstance(node.get("items"), list):
        return False
    if "$ref" in node and set(node) - _ANNOTATIONS - {"$ref"}:
        return False  # 2020-12 applies a $ref's siblings, draft-07 ignores them
    for key in ("properties", "patternProperties", "$defs", "definitions"):
        if not all(_same_in_both(sub) for sub in node.get(key, {}).values()):
            return False
    for key in ("items", "additionalProperties", "not", "if", "then", "else"):
        if key in node and not _same_in_both(node[key]):
            return False
    return all(_same_in_both(sub) for key in ("allOf", "anyOf", "oneOf") for sub in node.get(key, ()))


@lru_cache(maxsize=16)
def fast_check(schema_path: str) -> Callable[[Any], bool] | None:
    """A compiled yes/no pre-check (fastjsonschema), or None when the schema's keywords could differ in meaning.

    Valid data (nearly every file) skips the slow error walk; anything the pre-check rejects, or any
    surprise inside it, is validated again by `jsonschema`, which alone writes the messages.
    """
    schema = jsonfile.schema(schema_path)
    if not _same_in_both(schema):
        return None
    try:
        compiled = fastjsonschema.compile(schema, use_default=False, use_formats=False)
    except Exception:  # an uncompilable schema simply has no fast path
        return None

    def ok(data: Any) -> bool:
        try:
            compiled(data)
        except Exception:  # JsonSchemaValueException or anything unexpected: take the full path
            return False
        return True

    return ok


def validate(data: Any, schema_path: Path, file: str, lines: dict[str, int]) -> list[Finding]:
    """Validate `data`; each error becomes a finding at the line of the offending field."""
    fast = fast_check(str(schema_path))
    if fast is not None and fast(data):
        return []
    findings = []
    errors = sorted(validator(str(schema_path)).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        field, message, expected = _describe(error)
        line = _nearest_line(field, lines)
        findings.append(Finding(file, line, "schema", "error", message, field=field, expected=expected))
    return findings


def document(schema_path: Path) -> Mapping[str, Any]:
    """The schema itself (a JSON object; {} for the boolean schemas, which we do not write)."""
    schema = validator(str(schema_path)).schema
    return schema if isinstance(schema, Mapping) else {}


def required_keys(schema_path: Path) -> list[str]:
    """The top-level `required` keys of a schema."""
    return list(document(schema_path).get("required", []))


def nearest_line(field: str, lines: dict[str, int]) -> int:
    """The line of `field` (`a/b/0`), or of the nearest enclosing field that has one; 1 when none."""
    return _nearest_line(field, lines)


def _nearest_line(field: str, lines: dict[str, int]) -> int:
    parts = field.split("/") if field else []
    while parts:
        key = "/".join(parts)
        if key in lines:
            return lines[key]
        if parts[-1] in lines:
            return lines[parts[-1]]
        parts.pop()
    return 1
