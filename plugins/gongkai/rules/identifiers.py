"""索引号 year part vs 发布日期: a warning in `gongkai check` only (real sites keep old numbers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..checks.identifiers import check_index_no, serial_pattern
from ..model import Finding, Model


def index_year(model: Model, today: dt.date) -> Iterator[Finding]:
    """索引号 year part vs the 发布日期 year, once per item (O(N)); a warning, since real sites keep old numbers."""
    pattern = serial_pattern(model.body.serial_format)
    for item in model.items:
        prefix, _, serial = item.index_no.partition("/")
        m = pattern.match(serial)
        if prefix != model.body.prefix or m is None or int(m.group("year")) == item.published.year:
            continue
        for rule, message, expected, severity in check_index_no(item.index_no, prefix, model.body.serial_format, item.published.year):
            if rule == "index-year":
                yield Finding(item.file, item.line_of("索引号"), rule, severity, message, field="索引号", expected=expected)
