"""Small real projects for the `gongkai check` / completeness / dashboard tests.

`mini_catalog` writes a catalog.yml with the four fixed 一级 columns and any number of leaf columns under
法定主动公开内容 (each with its own 更新周期 and 考核类别), so threshold boundaries (4 vs 5 blank columns,
9 vs 10 long-unupdated) can be built exactly. Items are real Markdown files made with `item_md`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

import yaml
from conftest import CODE, item_md, make_project

TODAY = dt.date(2026, 11, 24)
_serials = itertools.count(1)


@dataclass
class Leaf:
    name: str
    slug: str
    cycle: str = "6个月"
    inspection: str = "常规"
    manner: str = "主动公开"


def mini_catalog(leaves: list[Leaf], *, annual_report: bool = False) -> str:
    """catalog.yml text: the four 一级 columns; `leaves` under 法定主动公开内容; optionally a 年报 事项."""
    nianbao: dict[str, object] = {"名称": "政府信息公开年报", "路径": "nianbao", "类别": "年报"}
    if annual_report:
        nianbao["事项"] = {"内容": "上一年度年报", "更新周期": "每年3月31日前"}
    data = {
        "栏目": [
            {"名称": "政府信息公开指南", "路径": "zhinan", "类别": "指南"},
            {"名称": "政府信息公开制度", "路径": "zhidu", "类别": "条目"},
            {
                "名称": "法定主动公开内容",
                "路径": "fdzdgknr",
                "类别": "分组",
                "下级栏目": [
                    {
                        "名称": leaf.name,
                        "路径": leaf.slug,
                        "类别": "条目",
                        "考核类别": leaf.inspection,
                        "事项": {"内容": f"{leaf.name}的信息", "更新周期": leaf.cycle, "方式": leaf.manner},
                    }
                    for leaf in leaves
                ],
            },
            nianbao,
        ]
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def leaves(n: int, prefix: str = "栏目", slug: str = "c", **kw: str) -> list[Leaf]:
    return [Leaf(f"{prefix}{i:02d}", f"{slug}{i:02d}", **kw) for i in range(n)]


def dated_item(column: str, published: dt.date, body: str = "正文。\n", **fields: object) -> str:
    """An item in `column` published on `published`, with a fresh 索引号 of that year."""
    return item_md(body, 栏目=column, 索引号=f"{CODE}/{published.year}-{next(_serials):05d}", 发布日期=published.isoformat(), **fields)


def project(tmp_path: Path, columns: list[Leaf], items: dict[str, str] | None = None, *, annual_report: bool = False) -> Path:
    root = make_project(tmp_path / "proj", items or {})
    (root / "catalog_schema" / "catalog.yml").write_text(mini_catalog(columns, annual_report=annual_report), encoding="utf-8")
    holidays = root / "site_config" / "holidays.yml"
    if holidays.exists():
        holidays.unlink()  # working days from chinese-calendar only: tests do not depend on the sample's data
    return root


def fill(columns: list[Leaf], published: dt.date) -> dict[str, str]:
    """One item per column, all published on `published`."""
    return {f"{c.slug}/a.md": dated_item(c.name, published) for c in columns}
