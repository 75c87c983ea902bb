"""The column tree (栏目) of a body's 专栏: `Column`, its `Matter` (主动公开事项) and `UpdateCycle`, and `Catalog`.

Built once per body by `gongkai.catalog` from `catalog_schema/catalog.yml` (filtered by the body's 行政层级
and 停用栏目) and not changed afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .enums import ColumnKind

_ITEM_KINDS = (ColumnKind.ITEMS, ColumnKind.INTERPRETATIONS, ColumnKind.REPORTS)


@dataclass(frozen=True, slots=True)
class Matter:
    """A 主动公开 事项 with the eight standard elements (长安区 seed) and our update cycle."""

    name: str
    content: str
    basis: str
    time_limit: str
    subject: str
    manner: str
    channels: tuple[str, ...]
    audience: str
    cycle: UpdateCycle


@dataclass(frozen=True, slots=True)
class UpdateCycle:
    """How often a 事项 is expected to get a new item.

    `kind` is "period" (fresh when the newest item is within `text`, "2周", "6个月", counted on the calendar by
    `gongkai.periods`), "annual" (a new item each year by month/day of the following year), or "on_demand"
    (presence only).
    """

    text: str
    kind: Literal["period", "annual", "on_demand"]
    month: int = 0
    day: int = 0


@dataclass(frozen=True, eq=False, slots=True)
class Column:
    """A column (栏目) of the 专栏 tree, from `catalog_schema/catalog.yml`.

    Frozen: `gongkai.catalog.load_catalog` links a column to its `children` once, while it builds the tree
    (`link_children`), before the catalog is returned; nothing changes a column afterwards.
    """

    name: str
    slug: str
    kind: str  # a ColumnKind: 指南 / 制度 / 条目 / 分组 / 年报 / 解读
    basis: str
    matter: Matter | None
    parent: Column | None = None
    children: tuple[Column, ...] = ()
    lifecycle: bool = False
    needs_interpretation: bool = False
    inspection: str = "常规"  # 19号 category: 动态 / 政策 / 常规
    levels: tuple[str, ...] = ()
    prefix: str = ""  # the body's URL prefix on a platform ("" for the 本级政府, "<id>/" for the others)

    @property
    def accepts_items(self) -> bool:
        return not self.children and self.kind in _ITEM_KINDS

    @property
    def url(self) -> str:
        return f"{self.prefix}{self.slug}/"

    @property
    def ancestors(self) -> list[Column]:
        chain: list[Column] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def walk(self) -> list[Column]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def __repr__(self) -> str:
        return f"Column({self.name!r}, slug={self.slug!r})"


def link_children(column: Column, children: tuple[Column, ...]) -> None:
    """Give a column its children: the tree builder's one step after the children exist (each names its parent)."""
    object.__setattr__(column, "children", children)


@dataclass(frozen=True, slots=True)
class Catalog:
    """The standard catalog: the four 一级 columns and everything under them."""

    roots: tuple[Column, ...]
    by_name: Mapping[str, Column]
    by_slug: Mapping[str, Column]
    source: str
    disabled_candidates: tuple[str, ...] = ()  # sub-column names body.yml's 停用栏目 may name

    @property
    def columns(self) -> list[Column]:
        out: list[Column] = []
        for root in self.roots:
            out.extend(root.walk())
        return out

    @property
    def item_columns(self) -> list[Column]:
        return [c for c in self.columns if c.accepts_items]
