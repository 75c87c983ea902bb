"""The closed vocabularies of the model as `StrEnum`s: each member equals its plain string (and prints as it).

Finding severities, the 类别 of a column (`catalog_schema/catalog.yml`), the 公开属性 of an item and the
有效性 states of a 规章 or 行政规范性文件 (DOMAIN §2.4; `catalog_schema/item.schema.json`).
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class ColumnKind(StrEnum):
    """栏目类别: what a column holds (`类别` in catalog.yml)."""

    GUIDE = "指南"
    RULES = "制度"
    ITEMS = "条目"
    GROUP = "分组"
    REPORTS = "年报"
    INTERPRETATIONS = "解读"


class Disclosure(StrEnum):
    """公开属性 of an item; only 主动公开 and 部分公开 items are published."""

    ACTIVE = "主动公开"
    PARTIAL = "部分公开"
    ON_REQUEST = "依申请公开"
    WITHHELD = "不予公开"


class ValidityState(StrEnum):
    """有效性 of a 规章 or 行政规范性文件 (DOMAIN §2.4)."""

    VALID = "有效"
    AMENDED = "已修改"
    EXPIRED = "已失效"
    REPEALED = "已废止"
    PENDING = "尚未生效"


ENDED_STATES = (ValidityState.AMENDED, ValidityState.EXPIRED, ValidityState.REPEALED)
"""States that end a document's validity from their 日期."""
