"""Open data: the whole directory as `catalog.json` and `catalog.csv`, with the export's JSON Schema beside them.

It owns the export format (one record per published item, Chinese keys matching the info card) and writes the
files; it knows nothing of MkDocs. Only published items (主动公开 / 部分公开) are exported, superseded
documents included with their 有效性, so the data answers "what did this body publish" (条例第二十四条：检索、查阅、下载).
The CSV is UTF-8 with a BOM so Excel opens it without mojibake; cells that Excel would run as a formula are
prefixed with an apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..model import Body, Item
from .summary import summary

SCHEMA_SOURCE = Path(__file__).parent.parent / "assets" / "catalog-export.schema.json"
OUT_DIR = "opendata/"
JSON_NAME = "catalog.json"
CSV_NAME = "catalog.csv"
SCHEMA_NAME = "catalog.schema.json"

CSV_COLUMNS = (
    "索引号",
    "标题",
    "栏目",
    "发文机关",
    "发文字号",
    "成文日期",
    "形成日期",
    "发布日期",
    "首次发布日期",
    "最后更新日期",
    "主题分类",
    "主题词",
    "内容概述",
    "公开属性",
    "有效性",
    "有效性日期",
    "施行日期",
    "替代文件",
    "有效性说明",
    "解读对象",
    "解读形式",
    "网址",
)
LIST_SEPARATOR = "；"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_VALIDITY_CELLS = {"有效性": "状态", "有效性日期": "日期", "施行日期": "施行日期", "替代文件": "替代文件", "有效性说明": "说明"}
"""The CSV columns taken from a record's 有效性 object (CSV column -> its key there)."""
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""One encoder for every record (`json.dumps` with these options builds a new one per call); same output."""


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def record(item: Item, site_url: str, history: Any = None) -> dict[str, Any]:
    """One item as exported (the shape `catalog.schema.json` describes).

    `history` is the item's 更新记录 from `gongkai.provenance` when known (`first_published`, `last_updated`).
    """
    v = item.validity
    first = getattr(history, "first_published", None) or item.published
    last = max(getattr(history, "last_updated", None) or item.published, item.published)
    return {
        "索引号": item.index_no,
        "标题": item.title,
        "栏目": item.column.name,
        "栏目路径": [c.name for c in (*item.column.ancestors, item.column)],
        "发文机关": list(item.issuers),
        "发文字号": item.doc_no,
        "成文日期": _iso(item.written),
        "形成日期": _iso(item.formed),
        "发布日期": item.published.isoformat(),
        "首次发布日期": first.isoformat(),
        "最后更新日期": last.isoformat(),
        "主题分类": item.topic,
        "主题词": list(item.keywords),
        "内容概述": summary(item),
        "公开属性": item.disclosure,
        "有效性": None
        if v is None
        else {"状态": v.state, "日期": _iso(v.date), "施行日期": _iso(v.effective), "替代文件": v.successor, "说明": v.explanation},
        "解读对象": list(item.interprets),
        "解读形式": item.interpretation_form,
        "附件": [{"名称": a.name, "网址": site_url + quote(a.src_uri), "格式": a.kind, "字节数": a.size} for a in item.attachments],
        "网址": site_url + item.url,
    }


def header(count: int, body: Body, site_url: str, today: dt.date, prefix: str = "") -> dict[str, Any]:
    """The export's top-level fields; the records follow under "信息".

    `prefix`: a platform body's URL prefix (`<id>/`): its 网站 is its own 专栏 and the schema sits beside its export."""
    return {
        "$schema": site_url + prefix + OUT_DIR + SCHEMA_NAME,
        "机关名称": body.name,
        "统一社会信用代码": body.code,
        "网站": site_url + prefix,
        "导出日期": today.isoformat(),
        "条目数": count,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(r: dict[str, Any]) -> list[str]:
    """The record's CSV cells: its fields, the 有效性 object's spread over five columns."""
    v = r["有效性"] or {}
    return [_cell(v.get(_VALIDITY_CELLS[k]) if k in _VALIDITY_CELLS else r[k]) for k in CSV_COLUMNS]


def write_opendata(
    site_dir: Path,
    items: Sequence[Item],
    body: Body,
    site_url: str,
    today: dt.date,
    history: Mapping[str, Any] | None = None,
    prefix: str = "",
) -> list[str]:
    """Write catalog.json, catalog.csv and catalog.schema.json under `<prefix>opendata/`; returns their paths.

    One pass, one record in memory at a time: at 20,000 items the JSON alone is about 12 MB.
    """
    out = site_dir / prefix / OUT_DIR
    out.mkdir(parents=True, exist_ok=True)
    head = _JSON.encode(header(len(items), body, site_url, today, prefix))
    with (
        open(out / JSON_NAME, "w", encoding="utf-8") as jf,
        open(out / CSV_NAME, "w", encoding="utf-8-sig", newline="") as cf,
    ):
        writer = csv.writer(cf)
        writer.writerow(CSV_COLUMNS)
        jf.write(head[:-1] + ',"信息":[')
        for n, item in enumerate(items):
            r = record(item, site_url, history.get(item.src_uri) if history else None)
            jf.write(("," if n else "") + _JSON.encode(r))
            writer.writerow(csv_row(r))
        jf.write("]}")
    (out / SCHEMA_NAME).write_bytes(SCHEMA_SOURCE.read_bytes())
    return [prefix + OUT_DIR + n for n in (JSON_NAME, CSV_NAME, SCHEMA_NAME)]
